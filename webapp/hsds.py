"""HSDS 3.0 for referral systems: the directory as organizations, services and services at
locations, in the profile of Open Referral's API reference.

    GET /api/hsds/                       what this is: HSDS version, profile, taxonomy
    GET /api/hsds/organizations?page=1&per_page=50&modified_after=...&full=0&full_service=0
    GET /api/hsds/organizations/{id}?full_service=0
    GET /api/hsds/services?page=&per_page=&modified_after=&minimal=0&full=0&organization_id=
    GET /api/hsds/services/{id}
    GET /api/hsds/service_at_locations?page=&per_page=&modified_after=&full=0&organization_id=
    GET /api/hsds/service_at_locations/{id}

Lists are HSDS pages (``total_items``, ``total_pages``, ``page_number``, ``size``,
``first_page``, ``last_page``, ``empty``, ``contents``). ``modified_after`` keeps what changed at
or after a time (RFC 3339); on ``/services`` it also names, by id and a ``defunct`` or
``inactive`` status, the services of clinics that left the directory since then. A key is
needed as on ``/api/v1`` (``webapp.api_access``), except for the description at ``/``. The
mapping from clinics is ``webapp.hsds_shape``'s.
"""
from __future__ import annotations

import math

from flask import Blueprint, current_app, jsonify, request

from webapp import api_access, api_params, hsds_queries, hsds_shape
from webapp.api_params import ApiParameterError
from webapp.db import get_session
from webapp.errors import api_error
from webapp.extensions import csrf

bp = Blueprint("hsds", __name__, url_prefix="/api/hsds")
csrf.exempt(bp)
api_access.guard(bp)

HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PAGE = 1_000_000
PAGED = ("page", "per_page", "modified_after", "format")


@bp.errorhandler(ApiParameterError)
def _bad_argument(error: ApiParameterError):
    return jsonify(error={"code": error.code, "parameter": error.parameter,
                          "message": str(error)}), 400


def _page_url(clinic) -> str:
    return f"{current_app.config['SITE_URL'].rstrip('/')}/clinics/{clinic.slug}"


def _paging() -> tuple[int, int]:
    if request.args.get("format", "json") != "json":
        raise ApiParameterError("invalid_parameter", "format", "format must be json.")
    return (api_params.whole("page", 1, 1, MAX_PAGE),
            api_params.whole("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE))


def hsds_page(contents: list[dict], total: int, page: int, per_page: int) -> dict:
    """One HSDS page of ``contents`` out of ``total`` items."""
    pages = math.ceil(total / per_page)
    return {"total_items": total, "total_pages": pages, "page_number": page,
            "size": len(contents), "first_page": page == 1, "last_page": page >= pages,
            "empty": not contents, "contents": contents}


def _not_found(kind: str, wanted: str):
    return api_error(404, "not_found", f"No {kind} has id {wanted}.")


@bp.get("/")
def root():
    api_params.only(())
    return {"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL,
            "taxonomies": [{**hsds_shape.taxonomy(), "terms": hsds_shape.credential_terms()}]}


@bp.get("/organizations")
def organizations():
    api_params.only(PAGED + ("full", "full_service"))
    page, per_page = _paging()
    full, full_services = api_params.flag("full"), api_params.flag("full_service")
    since = api_params.rfc3339("modified_after")
    session = get_session()
    rows = hsds_queries.clinic_page(session, since, (page - 1) * per_page, per_page)
    contents = [hsds_shape.organization_full(c, _page_url(c), full_services) if full
                else hsds_shape.organization(c, _page_url(c)) for c in rows]
    return hsds_page(contents, hsds_queries.clinic_count(session, since), page, per_page)


@bp.get("/organizations/<uuid:organization_id>")
def organization(organization_id):
    api_params.only(("full_service",))
    full_services = api_params.flag("full_service")
    clinic = hsds_queries.find_organization(get_session(), str(organization_id))
    if clinic is None:
        return _not_found("organization", str(organization_id))
    return hsds_shape.organization_full(clinic, _page_url(clinic), full_services)


def _offering_page(since, page: int, per_page: int, with_removed: bool = False):
    """The (clinic, treatment) pairs on one page, and how many there are in all."""
    session = get_session()
    pairs = hsds_queries.offerings(session, since, with_removed)
    wanted = request.args.get("organization_id")
    if wanted is not None:
        pairs = [p for p in pairs if hsds_shape.organization_id(p[0]) == wanted.strip().lower()]
    chosen = pairs[(page - 1) * per_page:page * per_page]
    found = hsds_queries.clinics_by_id(session, {clinic_id for clinic_id, _ in chosen})
    return [(found[clinic_id], t) for clinic_id, t in chosen], len(pairs)


@bp.get("/services")
def services():
    api_params.only(PAGED + ("minimal", "full", "organization_id"))
    page, per_page = _paging()
    minimal, full = api_params.flag("minimal"), api_params.flag("full")
    chosen, total = _offering_page(api_params.rfc3339("modified_after"), page, per_page,
                                   with_removed=True)
    contents = [_service_as_asked(c, t, minimal, full) for c, t in chosen]
    return hsds_page(contents, total, page, per_page)


def _service_as_asked(clinic, treatment: str, minimal: bool, full: bool) -> dict:
    if clinic.status != "active":
        return hsds_shape.service_removed(clinic, treatment)
    if minimal:
        return hsds_shape.service_minimal(clinic, treatment)
    if full:
        return hsds_shape.service_full(clinic, treatment, _page_url(clinic))
    return {**hsds_shape.service(clinic, treatment),
            "organization": hsds_shape.organization(clinic, _page_url(clinic))}


@bp.get("/services/<uuid:service_id>")
def service(service_id):
    api_params.only(())
    found = hsds_queries.find_offering(get_session(), str(service_id), hsds_shape.service_id)
    if found is None:
        return _not_found("service", str(service_id))
    clinic, treatment = found
    return hsds_shape.service_full(clinic, treatment, _page_url(clinic))


@bp.get("/service_at_locations")
def service_at_locations():
    api_params.only(PAGED + ("full", "organization_id"))
    page, per_page = _paging()
    full = api_params.flag("full")
    chosen, total = _offering_page(api_params.rfc3339("modified_after"), page, per_page)
    contents = [hsds_shape.service_at_location_full(c, t, _page_url(c)) if full
                else hsds_shape.service_at_location(c, t) for c, t in chosen]
    return hsds_page(contents, total, page, per_page)


@bp.get("/service_at_locations/<uuid:service_at_location_id>")
def service_at_location(service_at_location_id):
    api_params.only(())
    wanted = str(service_at_location_id)
    found = hsds_queries.find_offering(get_session(), wanted, hsds_shape.service_at_location_id)
    if found is None:
        return _not_found("service at a location", wanted)
    clinic, treatment = found
    return hsds_shape.service_at_location_full(clinic, treatment, _page_url(clinic))
