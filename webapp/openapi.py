"""The OpenAPI 3.1 description of the partner API, built from the same limits the routes use.

A test runs Schemathesis against it over the live app, so the document and the behaviour cannot
drift apart without the suite saying so.
"""
from __future__ import annotations

from webapp.api_params import FILTERS

TRI = {"type": ["boolean", "null"], "description": "true, false, or null when not stated"}
TOKENS = {"type": "array", "items": {"type": "string"}}
NUM_OR_NULL = {"type": ["number", "null"]}
INT_OR_NULL = {"type": ["integer", "null"]}
STR_OR_NULL = {"type": ["string", "null"]}
_FILTER_DOCS = {
    "q": "Free text (at most 200 characters).",
    "near": "A ZIP, “City, ST”, a state, or “lat,lon” (at most 100 characters).",
    "radius": "Miles from `near`, 1 to 500 (default 25). Exact: nothing further is returned.",
    "insurance": "Insurer tokens, comma-separated (any of them); `any` for clinics that bill "
                 "some insurance.",
    "treatment": "Treatment tokens (all of them).", "condition": "Condition tokens (any).",
    "credential": "Staff credential tokens or groups (all of them).",
    "min_rating": "Combined rating of at least this (1-5).",
    "max_price": "Self-pay session price starting at most this many dollars.",
}


def _param(name: str, schema: dict, description: str = "", where: str = "query") -> dict:
    return {"name": name, "in": where, "required": where == "path", "schema": schema,
            "description": description}


def _filters() -> list[dict]:
    found = []
    for name in FILTERS:
        doc = _FILTER_DOCS.get(name, "1 keeps only clinics that say yes (those silent are "
                                     "left out and counted).")
        schema = ({"type": "string", "enum": ["0", "1", "true", "false"]}
                  if name not in _FILTER_DOCS else {"type": "string", "maxLength": 100})
        found.append(_param(name, schema, doc))
    return found


def _limit(high: int, default: int) -> dict:
    return _param("limit", {"type": "integer", "minimum": 1, "maximum": high, "default": default},
                  f"Items per page, 1 to {high}.")


CURSOR = _param("cursor", {"type": "string", "maxLength": 500},
                "Opaque: copy it from the previous page's `next`; never build one.")
CLINIC_ID = _param("clinic_id", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                   where="path")


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict:
    words = {400: "A parameter is malformed or unknown; `error.parameter` names it.",
             401: "No API key, or one not valid or revoked.", 404: "No such active clinic.",
             429: "Too many requests for this key; see Retry-After.",
             503: "The database or the index is unavailable for a moment; see Retry-After."}
    return {str(s): _json(_ref("Error"), words[s]) for s in (400, 401, 429, 503, *statuses)}


def _ok(schema: str, description: str, *errors: int) -> dict:
    return {"200": _json(_ref(schema), description), "304": {"description": "Not modified."},
            **_errors(*errors)}


CLINIC_PROPS = {
    "id": {"type": "integer"}, "slug": {"type": "string"}, "name": {"type": "string"},
    "organization": STR_OR_NULL, "website": STR_OR_NULL, "phone": STR_OR_NULL,
    "street": STR_OR_NULL, "city": STR_OR_NULL, "state": STR_OR_NULL, "postal_code": STR_OR_NULL,
    "lat": NUM_OR_NULL, "lon": NUM_OR_NULL, "geo_precision": STR_OR_NULL,
    "description": STR_OR_NULL, "hours": STR_OR_NULL, "treatments": TOKENS,
    "conditions": TOKENS, "insurance_accepted": {"enum": ["yes", "no", "unknown"]},
    "insurers": TOKENS, "insurance_treatments": {"type": ["array", "null"]},
    "superbill": TRI, "sliding_scale": TRI, "payment_plans": TRI, "free_consultation": TRI,
    "aftercare": TRI, "accepting_new_patients": TRI, "telehealth": TRI,
    "price_min_usd": INT_OR_NULL, "price_max_usd": INT_OR_NULL, "rating": NUM_OR_NULL,
    "review_count": {"type": "integer"}, "credentials": TOKENS,
    "practitioners": {"type": "array", "items": _ref("Practitioner")},
    "status": {"const": "active"}, "is_demo": {"type": "boolean"},
    "updated_at": {"type": "string", "format": "date-time"},
}
HIT_PROPS = {name: CLINIC_PROPS[name] for name in (
    "slug", "name", "organization", "city", "state", "postal_code", "treatments", "conditions",
    "insurers", "insurance_accepted", "sliding_scale", "payment_plans", "free_consultation",
    "aftercare", "accepting_new_patients", "telehealth", "credentials", "rating",
    "review_count", "price_min_usd", "price_max_usd")}
