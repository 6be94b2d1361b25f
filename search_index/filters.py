"""Filters, "left out" counts and facets, all as operations on document sets.

Every filter is a choice rather than prose, so it narrows the results without touching scores:
several insurers mean any of them, several treatments mean all of them, several conditions any
(each with the narrower conditions it includes), several staff credentials all (each possibly a
group such as "licensed therapist"). An insurer chosen with treatments needs the insurance to pay
for each of them, when the clinic says which treatments its insurance pays for.

A filter never hides clinics silently. Each one is a ``Narrowing``: the clinics that match it, and
the clinics that do not state the fact it asks about (no insurer named, a sliding scale not
mentioned, no price given). Those are left out, and for each filter the search counts the clinics
that pass every other filter but were left out by this one only for not saying, so the page can
say "6 clinics within 25 miles do not state whether they take Aetna" and offer to show them.
"""
from __future__ import annotations

from dataclasses import dataclass

from search_index import bits
from search_index.checks import credential_tokens
from search_index.facts import INSURED, INSURED_ANY, STATE, UNSTATED
from search_index.request import YES_ONLY, SearchRequest
from search_index.snapshot import Snapshot

FACET_FIELDS = ("insurers", "treatments", "conditions")
# The numbers the rating and price filters cut at a threshold.
RATING, PRICE = "rating", "price_min_usd"
THRESHOLD_FIELDS = (RATING, PRICE)
# Payment facet option -> the fact that says yes to it.
PAYMENT_OPTIONS = {
    "insurance": "insurance_accepted",
    "sliding_scale": "sliding_scale",
    "payment_plans": "payment_plans",
    "free_consultation": "free_consultation",
}


@dataclass(frozen=True)
class Narrowing:
    """One filter that is on: ``key`` names it in ``SearchResults.unknown_counts``."""

    key: str
    matches: int
    # Clinics that do not state the fact this filter asks about (never one that matches).
    silent: int
    # Whether the clinics it leaves out for not saying are counted: not for a filter that has no
    # "not stated" (staff NPI verified), nor for the one turned around to show them.
    counted: bool = True


def _any(snapshot: Snapshot, field: str, values) -> int:
    return bits.union(snapshot.set_of(field, value) for value in values)


def base_docs(snapshot: Snapshot, state: str | None) -> int:
    """Open clinics, in the state searched when the place is a whole state."""
    docs = snapshot.set_of("status", "active")
    if state is not None:
        docs &= snapshot.set_of(STATE, state)
    return docs


def _insurers(request: SearchRequest, snapshot: Snapshot) -> int:
    docs = _any(snapshot, "insurers", request.insurers)
    # Insurance for Spravato says nothing about paying for an infusion.
    for token in request.treatments:
        docs &= snapshot.set_of(INSURED, token) | snapshot.set_of(INSURED, INSURED_ANY)
    return docs


def _all_of(sets) -> int:
    return bits.intersection(sets, -1)


def _choices(request: SearchRequest, snapshot: Snapshot):
    """(key, matches, the UNSTATED name of its silent clinics or None) for each choice that is on."""
    if request.insurers:
        yield "insurers", _insurers(request, snapshot), "insurers"
    if request.treatments:
        yield "treatments", _all_of(snapshot.set_of("treatments", token)
                                    for token in request.treatments), "treatments"
    if request.conditions:
        # The index counts a clinic under every broader condition of those it lists.
        yield "conditions", _any(snapshot, "conditions", request.conditions), "conditions"
    if request.credentials:
        yield "credentials", _all_of(_any(snapshot, "credentials", credential_tokens(choice))
                                     for choice in request.credentials), "credentials"
    if request.npi_verified:
        yield "npi_verified", snapshot.set_of("npi_verified", "yes"), None
    if request.min_rating is not None:
        yield "min_rating", snapshot.at_least(RATING, request.min_rating), RATING
    if request.max_price_usd is not None:
        yield "max_price_usd", snapshot.at_most(PRICE, request.max_price_usd), PRICE


def narrowings(request: SearchRequest, snapshot: Snapshot) -> list[Narrowing]:
    """Every filter that is on, in the form's order.

    When ``request.unstated`` names one of them, that filter is turned around: it keeps only the
    clinics that do not state its fact, so a patient can see who was left out.
    """
    found = [Narrowing(key, matches, snapshot.set_of(UNSTATED, silent) if silent else 0,
                       counted=silent is not None)
             for key, matches, silent in _choices(request, snapshot)]
    found += [Narrowing(fact, snapshot.set_of(fact, "yes"), snapshot.set_of(fact, "unknown"))
              for flag, fact in YES_ONLY.items() if getattr(request, flag)]
    return [Narrowing(n.key, n.silent, 0, counted=False) if n.key == request.unstated else n
            for n in found]


def candidates(docs: int, narrowed: list[Narrowing]) -> int:
    """The clinics of ``docs`` that match or are silent on every filter: all a count can need."""
    return bits.intersection((n.matches | n.silent for n in narrowed), docs)


def left_out(docs: int, narrowed: list[Narrowing]) -> tuple[int, dict[str, int]]:
    """(the clinics of ``docs`` that match every filter, {key: clinics that pass every other
    filter but do not state what this one asks}). A filter without a "not stated" (staff NPI
    verified, or the one being turned around) has no count."""
    matched = bits.intersection((n.matches for n in narrowed), docs)
    counts = {}
    for narrowing in narrowed:
        if not narrowing.counted:
            continue
        others = bits.intersection((n.matches for n in narrowed if n is not narrowing), docs)
        counts[narrowing.key] = (others & narrowing.silent).bit_count()
    return matched, counts


def facets(matched: int, snapshot: Snapshot) -> dict[str, dict[str, int]]:
    """Counts over the matching clinics: tokens per list field, and the payment options.

    A clinic is counted under the conditions it lists and under each broader one.
    """
    out: dict[str, dict[str, int]] = {}
    for field in FACET_FIELDS:
        counts = ((value, (matched & snapshot.set_of(field, value)).bit_count())
                  for value in snapshot.values(field))
        out[field] = dict(sorted(((value, n) for value, n in counts if n),
                                 key=lambda item: (-item[1], item[0])))
    out["payment"] = {option: (matched & snapshot.set_of(fact, "yes")).bit_count()
                      for option, fact in PAYMENT_OPTIONS.items()}
    return out
