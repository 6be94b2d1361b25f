"""What a search asks for and what it answers, shared by the web page and the API.

``SearchRequest`` carries raw user choices (``checks.checked`` turns it into a valid one or raises
SearchError with a message the user can act on). ``SearchResults`` is everything a page or an API
response shows: the page of hits with distances, the total, facet counts, how many clinics each
yes-only filter left out because they do not say, and notices about what the search did on the
user's behalf (a wider radius, a corrected word).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from clinics.geo import Place

SORTS = ("relevance", "distance", "rating", "price")
MAX_RADIUS_MI = 500
MAX_PER_PAGE = 100
# Request flag -> indexed fact that must be "yes". "Not stated" is left out and counted.
YES_ONLY = {
    "insurance_any": "insurance_accepted",
    "sliding_scale": "sliding_scale",
    "payment_plans": "payment_plans",
    "free_consultation": "free_consultation",
    "aftercare": "aftercare",
    "accepting_new_patients": "accepting_new_patients",
    "telehealth": "telehealth",
}
# Filters that leave out the clinics not stating what they ask, and count them: key (as in
# ``SearchResults.unknown_counts`` and ``SearchRequest.unstated``) -> SearchRequest field.
LEFT_OUT_FILTERS = {
    "insurers": "insurers", "treatments": "treatments", "conditions": "conditions",
    "credentials": "credentials", "min_rating": "min_rating", "max_price_usd": "max_price_usd",
    **{fact: flag for flag, fact in YES_ONLY.items()},
}


@dataclass
class SearchRequest:
    q: str = ""
    # A ZIP, "City, ST", "City, State", a state ("MD", "Maryland") or "lat,lon"; None (or blank)
    # searches everywhere.
    near: str | None = None
    radius_mi: float = 25
    # When nothing matches within radius_mi, try 25, 50 and 100 miles (those wider than asked).
    widen: bool = True
    # Any of these insurers.
    insurers: list[str] = field(default_factory=list)
    # Only clinics that say they take insurance (insurance_accepted == "yes").
    insurance_any: bool = False
    # Yes-only facts: clinics that do not say are left out and counted in unknown_counts.
    sliding_scale: bool = False
    payment_plans: bool = False
    free_consultation: bool = False
    # Integration support after treatment.
    aftercare: bool = False
    accepting_new_patients: bool = False
    telehealth: bool = False
    # All of these treatments (a patient looking for SGB and ketamine together).
    treatments: list[str] = field(default_factory=list)
    # Any of these conditions.
    conditions: list[str] = field(default_factory=list)
    # All of these on staff; each is a credential token or a group such as "licensed therapist".
    credentials: list[str] = field(default_factory=list)
    # Someone on staff has an NPI number checked against the NPI registry.
    npi_verified: bool = False
    # Combined rating of at least this (1-5); unrated clinics are left out.
    min_rating: float | None = None
    # Self-pay price of a session starting at most this; clinics without a price are left out.
    max_price_usd: int | None = None
    # None: "distance" when near is a point, else "relevance" (best match).
    sort: str | None = None
    page: int = 1
    per_page: int = 20
    # A key of LEFT_OUT_FILTERS whose filter is on: show instead the clinics that filter left
    # out because they do not state its fact (and that pass every other filter).
    unstated: str | None = None


@dataclass
class Hit:
    clinic_id: int
    slug: str
    name: str
    city: str | None
    state: str | None
    postal_code: str | None
    # Miles from the searched point; None when the search had no point (no place, or a state).
    distance_mi: float | None
    treatments: list[str]
    insurers: list[str]
    insurance_accepted: str
    # Tri-state facts: None means the clinic does not say.
    sliding_scale: bool | None
    rating: float | None
    review_count: int
    price_min_usd: int | None
    price_max_usd: int | None = None
    organization: str | None = None
    conditions: list[str] = field(default_factory=list)
    credentials: list[str] = field(default_factory=list)
    payment_plans: bool | None = None
    free_consultation: bool | None = None
    aftercare: bool | None = None
    accepting_new_patients: bool | None = None
    telehealth: bool | None = None
    npi_verified: bool = False
    last_seen: datetime | None = None


@dataclass(frozen=True)
class LeftOut:
    """Clinics one filter left out because they do not state its fact, and the sentence that
    says so ("6 clinics within 25 miles do not state whether they take Aetna.")."""

    filter: str
    count: int
    text: str


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    place: Place | None
    # The radius searched (wider than asked when nothing was inside), or None without a point.
    radius_mi: float | None
    # {"insurers" | "treatments" | "conditions": {token: clinics}, "payment": {option: clinics}}
    # over all matching clinics, largest first.
    facets: dict[str, dict[str, int]]
    # For each filter that is on (LEFT_OUT_FILTERS): how many clinics within the radius searched
    # it left out because they do not state its fact, though they pass every other filter.
    unknown_counts: dict[str, int]
    sort: str = "relevance"
    # The radius asked for, when the search had a point.
    asked_radius_mi: float | None = None
    # The text as searched when a word was corrected ("ketamine clinic" for "ketamne clinic").
    did_you_mean: str | None = None
    # Sentences to show above the results: a wider radius, a corrected word.
    notices: list[str] = field(default_factory=list)
    # Each filter that left clinics out for not stating its fact, in words (counts > 0 only).
    left_out: list[LeftOut] = field(default_factory=list)
    # The filter turned around to show the clinics it left out (SearchRequest.unstated).
    unstated: str | None = None
    # When nothing matched within the widest radius searched: the nearest clinics that match
    # every filter, at any distance, nearest first.
    nearest: list[Hit] = field(default_factory=list)
    # When the search had to widen or found nothing: telehealth clinics in the searched place's
    # state that match every filter and are not among the hits, nearest first.
    telehealth: list[Hit] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def widened(self) -> bool:
        return self.radius_mi is not None and self.radius_mi != self.asked_radius_mi