HIT_PROPS.update({"clinic_id": {"type": "integer"}, "distance_mi": NUM_OR_NULL,
                  "npi_verified": {"type": "boolean"}})
NEXT = {"type": ["string", "null"], "description": "URL of the next page; null on the last."}

SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "parameter": STR_OR_NULL, "suggestions": TOKENS}}}},
    "Practitioner": {"type": "object", "required": ["name", "credentials", "npi_verified"],
                     "properties": {"name": {"type": "string"}, "credentials": TOKENS,
                                    "npi": STR_OR_NULL, "npi_verified": {"type": "boolean"},
                                    "license_state": STR_OR_NULL}},
    "Clinic": {"type": "object", "required": list(CLINIC_PROPS), "properties": CLINIC_PROPS},
    "Tombstone": {"type": "object", "required": ["id", "reason", "merged_into", "updated_at"],
                  "properties": {"id": {"type": "integer"},
                                 "reason": {"enum": ["hidden", "closed", "merged",
                                                     "filtered_out"]},
                                 "merged_into": INT_OR_NULL, "updated_at": STR_OR_NULL}},
    "ClinicPage": {"type": "object",
                   "required": ["clinics", "tombstones", "limit", "next", "next_updated_since"],
                   "properties": {"clinics": {"type": "array", "items": _ref("Clinic")},
                                  "tombstones": {"type": "array", "items": _ref("Tombstone")},
                                  "limit": {"type": "integer"}, "next": NEXT,
                                  "next_updated_since": {"type": "string",
                                                         "format": "date-time"}}},
    "ClinicFull": {"allOf": [_ref("Clinic"), {
        "type": "object", "required": ["ratings", "evidence", "sources"],
        "properties": {
            "ratings": {"type": "object", "required": ["combined", "by_source"], "properties": {
                "combined": {"type": "object", "properties": {"rating": NUM_OR_NULL,
                                                              "review_count": {"type": "integer"}}},
                "by_source": {"type": "array", "items": {"type": "object", "properties": {
                    "source": {"type": "string"}, "rating": {"type": "number"},
                    "review_count": {"type": "integer"}, "url": STR_OR_NULL,
                    "stated_by_source": {"type": "boolean"}, "seen_at": STR_OR_NULL}}}}},
            "evidence": {"type": "object", "additionalProperties": {"type": "array"}},
            "sources": {"type": "object", "additionalProperties": {"type": "array"}}}}]},
    "Review": {"type": "object", "required": ["id", "source", "source_url", "rating"],
               "properties": {"id": {"type": "integer"}, "source": {"type": "string"},
                              "source_url": {"type": "string"}, "also_seen_on": TOKENS,
                              "author": STR_OR_NULL, "rating": {"type": "integer", "minimum": 1,
                                                                "maximum": 5},
                              "text": {"type": "string"}, "published": STR_OR_NULL}},
    "ReviewPage": {"type": "object", "required": ["clinic_id", "reviews", "limit", "next"],
                   "properties": {"clinic_id": {"type": "integer"}, "limit": {"type": "integer"},
                                  "reviews": {"type": "array", "items": _ref("Review")},
                                  "next": NEXT}},
    "Feature": {"type": "object", "required": ["type", "id", "geometry", "properties"],
                "properties": {"type": {"const": "Feature"}, "id": {"type": "integer"},
                               "geometry": {"oneOf": [{"type": "null"}, {
                                   "type": "object", "required": ["type", "coordinates"],
                                   "properties": {"type": {"const": "Point"}, "coordinates": {
                                       "type": "array", "items": {"type": "number"},
                                       "minItems": 2, "maxItems": 2}}}]},
                               "properties": _ref("Clinic")}},
    "FeatureCollection": {"type": "object", "required": ["type", "features"],
                          "properties": {"type": {"const": "FeatureCollection"},
                                         "features": {"type": "array",
                                                      "items": _ref("Feature")}}},
    "Hit": {"type": "object", "required": list(HIT_PROPS), "properties": HIT_PROPS},
    "SearchPage": {"type": "object",
                   "required": ["hits", "total", "limit", "radius_mi", "asked_radius_mi", "next",
                                "facets", "left_out", "notices"],
                   "properties": {"hits": {"type": "array", "items": _ref("Hit")},
                                  "total": {"type": "integer"}, "limit": {"type": "integer"},
                                  "sort": {"type": "string"}, "place": {"type": ["object", "null"]},
                                  "radius_mi": NUM_OR_NULL, "asked_radius_mi": NUM_OR_NULL,
                                  "facets": {"type": "object"}, "left_out": {"type": "array"},
                                  "notices": {"type": "array", "items": {"type": "string"}},
                                  "unknown_counts": {"type": "object"},
                                  "nearest": {"type": "array", "items": _ref("Hit")},
                                  "telehealth": {"type": "array", "items": _ref("Hit")},
                                  "next": NEXT}},
}


