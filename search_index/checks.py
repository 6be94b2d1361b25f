"""Turning a raw ``SearchRequest`` into a valid one, or a SearchError that says what to fix.

Form fields arrive as strings ("25", "4.5", "") and API clients send anything, so numbers are read
leniently and checked strictly. Vocabulary filters accept a token, a label or an alias ("UHC"
means ``unitedhealthcare``); a token the index has seen but the vocabulary lacks is accepted too,
so new insurers found by the crawler are searchable before the list learns them.
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import Callable

from clinics import vocab
from clinics.records import MAX_PRICE_USD

from search_index.errors import SearchError
from search_index.request import (
    LEFT_OUT_FILTERS, MAX_PER_PAGE, MAX_RADIUS_MI, SORTS, SearchRequest,
)

# Staff a patient asks for by role rather than by credential: any of the tokens will do.
CREDENTIAL_GROUPS = {
    "licensed_therapist": ("lcsw", "lpc", "lmft", "psyd"),
    "psychiatrist": ("board_certified_psychiatry",),
    "anesthesiologist": ("board_certified_anesthesiology",),
}
_GROUP_NAMES = {
    "licensed therapist": "licensed_therapist", "therapist": "licensed_therapist",
    "licensed_therapist": "licensed_therapist", "psychiatrist": "psychiatrist",
    "anesthesiologist": "anesthesiologist",
}
Known = Callable[[str, str], bool]


def credential_choice(text: str) -> str | None:
    """A group name or credential token for what was chosen ("therapist", "CRNA"), or None."""
    return _GROUP_NAMES.get(text.strip().lower()) or vocab.canonical("credentials", text)


def credential_tokens(choice: str) -> tuple[str, ...]:
    """The credential tokens that satisfy one checked credential choice."""
    return CREDENTIAL_GROUPS.get(choice, (choice,))


def checked(request: SearchRequest, known: Known) -> SearchRequest:
    """A valid copy of the request with canonical tokens and numbers.

    ``known(field, token)`` says whether the index holds a token the vocabulary does not. The
    sort stays None when not given: its default depends on the resolved place.
    """
    near = str(request.near or "").strip() or None
    sort = str(request.sort or "").strip() or None
    if sort is not None and sort not in SORTS:
        raise SearchError("Sort by relevance, distance, rating or price.")
    if sort == "distance" and not near:
        raise SearchError("Sorting by distance needs a place: a ZIP code or “City, ST”.")
    found = replace(
        request,
        q=str(request.q or ""),
        near=near,
        sort=sort,
        radius_mi=_radius(request.radius_mi),
        page=_whole(request.page, 1, None, "The page number must be 1 or more."),
        per_page=_whole(request.per_page, 1, MAX_PER_PAGE,
                        f"Results per page must be between 1 and {MAX_PER_PAGE}."),
        insurers=_tokens("insurers", request.insurers, known, "an insurer"),
        treatments=_tokens("treatments", request.treatments, known, "a treatment"),
        conditions=_tokens("conditions", request.conditions, known, "a condition"),
        credentials=_credentials(request.credentials, known),
        min_rating=_optional_number(request.min_rating, 1, 5,
                                    "The minimum rating must be a number from 1 to 5."),
        max_price_usd=_max_price(request.max_price_usd),
        unstated=str(request.unstated or "").strip() or None,
    )
    _check_unstated(found)
    return found


def _check_unstated(request: SearchRequest) -> None:
    """Showing what a filter left out needs that filter to be on."""
    if request.unstated is None:
        return
    field = LEFT_OUT_FILTERS.get(request.unstated)
    value = getattr(request, field) if field else None
    if value is None or value is False or value == []:
        raise SearchError("To see the clinics a filter left out, choose that filter too.")


def _radius(value) -> float:
    try:
        radius = float(value)
    except (TypeError, ValueError):
        radius = math.nan
    if not 0 < radius <= MAX_RADIUS_MI:
        raise SearchError(f"The distance must be more than 0 and at most {MAX_RADIUS_MI} miles.")
    return radius


def _whole(value, low: int, high: int | None, message: str) -> int:
    try:
        number = int(value)
        whole = number == float(value)
    except (TypeError, ValueError, OverflowError):
        raise SearchError(message) from None
    if not whole or number < low or (high is not None and number > high):
        raise SearchError(message)
    return number


def _optional_number(value, low: float, high: float, message: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SearchError(message) from None
    if not low <= number <= high:
        raise SearchError(message)
    return number


def _max_price(value) -> int | None:
    message = f"The maximum price must be a whole number of dollars up to {MAX_PRICE_USD:,}."
    number = _optional_number(value, 0, MAX_PRICE_USD, message)
    if number is None:
        return None
    if number != int(number):
        raise SearchError(message)
    return int(number)


def _values(values) -> list[str]:
    if isinstance(values, str):
        values = [values]
    return [text for text in (str(value).strip() for value in values or ()) if text]


def _tokens(vocabulary: str, values, known: Known, what: str) -> list[str]:
    out: list[str] = []
    for text in _values(values):
        token = vocab.canonical(vocabulary, text) or _indexed(vocabulary, text, known)
        if token is None:
            raise SearchError(f"“{text[:60]}” is not {what} we know; choose one from the list.")
        if token not in out:
            out.append(token)
    return out


def _credentials(values, known: Known) -> list[str]:
    out: list[str] = []
    for text in _values(values):
        choice = credential_choice(text) or _indexed("credentials", text, known)
        if choice is None:
            raise SearchError(
                f"“{text[:60]}” is not a staff credential we know; choose one from the list.")
        if choice not in out:
            out.append(choice)
    return out


def _indexed(vocabulary: str, text: str, known: Known) -> str | None:
    token = text.lower()
    return token if known(vocabulary, token) else None
