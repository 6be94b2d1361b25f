"""The sentences that say what a filter left out, and what the search did on its own.

Shared by the results page and the API, so both say the same thing: "6 clinics within 25 miles
do not state whether they take Aetna.", "No clinic within 25 miles matches your search, so it
widened to 50 miles." Labels come from the vocabulary; nothing scraped is in these sentences.
"""
from __future__ import annotations

from clinics import vocab
from clinics.geo import Place

from search_index.request import LeftOut, SearchRequest

# Filter key -> what the clinics left out do not state, as (one clinic, several clinics).
_UNSTATED = {
    "insurance_accepted": ("whether it takes insurance", "whether they take insurance"),
    "sliding_scale": ("whether it offers a sliding scale", "whether they offer a sliding scale"),
    "payment_plans": ("whether it offers payment plans", "whether they offer payment plans"),
    "free_consultation": ("whether its first consultation is free",
                          "whether their first consultation is free"),
    "aftercare": ("whether it offers aftercare or integration support",
                  "whether they offer aftercare or integration support"),
    "accepting_new_patients": ("whether it is accepting new patients",
                               "whether they are accepting new patients"),
    "telehealth": ("whether it offers telehealth visits",
                   "whether they offer telehealth visits"),
    "treatments": ("which treatments it offers", "which treatments they offer"),
    "conditions": ("which conditions it treats", "which conditions they treat"),
    "credentials": ("its staff's credentials", "their staff's credentials"),
    "max_price_usd": ("a price", "a price"),
}


def _labels(vocabulary: str, tokens: list[str]) -> str:
    return " or ".join(vocab.label(vocabulary, token) for token in tokens)


def _what(key: str, request: SearchRequest, one: bool) -> str:
    """The verb phrase: "do not state whether they take Aetna", "have no reviews yet"."""
    if key == "min_rating":
        return "has no reviews yet" if one else "have no reviews yet"
    if key == "insurers":
        insurers = _labels("insurers", request.insurers)
        return (f"does not state whether it takes {insurers}" if one
                else f"do not state whether they take {insurers}")
    stated = _UNSTATED.get(key, (key.replace("_", " "),) * 2)[0 if one else 1]
    return f"does not state {stated}" if one else f"do not state {stated}"


def where(place: Place | None, radius_mi: float | None) -> str:
    """" within 25 miles", " in Maryland", or nothing for a search everywhere."""
    if place is None:
        return ""
    if radius_mi is None:
        return f" in {place.label}"
    return f" within {radius_mi:g} miles"


def left_out(counts: dict[str, int], request: SearchRequest, place: Place | None,
             radius_mi: float | None) -> list[LeftOut]:
    """One sentence per filter that left clinics out for not stating its fact."""
    out = []
    for key, count in counts.items():
        if count:
            one = count == 1
            text = (f"{count} clinic{'' if one else 's'}{where(place, radius_mi)} "
                    f"{_what(key, request, one)}.")
            out.append(LeftOut(key, count, text))
    return out


def showing_unstated(request: SearchRequest, place: Place | None,
                     radius_mi: float | None) -> str:
    """What the page shows when a filter is turned around to show who it left out."""
    return (f"Showing the clinics{where(place, radius_mi)} that "
            f"{_what(request.unstated, request, False)}, and match your other choices.")


def widened(asked_mi: float, searched_mi: float, narrowed: bool) -> str:
    """Why the search looked further than asked: nothing matched nearer."""
    if narrowed:
        return (f"No clinic within {asked_mi:g} miles matches your search, so it widened to "
                f"{searched_mi:g} miles.")
    return f"No clinic is within {asked_mi:g} miles, so the search widened to {searched_mi:g} miles."


def nothing_near(searched_mi: float, nearest: int) -> str:
    """Nothing matched even at the widest radius: say so, and what is shown instead."""
    if not nearest:
        return f"No clinic within {searched_mi:g} miles matches your search, nor any farther away."
    those = "The nearest clinic that matches is" if nearest == 1 else (
        f"The {nearest} nearest clinics that match are")
    return (f"No clinic within {searched_mi:g} miles matches your search. {those} listed below, "
            f"with {'its' if nearest == 1 else 'their'} distance.")
