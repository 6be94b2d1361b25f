"""The one search function behind the public page and the API.

Whoosh finds the clinics that match the words and the filters inside the map box around the place.
The exact great-circle distance, the tri-state filters, the facet counts, the order and the page are
then worked out here, in one pass over those clinics' rows, so that the total, the facets and the
"not stated" counts all describe the same set of clinics.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import config
from clinics.geo import Place, haversine_mi, resolve_place

from search_index.clauses import filter_query, text_query
from search_index.readers import IndexView, thread_view
from search_index.request import Hit, SearchRequest, SearchResults, checked
from search_index.rows import ClinicRow, split_tokens

# Request flag -> indexed tri-state field it requires to be "yes".
TRI_STATE_FILTERS = {
    "insurance_any": "insurance_accepted",
    "sliding_scale": "sliding_scale",
    "payment_plans": "payment_plans",
}
FACET_FIELDS = ("insurers", "treatments")


@dataclass(frozen=True, slots=True)
class _Candidate:
    docnum: int
    score: float
    row: ClinicRow
    distance_mi: float | None


def search(request: SearchRequest, index_dir: Path | str | None = None) -> SearchResults:
    """Answer one search.

    Raises SearchError (bad input, no index yet) or UnknownPlace; both are ValueErrors whose
    message can be shown to the user as it is. ``index_dir`` defaults to the configured one. Safe to call from many threads at once.
    """
    view = thread_view(Path(index_dir) if index_dir else config.load().index_dir)
    reader = view.searcher.reader()
    request = checked(request, lambda field, token: (field, token) in reader)
    place = resolve_place(request.near) if request.near else None
    matching, unknown_counts = _tri_state(_candidates(view, request, place), request)
    matching.sort(key=_SORT_KEYS[request.sort])
    start = (request.page - 1) * request.per_page
    page = matching[start:start + request.per_page]
    return SearchResults(
        hits=[_hit(view.searcher.stored_fields(c.docnum), c.distance_mi) for c in page],
        total=len(matching),
        page=request.page,
        per_page=request.per_page,
        place=place,
        radius_mi=request.radius_mi if place else None,
        facets={field: _facet(matching, field) for field in FACET_FIELDS},
        unknown_counts=unknown_counts,
    )


def _candidates(view: IndexView, request: SearchRequest, place: Place | None) -> list[_Candidate]:
    """Clinics matching words and filters, within the radius when there is a place."""
    query, scored = text_query(view.searcher.schema, request.q)
    found = view.searcher.search(
        query, filter=filter_query(request, place), limit=None, scored=scored
    )
    out = []
    for docnum, score in found.items():
        row = view.rows[docnum]
        distance = None
        if place is not None:
            distance = haversine_mi(place.lat, place.lon, row.lat, row.lon)
            if distance > request.radius_mi:
                continue
        out.append(_Candidate(docnum, score or 0.0, row, distance))
    return out


def _tri_state(
    candidates: list[_Candidate], request: SearchRequest
) -> tuple[list[_Candidate], dict[str, int]]:
    """Keep clinics that say "yes" to every tri-state filter that is on.

    For each such filter, also count the clinics that pass every other filter but do not say:
    the page tells the user they exist rather than pretending they answered "no".
    """
    required = [field for flag, field in TRI_STATE_FILTERS.items() if getattr(request, flag)]

    def says_yes(c: _Candidate, fields: list[str]) -> bool:
        return all(getattr(c.row, field) == "yes" for field in fields)

    unknown_counts = {}
    for field in required:
        others = [f for f in required if f != field]
        unknown_counts[field] = sum(
            1 for c in candidates if getattr(c.row, field) == "unknown" and says_yes(c, others)
        )
    return [c for c in candidates if says_yes(c, required)], unknown_counts


def _facet(matching: list[_Candidate], field: str) -> dict[str, int]:
    counts = Counter(token for c in matching for token in getattr(c.row, field))
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _by_rating(c: _Candidate) -> tuple:
    rating = c.row.rating
    return (rating is None, -(rating or 0.0), -c.row.review_count, c.row.name_key, c.row.clinic_id)


_SORT_KEYS = {
    "relevance": lambda c: (-c.score, c.row.name_key, c.row.clinic_id),
    "distance": lambda c: (c.distance_mi, c.row.name_key, c.row.clinic_id),
    "rating": _by_rating,
}


def _tri_state_value(word: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(word or "unknown")


def _hit(fields: dict, distance_mi: float | None) -> Hit:
    """A result copied out of the searcher's stored fields, so it outlives the searcher."""
    return Hit(
        clinic_id=int(fields["id"]),
        slug=fields["slug"],
        name=fields["name"],
        city=fields.get("city"),
        state=fields.get("state"),
        postal_code=fields.get("postal_code"),
        distance_mi=distance_mi,
        treatments=list(split_tokens(fields.get("treatments"))),
        insurers=list(split_tokens(fields.get("insurers"))),
        insurance_accepted=fields.get("insurance_accepted", "unknown"),
        sliding_scale=_tri_state_value(fields.get("sliding_scale")),
        rating=fields.get("rating"),
        review_count=fields.get("review_count", 0),
        price_min_usd=fields.get("price_min_usd"),
    )
