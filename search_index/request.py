"""What a search asks for and what it answers, shared by the web page and the API.

``SearchRequest`` carries raw user choices; ``checked`` turns it into a valid one or raises
SearchError with a message the user can act on. Vocabulary filters accept a token, a label or an
alias ("UHC" means ``unitedhealthcare``); a token the index has seen but the vocabulary lacks is
accepted too, so new insurers found by the crawler are searchable before the list learns them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Callable

from clinics import vocab
from clinics.geo import Place

from search_index.errors import SearchError

SORTS = ("relevance", "distance", "rating")
MAX_RADIUS_MI = 500
MAX_PER_PAGE = 100


@dataclass
class SearchRequest:
    q: str = ""
    # A ZIP, "City, ST" or "lat,lon"; None (or blank) searches everywhere.
    near: str | None = None
    radius_mi: float = 25
    # Any of these insurers.
    insurers: list[str] = field(default_factory=list)
    # Only clinics that say they take insurance (insurance_accepted == "yes").
    insurance_any: bool = False
    # Only clinics that say yes; "not stated" is left out and counted in unknown_counts.
    sliding_scale: bool = False
    payment_plans: bool = False
    # All of these treatments.
    treatments: list[str] = field(default_factory=list)
    # Any of these conditions.
    conditions: list[str] = field(default_factory=list)
    # None: "distance" when near is given, else "relevance".
    sort: str | None = None
    page: int = 1
    per_page: int = 20


@dataclass
class Hit:
    clinic_id: int
    slug: str
    name: str
    city: str | None
    state: str | None
    postal_code: str | None
    # Miles from the searched place; None when the search had no place.
    distance_mi: float | None
    treatments: list[str]
    insurers: list[str]
    insurance_accepted: str
    # None means the clinic does not say.
    sliding_scale: bool | None
    rating: float | None
    review_count: int
    price_min_usd: int | None


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    place: Place | None
    # The radius searched, or None when the search had no place.
    radius_mi: float | None
    # {"insurers": {token: clinics}, "treatments": {token: clinics}} over all matching clinics.
    facets: dict[str, dict[str, int]]
    # For each tri-state filter that is on: how many clinics it hid because they do not say.
    unknown_counts: dict[str, int]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def checked(request: SearchRequest, known: Callable[[str, str], bool]) -> SearchRequest:
    """A valid copy of the request with canonical tokens and a definite sort.

    ``known(field, token)`` says whether the index holds a token the vocabulary does not.
    """
    near = str(request.near or "").strip() or None
    sort = request.sort or ("distance" if near else "relevance")
    if sort not in SORTS:
        raise SearchError("Sort by relevance, distance or rating.")
    if sort == "distance" and not near:
        raise SearchError("Sorting by distance needs a place: a ZIP code or “City, ST”.")
    return replace(
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
    )


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


def _tokens(vocabulary: str, values, known: Callable[[str, str], bool], what: str) -> list[str]:
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values or ():
        text = str(value).strip()
        if not text:
            continue
        token = vocab.canonical(vocabulary, text) or _indexed(vocabulary, text, known)
        if token is None:
            raise SearchError(f"“{text[:60]}” is not {what} we know; choose one from the list.")
        if token not in out:
            out.append(token)
    return out


def _indexed(vocabulary: str, text: str, known: Callable[[str, str], bool]) -> str | None:
    token = text.lower()
    return token if known(vocabulary, token) else None
