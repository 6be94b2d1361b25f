"""Filters, "not stated" counts and facets, all as operations on document sets.

Every filter is a choice rather than prose, so it narrows the results without touching scores:
several insurers mean any of them, several treatments mean all of them, several conditions any,
several staff credentials all (each possibly a group such as "licensed therapist"). An insurer
chosen with treatments needs the insurance to pay for each of them, when the clinic says which
treatments its insurance pays for. Yes-only
facts leave out the clinics that do not say, and the count of those is reported per filter, so
the page can say "12 more clinics did not say whether they offer a sliding scale".
"""
from __future__ import annotations

from search_index import bits
from search_index.checks import credential_tokens
from search_index.facts import INSURED, INSURED_ANY, STATE
from search_index.request import YES_ONLY, SearchRequest
from search_index.snapshot import Snapshot

FACET_FIELDS = ("insurers", "treatments", "conditions")
# Payment facet option -> the fact that says yes to it.
PAYMENT_OPTIONS = {
    "insurance": "insurance_accepted",
    "sliding_scale": "sliding_scale",
    "payment_plans": "payment_plans",
    "free_consultation": "free_consultation",
}


def _any(snapshot: Snapshot, field: str, values) -> int:
    return bits.union(snapshot.set_of(field, value) for value in values)


def choice_docs(request: SearchRequest, snapshot: Snapshot, state: str | None) -> int:
    """Open clinics that pass every filter except the yes-only facts and the radius."""
    docs = snapshot.set_of("status", "active")
    if request.insurers:
        docs &= _any(snapshot, "insurers", request.insurers)
        # Insurance for Spravato says nothing about paying for an infusion.
        for token in request.treatments:
            docs &= snapshot.set_of(INSURED, token) | snapshot.set_of(INSURED, INSURED_ANY)
    for token in request.treatments:
        docs &= snapshot.set_of("treatments", token)
    if request.conditions:
        docs &= _any(snapshot, "conditions", request.conditions)
    for choice in request.credentials:
        docs &= _any(snapshot, "credentials", credential_tokens(choice))
    if request.npi_verified:
        docs &= snapshot.set_of("npi_verified", "yes")
    if request.min_rating is not None:
        docs &= snapshot.at_least("rating", request.min_rating)
    if request.max_price_usd is not None:
        docs &= snapshot.at_most("price_min_usd", request.max_price_usd)
    if state is not None:
        docs &= snapshot.set_of(STATE, state)
    return docs


def yes_only_fields(request: SearchRequest) -> list[str]:
    return [fact for flag, fact in YES_ONLY.items() if getattr(request, flag)]


def say_yes(docs: int, facts: list[str], snapshot: Snapshot) -> tuple[int, dict[str, int]]:
    """(clinics saying yes to every fact, {fact: clinics hidden only because they do not say})."""
    yes = {fact: snapshot.set_of(fact, "yes") for fact in facts}
    matched = bits.intersection(yes.values(), docs)
    unknown_counts = {}
    for fact in facts:
        others = bits.intersection((yes[other] for other in facts if other != fact), docs)
        unknown_counts[fact] = (others & snapshot.set_of(fact, "unknown")).bit_count()
    return matched, unknown_counts


def facets(matched: int, snapshot: Snapshot) -> dict[str, dict[str, int]]:
    """Counts over the matching clinics: tokens per list field, and the payment options."""
    out: dict[str, dict[str, int]] = {}
    for field in FACET_FIELDS:
        counts = ((value, (matched & snapshot.set_of(field, value)).bit_count())
                  for value in snapshot.values(field))
        out[field] = dict(sorted(((value, n) for value, n in counts if n),
                                 key=lambda item: (-item[1], item[0])))
    out["payment"] = {option: (matched & snapshot.set_of(fact, "yes")).bit_count()
                      for option, fact in PAYMENT_OPTIONS.items()}
    return out
