"""Calendar dates written on pages, as ISO "YYYY-MM-DD", through dateparser.

Only absolute dates with a day, a month and a year are read: "3 months ago" depends on when the
page was fetched, and "March 2024" has no day; both give None rather than a guessed day.
Candidates are cut out of the text first, because dateparser reads a whole string as one date.
English only and US day order, so "03/04/2025" is March 4th; dateparser works offline.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

import dateparser

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_CANDIDATE = re.compile(
    rf"\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b|\b{_MONTH}\s+{_ORDINAL},?\s+\d{{4}}\b"
    rf"|\b{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}\b|\b\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})\b",
    re.IGNORECASE)
SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "DATE_ORDER": "MDY",
    "STRICT_PARSING": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
}
# Layouts most pages use, read without dateparser's slower general machinery.
COMMON_LAYOUTS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%m/%d/%Y")
EARLIEST_YEAR = 1990


@lru_cache(maxsize=4096)
def _parsed(candidate: str) -> date | None:
    """One candidate as a date: the common layouts directly, the rest through dateparser."""
    for layout in COMMON_LAYOUTS:
        try:
            return datetime.strptime(candidate, layout).date()
        except ValueError:
            continue
    parsed = dateparser.parse(candidate, languages=["en"], settings=SETTINGS)
    return parsed.date() if parsed is not None else None


def iso_date(text: str | None) -> str | None:
    """The first complete calendar date in the text as YYYY-MM-DD, or None."""
    for candidate in _CANDIDATE.findall(text or ""):
        found = _parsed(candidate)
        if found is not None and EARLIEST_YEAR <= found.year <= date.today().year + 1:
            return found.isoformat()
    return None