def document(site_url: str) -> dict:
    """The OpenAPI 3.1 document, its server at ``site_url``."""
    listing = [*_filters(), _limit(500, 100), CURSOR,
               _param("updated_since", {"type": "string", "format": "date-time"},
                      "RFC 3339. Only clinics whose public facts changed since then, and "
                      "tombstones for those hidden, closed, merged away or no longer matching.")]
    search = [*_filters(), _limit(100, 20), CURSOR,
              _param("widen", {"type": "string", "enum": ["0", "1"]},
                     "1 lets the search look further than `radius` when nothing is inside."),
              _param("sort", {"enum": ["relevance", "distance", "rating", "price"]}),
              _param("unstated", {"type": "string", "maxLength": 100},
                     "A filter's key: list the clinics it left out for not stating its fact.")]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Ketamine and SGB clinic directory: partner API", "version": "1.0.0",
                 "description": "Keyed, cursor-paged, incremental. See /api/v1/docs."},
        "servers": [{"url": site_url.rstrip("/")}],
        "security": [{"bearer": []}, {"apiKey": []}],
        "paths": {
            "/api/v1/clinics": {"get": {
                "operationId": "listClinics", "parameters": listing,
                "responses": _ok("ClinicPage", "A page of clinics (and tombstones).")}},
            "/api/v1/clinics/{clinic_id}": {"get": {
                "operationId": "getClinic", "parameters": [CLINIC_ID],
                "responses": _ok("ClinicFull", "The clinic with sources and ratings.", 404)}},
            "/api/v1/clinics/{clinic_id}/reviews": {"get": {
                "operationId": "listReviews", "parameters": [CLINIC_ID, _limit(100, 20), CURSOR],
                "responses": _ok("ReviewPage", "A page of reviews, newest first.", 404)}},
            "/api/v1/search": {"get": {
                "operationId": "search", "parameters": search,
                "responses": _ok("SearchPage", "Matches, nearest or best first.")}},
            "/api/v1/export.geojson": {"get": {
                "operationId": "exportGeoJSON", "parameters": [],
                "responses": {"200": {
                    "description": "Every public clinic as a GeoJSON FeatureCollection "
                                   "(a clinic whose place is unknown has a null geometry).",
                    "content": {"application/geo+json": {"schema": _ref("FeatureCollection")}}},
                    "304": {"description": "Not modified."}, **_errors()}}},
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}},
        },
    }
