"""Reviews shown on a page as plain HTML, and the page's own stated average rating.

A review is an element marked as one (a blockquote, a class naming a review or testimonial, a
schema.org Review) that reads as a whole review, with text and a rating ("rated 4 out of 5",
"9/10", a star widget), once the reviews nested in it are set aside. A testimonial without a rating is a quote, not a review. The byline gives the author and
an absolute date; the rest is the review's text.
"""
from __future__ import annotations

import copy
import re

from crawler.extract.dates import iso_date
from crawler.extract.page import REVIEW_XPATH, Page, clean, element_lines
from crawler.extract.ratings import rating_in_element, rating_in_text, rating_of, stated_average

__all__ = ["reviews_on_page", "summary", "stated_aggregate", "iso_date", "rating_of"]

_BYLINE_XPATH = (".//footer | .//cite | .//*[@itemprop='author'] | .//*[contains(@class,'author')]"
                 " | .//*[contains(@class,'reviewer')] | .//*[contains(@class,'byline')]")
_BODY_XPATH = (".//*[@itemprop='reviewBody'] | .//*[contains(@class,'review-text')]"
               " | .//*[contains(@class,'review-body')] | .//*[contains(@class,'review-content')]")
# Where the author's name ends in a byline like "— Maria T., rated 5 out of 5, June 3, 2024".
_BYLINE_END = re.compile(r",|·|•|\s[—–-]\s|\s\|\s|\brated\b|\d|★|☆|\bon\b|\bvia\b|\bposted\b",
                         re.IGNORECASE)
_RATING_WORDS = re.compile(r"^\s*(?:[★☆⭐]+|(?:rated\s+)?\d(?:\.\d)?\s*(?:/|out of)\s*(?:5|10)\b"
                           r"(?:\s*stars?)?)\s*", re.IGNORECASE)
_COUNT = re.compile(r"(?<![\d,]),*(\d[\d,]*)\s+(?:\w+\s+)?(?:reviews|ratings|testimonials)\b",
                    re.IGNORECASE)
_NESTED_XPATH = "." + REVIEW_XPATH.replace(" | //", " | .//").replace("//body", "")
MIN_REVIEW_WORDS = 3
_QUOTES = "\"'“”‘’ "
_NOT_TEXT = re.compile(r"^(?:rated\b|rating\b|[★☆⭐]|\d(?:\.\d)?\s*(?:/|out of)\s*(?:5|10)\b)",
                       re.IGNORECASE)


def _author(byline: str) -> str | None:
    byline = _RATING_WORDS.sub("", byline).lstrip("—–-~:|· ")
    name = clean(_BYLINE_END.split(byline, maxsplit=1)[0]).strip(_QUOTES)
    return name if name and len(name) <= 60 and not name.lower().startswith("rated") else None


def _date(node, text: str) -> str | None:
    for value in node.xpath(".//time/@datetime | .//*[@itemprop='datePublished']/@content"):
        if found := iso_date(value):
            return found
    return iso_date(text)


def _byline(lines: list[str]) -> str:
    """The line that names the author: the first or last line when it carries a date, a
    rating or a leading dash ("Elliot L. · 2025-12-19 · ★★★☆☆", "— Ann, June 3, 2024")."""
    if len(lines) < 2:
        return ""
    for line in (lines[0], lines[-1]):
        if iso_date(line) or rating_in_text(line) is not None or line.startswith(("—", "–", "-")):
            return line
    return lines[-1]


def _body(lines: list[str], byline: str, bylines: list[str]) -> list[str]:
    """The review's own words: the lines before its byline, or after it when the byline
    comes first (a card's header); rating and date lines are not words of the review."""
    is_words = lambda line: not _NOT_TEXT.match(line) and iso_date(line) != line and (
        line not in bylines)
    if byline in lines:
        at = lines.index(byline)
        before = [line for line in lines[:at] if is_words(line)]
        return before or [line for line in lines[at + 1:] if is_words(line)]
    return [line for line in lines if is_words(line)]


def _review(node) -> dict | None:
    lines = element_lines(copy.deepcopy(node))
    rating = rating_in_element(node) or rating_in_text(" ".join(lines))
    if rating is None:
        return None
    bylines = [clean(b.text_content()) for b in node.xpath(_BYLINE_XPATH)]
    byline = next((b for b in bylines if b), "") or _byline(lines)
    bodies = [clean(b.text_content()) for b in node.xpath(_BODY_XPATH)]
    text = " ".join(bodies or _body(lines, byline, bylines)).strip(_QUOTES)
    if len(text.split()) < MIN_REVIEW_WORDS:
        return None
    return {"author": _author(byline), "rating": max(1, min(5, int(rating + 0.5))),
            "text": text, "published": _date(node, " ".join(lines)), "source_url": None}


def _read(node, read: dict) -> dict | None:
    """The review an element holds once the whole reviews nested in it are set aside: a list
    of reviews holds none of its own, and a blockquote left unclosed in broken HTML (so that
    the next reviews nest inside it) still holds its own. ``read``: the reviews of the elements
    read so far, so that each element is read once however deep broken HTML nests them."""
    if node in read:
        return read[node]
    nested = [inner for inner in node.xpath(_NESTED_XPATH) if _read(inner, read) is not None]
    clone = copy.deepcopy(node)
    if nested:
        place = {element: at for at, element in enumerate(node.iter())}
        copies = list(clone.iter())
        for inner in nested:
            copies[place[inner]].drop_tree()
    read[node] = _review(clone)
    return read[node]


def reviews_on_page(page: Page) -> list[dict]:
    """Visible reviews that carry a rating, in page order."""
    if page.root is None:
        return []
    nodes = page.root.xpath(REVIEW_XPATH)
    read: dict = {}
    for node in reversed(nodes):
        # The innermost first: what an element holds depends on the reviews nested in it.
        _read(node, read)
    return [review for node in nodes if (review := read[node])]


def stated_aggregate(page: Page) -> tuple[float | None, int | None]:
    """(average rating 1-5, review count) that the page states about itself, e.g. "4.8 out
    of 5 from 127 reviews"; (None, None) when it states none."""
    for line in page.lines:
        count = _COUNT.search(line.text)
        if count and (rating := stated_average(line.text[:count.start()] + " "
                                               + line.text[count.end():])) is not None:
            return round(rating, 2), int(count.group(1).replace(",", ""))
    return _aggregate_widget(page)


def _aggregate_widget(page: Page) -> tuple[float | None, int | None]:
    if page.root is None:
        return None, None
    for node in page.root.xpath("//*[contains(@class,'aggregate') or contains(@class,'average')"
                                " or contains(@class,'overall') or contains(@class,'summary')]"):
        count = _COUNT.search(clean(node.text_content()))
        rating = rating_in_element(node)
        if count and rating is not None:
            return round(rating, 2), int(count.group(1).replace(",", ""))
    return None, None


def summary(reviews: list[dict]) -> tuple[float | None, int]:
    """(mean rating to one decimal, count) of the reviews themselves."""
    if not reviews:
        return None, 0
    return round(sum(r["rating"] for r in reviews) / len(reviews), 1), len(reviews)
