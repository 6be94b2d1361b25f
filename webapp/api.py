"""The partners' JSON API, version 1: keyed, cursor-paged, incremental, exact.

Every route but the description wants a key (``webapp.api_access``). Errors are JSON with a
stable code; a bad or unknown argument is a 400 that names it (``webapp.api_params``). No route
acts on a signed-in session, so CSRF does not apply.

    GET /api/v1/clinics?limit=100&cursor=...&updated_since=2026-05-01T00:00:00Z&<filters>
    GET /api/v1/clinics/{id}            GET /api/v1/clinics/{id}/reviews?limit=&cursor=
    GET /api/v1/search?near=21201&radius=10&widen=0&limit=20&cursor=...
    GET /api/v1/export.geojson          (every public clinic, ``webapp.api_export``)
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta, timezone

from flask import Blueprint, current_app, jsonify, request

from clinics.geo import UnknownPlace
from clinics.provenance import aware
from search_index import SearchError, SearchResults
from search_index.matching import matching_ids
from webapp import (api_access, api_docs, api_export, api_params, metrics, partner_cache,
                    partner_queries, partner_shape, queries)
from webapp.api_params import FILTERS, ApiParameterError
from webapp.bounds import MAX_ID
from webapp.db import get_session
from webapp.errors import api_error
from webapp.extensions import csrf
from webapp.search_params import FLAGS, BadParameter, parse_search

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
api_access.guard(bp)
api_docs.register(bp)
api_export.register(bp)

MAX_LIMIT = 500
MAX_SEARCH_LIMIT = 100
MAX_REVIEWS_LIMIT = 100
# A change committed a little after a page was read still reaches the partner's next sync.
SYNC_OVERLAP = timedelta(seconds=60)
HIT_FIELDS = (
    "clinic_id", "slug", "name", "organization", "city", "state", "postal_code", "distance_mi",
    "treatments", "conditions", "insurers", "insurance_accepted", "sliding_scale",
    "payment_plans", "free_consultation", "aftercare", "accepting_new_patients", "telehealth",
    "credentials", "npi_verified", "rating", "review_count", "price_min_usd", "price_max_usd",
)


def _error(code: str, parameter: str | None, message: str, status: int = 400, **more):
    return jsonify(error={"code": code, "parameter": parameter, "message": message, **more}), status


@bp.errorhandler(ApiParameterError)
def _bad_argument(error: ApiParameterError):
    return _error(error.code, error.parameter, str(error))


@bp.errorhandler(BadParameter)
def _bad_parameter(error: BadParameter):
    return _error("invalid_parameter", _named_in(str(error)), str(error))


@bp.errorhandler(UnknownPlace)
def _unknown_place(error: UnknownPlace):
    return _error("unknown_place", "near", str(error), suggestions=error.suggestions)


@bp.errorhandler(SearchError)
def _bad_query(error: SearchError):
    return _error("invalid_query", _named_in(str(error)), str(error))


def _named_in(message: str) -> str | None:
    """The argument a search's message is about, when it names one of ours."""
    words = message.lower()
    hints = {"radius": ("radius", "miles"), "sort": ("sort",), "min_rating": ("rating",),
             "max_price": ("price",), "insurance": ("insur",), "treatment": ("treatment",),
             "condition": ("condition",), "credential": ("credential", "staff"),
             "q": ("search text",), "near": ("place", "zip"), "unstated": ("unstated",)}
    return next((name for name, marks in hints.items() if any(m in words for m in marks)), None)


def _check_flags() -> None:
    for name in FLAGS:
        api_params.flag(name)


def _filtered() -> bool:
    return any(name in request.args for name in FILTERS)


def _filter_ids() -> list[int] | None:
    if not _filtered():
        return None
    wanted = parse_search(request.args, MAX_SEARCH_LIMIT)
    wanted.widen = False
    return matching_ids(wanted, current_app.config["INDEX_DIR"])


def _watermark(state: dict | None) -> datetime:
    """Where the partner's next sync starts: a little before the last change the first page
    could see (remembered up to a second, ``partner_cache.last_change``). It moves only when
    something changes, so an unchanged listing keeps its ETag."""
    if state and isinstance(state.get("t"), (int, float)):
        return datetime.fromtimestamp(state["t"], timezone.utc)
    last = aware(partner_cache.last_change(get_session()))
    return (last or datetime(2000, 1, 1, tzinfo=timezone.utc)) - SYNC_OVERLAP


