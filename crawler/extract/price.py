"""Self-pay price of one session, in whole dollars, from sentences or a schema.org priceRange.

Package, series, consultation and deposit prices are not the price of one session and are
skipped. One amount with "from" or "starts at" is a lower bound only; one plain amount is both
bounds; two or more amounts are a range.
"""
from __future__ import annotations

import re

from price_parser import Price

_AMOUNT = re.compile(r"(?:US)?\$\s?\d[\d,]*(?:\.\d{1,2})?")
_NOT_A_SESSION = re.compile(
    r"package|series|bundle|consult|deposit|membership|per month|/month|gift|parking|co-?pay",
    re.IGNORECASE,
)
_LOWER_BOUND = re.compile(r"\bstart(?:s|ing)? at\b|\bfrom\b|\bas low as\b|\+", re.IGNORECASE)
_RANGE_WORDS = re.compile(r"\bto\b|-|–|—", re.IGNORECASE)
MIN_PLAUSIBLE_USD, MAX_PLAUSIBLE_USD = 20, 20000


def amounts_usd(text: str) -> list[int]:
    """Dollar amounts in the text, as whole dollars, implausible ones dropped."""
    found = []
    for raw in _AMOUNT.findall(text):
        amount = Price.fromstring(raw).amount
        if amount is not None and MIN_PLAUSIBLE_USD <= amount <= MAX_PLAUSIBLE_USD:
            found.append(int(round(amount)))
    return found


def price_in_text(text: str) -> tuple[int | None, int | None]:
    """(min, max) of one statement; (None, None) when it states no session price."""
    if _NOT_A_SESSION.search(text):
        return None, None
    amounts = amounts_usd(text)
    if not amounts:
        return None, None
    if len(amounts) >= 2:
        return min(amounts), max(amounts)
    if _LOWER_BOUND.search(text) and not _RANGE_WORDS.search(text.split("$", 1)[-1]):
        return amounts[0], None
    return amounts[0], amounts[0]


def price_in_sentences(sentences: list[str]) -> tuple[int | None, int | None]:
    """The first sentence that states a session price wins."""
    for sentence in sentences:
        low, high = price_in_text(sentence)
        if low is not None:
            return low, high
    return None, None
