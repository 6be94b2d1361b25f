"""Reviews shown on a page: quoted text, author, "rated N out of 5" and a date."""
from __future__ import annotations

import copy
import re
from datetime import datetime

from crawler.extract.page import REVIEW_XPATH, Page, clean, element_lines

_RATING = re.compile(r"\b([1-5](?:\.\d)?)\s*(?:out of|/|of)\s*5\b|\b([1-5])\s*stars?\b",
                     re.IGNORECASE)
_LONG_DATE = re.compile(r"\b([A-Z][a-z]+ \d{1,2}, \d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
# Where the author's name ends in a byline like "— Maria T., rated 5 out of 5, June 3, 2024".
_BYLINE_END = re.compile(r",|\s[—–-]\s|\brated\b|\d|★")
_QUOTES = "\"'“”‘’ "


def iso_date(text: str | None) -> str | None:
    """YYYY-MM-DD for an ISO or "March 3, 2024" date in the text, else None."""
    if not text:
        return None
    for pattern, layout in ((_ISO_DATE, "%Y-%m-%d"), (_LONG_DATE, "%B %d, %Y")):
        if match := pattern.search(text):
            try:
                return datetime.strptime(match.group(1), layout).date().isoformat()
            except ValueError:
                continue
    return None


def rating_of(text: str) -> int | None:
    match = _RATING.search(text)
    if not match:
        return None
    return max(1, min(5, round(float(match.group(1) or match.group(2)))))


def _review(node) -> dict | None:
    lines = element_lines(copy.deepcopy(node))
    footer = node.xpath(".//footer | .//cite")
    byline = clean(footer[0].text_content()) if footer else (lines[-1] if lines else "")
    rating = rating_of(byline) or rating_of(" ".join(lines))
    body = [line for line in lines if line != byline]
    if rating is None or not body:
        return None
    author = clean(_BYLINE_END.split(byline.lstrip("—–-~ "), maxsplit=1)[0])
    return {"author": author or None, "rating": rating,
            "text": " ".join(body).strip(_QUOTES), "published": iso_date(byline),
            "source_url": None}


def reviews_on_page(page: Page) -> list[dict]:
    """Visible reviews that carry a rating; nested review elements are read once."""
    if page.root is None:
        return []
    found, seen = [], set()
    for node in page.root.xpath(REVIEW_XPATH):
        if any(ancestor in seen for ancestor in node.iterancestors()):
            continue
        seen.add(node)
        if review := _review(node):
            found.append(review)
    return found


def summary(reviews: list[dict]) -> tuple[float | None, int]:
    """(mean rating to one decimal, count) of the reviews themselves."""
    if not reviews:
        return None, 0
    return round(sum(r["rating"] for r in reviews) / len(reviews), 1), len(reviews)