@bp.get("/clinics")
def clinics():
    api_params.only(FILTERS + ("limit", "cursor", "updated_since"))
    limit = api_params.whole("limit", 100, 1, MAX_LIMIT)
    _check_flags()
    since = api_params.rfc3339("updated_since")
    state = api_params.read_cursor()
    after = int(state.get("a", 0)) if state else 0
    mark = _watermark(state)
    chosen = _filter_ids()
    session = get_session()
    if since is None:
        heads = partner_queries.heads_after(session, after, limit, chosen)
        kept, gone = heads, []
    else:
        heads = partner_queries.changed_heads_after(session, since, after, limit)
        kept, gone = _split(heads, None if chosen is None else set(chosen))
    more = len(heads) == limit
    cursor = api_params.make_cursor({"a": heads[-1].id, "t": mark.timestamp()}) if more else None
    return partner_cache.page_response(partner_cache.listed_texts(session, kept), {
        "tombstones": gone, "limit": limit, "next": api_params.next_url(cursor),
        "next_updated_since": mark.isoformat().replace("+00:00", "Z")})


def _split(heads, chosen: set[int] | None) -> tuple[list, list[dict]]:
    """Changed clinics into those to keep (listed) and those to drop (tombstones)."""
    kept, gone = [], []
    for head in heads:
        if head.status != "active":
            gone.append(partner_shape.tombstone(head))
        elif chosen is not None and head.id not in chosen:
            gone.append(partner_shape.tombstone(head, "filtered_out"))
        else:
            kept.append(head)
    return kept, gone


def _not_found(clinic_id: int):
    return api_error(404, "not_found", f"No active clinic has id {clinic_id}.")


@bp.get(f"/clinics/<int(max={MAX_ID}):clinic_id>")
def clinic(clinic_id: int):
    api_params.only(())
    session = get_session()
    found = partner_queries.clinic_with_everything(session, clinic_id)
    if found is None:
        return _not_found(clinic_id)
    by_source = queries.source_summaries(session, [clinic_id]).get(clinic_id, [])
    response = jsonify(partner_shape.full(found, by_source))
    response.last_modified = found.changed_at or found.first_seen
    return response


@bp.get(f"/clinics/<int(max={MAX_ID}):clinic_id>/reviews")
def clinic_reviews(clinic_id: int):
    api_params.only(("limit", "cursor"))
    limit = api_params.whole("limit", 20, 1, MAX_REVIEWS_LIMIT)
    state = api_params.read_cursor()
    offset = int(state.get("o", 0)) if state else 0
    session = get_session()
    if not partner_queries.is_active(session, clinic_id):
        return _not_found(clinic_id)
    rows = partner_queries.reviews_after(session, clinic_id, offset, limit)
    cursor = api_params.make_cursor({"o": offset + limit}) if len(rows) > limit else None
    return {"clinic_id": clinic_id, "reviews": [partner_shape.review(r) for r in rows[:limit]],
            "limit": limit, "next": api_params.next_url(cursor)}


@bp.get("/search")
def search_clinics():
    api_params.only(FILTERS + ("widen", "sort", "unstated", "limit", "cursor"))
    limit = api_params.whole("limit", 20, 1, MAX_SEARCH_LIMIT)
    widen = api_params.flag("widen")
    _check_flags()
    state = api_params.read_cursor()
    page = int(state.get("p", 1)) if state else 1
    wanted = parse_search(request.args, limit)
    wanted.widen, wanted.page = widen, page
    results = metrics.timed_search("api", wanted, current_app.config["INDEX_DIR"])
    more = results.page * results.per_page < results.total
    body = search_body(results)
    body["next"] = api_params.next_url(api_params.make_cursor({"p": page + 1}) if more else None)
    return body


def search_body(results: SearchResults) -> dict:
    """The JSON of a search: hits with distances, counts, facets and what the search did.

    ``radius_mi`` is the radius searched, ``asked_radius_mi`` the one asked for: they differ only
    when ``widen=1`` was asked for and nothing was inside (``notices`` says so in words).
    ``unknown_counts`` says, per filter, how many clinics within ``radius_mi`` were left out
    because they do not state what it asks; ``left_out`` says the same in words. ``unstated``
    names the filter turned around to list those clinics instead. With ``widen=1``, when nothing
    matched within the widest radius, ``nearest`` lists the nearest matches at any distance and
    ``telehealth`` the telehealth clinics of the searched place's state.
    """
    place = results.place
    return {
        "hits": [_hit(hit) for hit in results.hits],
        "total": results.total, "limit": results.per_page, "sort": results.sort,
        "place": {"label": place.label, "lat": place.lat, "lon": place.lon,
                  "precision": place.precision} if place else None,
        "radius_mi": results.radius_mi, "asked_radius_mi": results.asked_radius_mi,
        "facets": results.facets, "unknown_counts": results.unknown_counts,
        "did_you_mean": results.did_you_mean, "notices": results.notices,
        "left_out": [asdict(note) for note in results.left_out],
        "unstated": results.unstated,
        "nearest": [_hit(hit) for hit in results.nearest],
        "telehealth": [_hit(hit) for hit in results.telehealth],
    }


def _hit(hit) -> dict:
    return {name: getattr(hit, name) for name in HIT_FIELDS}
