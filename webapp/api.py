"""The partners' JSON API, version 1: active clinics in the contract's shape, and search.

Errors are JSON with a code (see ``webapp.errors``); a bad argument is a 400 that names it.
No API route acts on a signed-in session, so CSRF does not apply; every route shares a per-client
rate limit (API_RATE_LIMIT).
"""
from __future__ import annotations

import re
from dataclasses import asdict

from flask import Blueprint, current_app, jsonify, request

from clinics.geo import UnknownPlace
from clinics.serialize import clinic_to_dict
from search_index import SearchError, SearchResults, search
from webapp import queries
from webapp.bounds import MAX_ID
from webapp.db import get_session
from webapp.errors import api_error
from webapp.extensions import csrf, limiter
from webapp.search_params import BadParameter, parse_search

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

MAX_PER_PAGE = 100
MAX_PAGE = 100_000
HIT_FIELDS = (
    "clinic_id", "slug", "name", "organization", "city", "state", "postal_code", "distance_mi",
    "treatments", "conditions", "insurers", "insurance_accepted", "sliding_scale",
    "payment_plans", "free_consultation", "aftercare", "accepting_new_patients", "telehealth",
    "credentials", "npi_verified", "rating", "review_count", "price_min_usd", "price_max_usd",
)


def _api_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


limiter.limit(_api_limit)(bp)


def _whole_arg(name: str, default: int, high: int) -> int:
    raw = request.args.get(name, "").strip() or str(default)
    if not re.fullmatch(r"[0-9]{1,7}", raw) or not 1 <= int(raw) <= high:
        raise BadParameter(f"{name} must be a whole number from 1 to {high}.")
    return int(raw)


@bp.errorhandler(BadParameter)
def _bad_parameter(error: BadParameter):
    return api_error(400, "invalid_parameter", str(error))


@bp.errorhandler(UnknownPlace)
def _unknown_place(error: UnknownPlace):
    body = {"code": "unknown_place", "message": str(error), "suggestions": error.suggestions}
    return jsonify(error=body), 400


@bp.errorhandler(SearchError)
def _bad_query(error: SearchError):
    return api_error(400, "invalid_query", str(error))


@bp.get("/clinics")
def clinics():
    page = _whole_arg("page", 1, MAX_PAGE)
    per_page = _whole_arg("per_page", 20, MAX_PER_PAGE)
    rows, total = queries.active_clinics_page(get_session(), page, per_page)
    return {"clinics": [clinic_to_dict(row) for row in rows],
            "total": total, "page": page, "per_page": per_page}


@bp.get(f"/clinics/<int(max={MAX_ID}):clinic_id>")
def clinic(clinic_id: int):
    found = queries.active_clinic_by_id(get_session(), clinic_id)
    if found is None:
        return api_error(404, "not_found", f"No active clinic has id {clinic_id}.")
    return clinic_to_dict(found)


@bp.get("/search")
def search_clinics():
    per_page = _whole_arg("per_page", 20, MAX_PER_PAGE)
    wanted = parse_search(request.args, per_page)
    results = search(wanted, index_dir=current_app.config["INDEX_DIR"])
    return search_body(results)


def search_body(results: SearchResults) -> dict:
    """The JSON of a search: hits with distances, counts, facets and what the search did.

    ``radius_mi`` is the radius searched, ``asked_radius_mi`` the one asked for: they differ when
    nothing was inside and the search widened (``notices`` says so in words). ``unknown_counts``
    says, per filter, how many clinics within ``radius_mi`` were left out because they do not
    state what it asks; ``left_out`` says the same in words, one entry per filter that left any
    out (``filter``, ``count``, ``text``). ``unstated`` names the filter turned around to list
    those clinics instead, when ``?unstated=`` asked for it. When nothing matched within the
    widest radius, ``nearest`` lists the nearest matches at any distance (with ``distance_mi``);
    when the search widened or found nothing, ``telehealth`` lists the telehealth clinics of
    the searched place's state that match and are not among the hits.
    """
    place = results.place
    return {
        "hits": [_hit(hit) for hit in results.hits],
        "total": results.total, "page": results.page, "per_page": results.per_page,
        "pages": results.pages, "sort": results.sort,
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
