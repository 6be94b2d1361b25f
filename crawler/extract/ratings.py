"""Ratings as pages write them, scaled to 1-5 with ``clinics.ratings.scale_to_five``.

"9/10", "4.5 out of 5", "Rated 4.8/5", "4 stars", a ★★★★☆ widget, an aria-label "4 out of 5
stars" or a filled-stars bar 90% wide all say one thing. A bare number is no rating: "5" could
be anything, and a guess is worse than nothing.
"""
from __future__ import annotations

import re

from clinics.ratings import scale_to_five

_NUMBER = r"(\d{1,3}(?:\.\d{1,2})?)"
_OUT_OF = re.compile(r"(?<![/\d.])" + _NUMBER + r"\s*(?:/|out of)\s*(5|10|100)\b(?![/.]\d)",
                     re.IGNORECASE)
_STARS = re.compile(_NUMBER + r"[- ]?stars?\b", re.IGNORECASE)
_AVERAGE = re.compile(r"(?:average(?: rating)?|rated|rating)\s*(?:of|:)?\s*([1-5](?:\.\d{1,2})?)\b(?!\s*(?:/|out of|reviews?|ratings?))"
                      r"|\b([1-5]\.\d{1,2})\s*stars?\b", re.IGNORECASE)
_STAR_GLYPHS = re.compile(r"[★☆⭐✩✭]{3,}")
_FULL, _EMPTY, _HALF = "★⭐✭", "☆✩", "⯪"
_WIDTH = re.compile(r"width\s*:\s*(\d{1,3}(?:\.\d+)?)%")
_ICON_FULL = re.compile(r"(?<![\w-])(?:fa-star|star-full|star-filled|icon-star|star--full)(?![\w-])")
_ICON_HALF = re.compile(r"fa-star-half|star-half|half-star")
_ICON_EMPTY = re.compile(r"fa-star-o\b|far fa-star\b|star-empty|star--empty|empty-star")


def scaled(value: float, best: float = 5.0) -> float | None:
    """value on a 0-best scale as a 1-5 rating to two decimals, or None when it is absurd."""
    if value <= 0:
        return None
    result = scale_to_five(value, best)
    return None if result is None else round(result, 2)


def rating_in_text(text: str) -> float | None:
    """The first written rating in the text on a 1-5 scale ("9/10" is 4.5), else None."""
    if not text:
        return None
    if match := _OUT_OF.search(text):
        return scaled(float(match.group(1)), float(match.group(2)))
    if match := _STARS.search(text):
        return scaled(float(match.group(1)))
    if match := _STAR_GLYPHS.search(text):
        return _glyphs(match.group(0))
    return None


def _glyphs(stars: str) -> float | None:
    full = sum(stars.count(c) for c in _FULL)
    half = stars.count(_HALF)
    total = full + half + sum(stars.count(c) for c in _EMPTY)
    best = 5.0 if total <= 5 else float(total)
    return scaled(full + 0.5 * half, best)


def stated_average(text: str) -> float | None:
    """A rating written as an average ("4.8 out of 5", "rated 4.9", "4.7 stars", a star row);
    "200 5-star reviews" is a count of top ratings, not an average."""
    if match := _OUT_OF.search(text):
        return scaled(float(match.group(1)), float(match.group(2)))
    if match := _AVERAGE.search(text):
        return scaled(float(match.group(1) or match.group(2)))
    if match := _STAR_GLYPHS.search(text):
        return _glyphs(match.group(0))
    return None


def rating_of(text: str) -> int | None:
    """One review's rating as a whole number of stars 1-5."""
    value = rating_in_text(text)
    return None if value is None else max(1, min(5, int(value + 0.5)))


def rating_in_element(node) -> float | None:
    """A star widget's rating: its aria-label, title or alt text, star glyphs, star icons
    counted, or the width of a filled-stars bar."""
    for element in node.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("aria-label", "title", "alt", "data-rating", "content"):
            label = element.get(attribute) or ""
            value = rating_in_text(label) if not label.replace(".", "").isdigit() else (
                _data_rating(element, attribute, label))
            if value is not None:
                return value
    return _icons(node) or _bar(node)


def _data_rating(element, attribute: str, label: str) -> float | None:
    """A number attribute is a rating only where the markup says so (data-rating="4")."""
    named = attribute == "data-rating" or element.get("itemprop") == "ratingValue"
    best = element.getparent().xpath(".//*[@itemprop='bestRating']/@content") \
        if element.getparent() is not None else []
    return scaled(float(label), float(best[0]) if best else 5.0) if named else None


def _icons(node) -> float | None:
    full = half = empty = 0
    for element in node.iter():
        classes = element.get("class") or "" if isinstance(element.tag, str) else ""
        if _ICON_HALF.search(classes):
            half += 1
        elif _ICON_EMPTY.search(classes):
            empty += 1
        elif _ICON_FULL.search(classes):
            full += 1
    if full + half + empty not in (5, 10):
        return None
    return scaled(full + 0.5 * half, float(full + half + empty))


def _bar(node) -> float | None:
    for element in node.iter():
        classes = (element.get("class") or "") if isinstance(element.tag, str) else ""
        if "star" in classes and (match := _WIDTH.search(element.get("style") or "")):
            return scaled(float(match.group(1)), 100.0)
    return None
