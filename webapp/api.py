"""The partners' JSON API, version 1: active clinics in the contract's shape, and search.

Errors are JSON with a code (see ``webapp.errors``); a bad argument is a 400 that names it.
No API route acts on a signed-in session, so CSRF does not apply; every route shares a per-client
rate limit (API_RATE_LIMIT).
"""
from __future__ import annotations

import re

from flask import Blueprint, current_app, request

from clinics.geo import UnknownPlace
from clinics.serialize import clinic_to_dict
from search_index import SearchError, search
from webapp import queries
from webapp.db import get_session
from webapp.errors import api_error
from webapp.extensions import csrf, limiter
from webapp.search_params import BadParameter, parse_search

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

MAX_PER_PAGE = 100
MAX_PAGE = 100_000
HIT_FIELDS = (
    "clinic_id", "slug", "name", "city", "state", "postal_code", "distance_mi", "treatments",
    "insurers", "insurance_accepted", "sliding_scale", "rating", "review_count", "price_min_usd",
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
    return api_error(400, "unknown_place", str(error))


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


@bp.get("/clinics/<int:clinic_id>")
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
    place = results.place
    return {
        "hits": [{name: getattr(hit, name) for name in HIT_FIELDS} for hit in results.hits],
        "total": results.total, "page": results.page, "per_page": results.per_page,
        "place": {"label": place.label, "lat": place.lat, "lon": place.lon} if place else None,
        "radius_mi": results.radius_mi if place else None,
        "facets": results.facets,
    }
