"""``/api/v1/export.geojson``: every public clinic as one GeoJSON FeatureCollection (RFC 7946).

Each feature is a clinic in the listing's shape (``partner_shape.listed``) as its properties, at
a Point of [longitude, latitude]; a clinic whose place is not known has a null geometry rather
than a made-up one. A key is needed, as on every data route of the API.
"""
from __future__ import annotations

from flask import Blueprint, current_app, json

from clinics.models import Clinic
from webapp import api_params, partner_queries, partner_shape
from webapp.db import get_session

MEDIA_TYPE = "application/geo+json"
# Clinics read per query: a bounded batch rather than every row and relation at once.
BATCH = 1000


def feature(clinic: Clinic) -> dict:
    point = None
    if clinic.lat is not None and clinic.lon is not None:
        point = {"type": "Point", "coordinates": [clinic.lon, clinic.lat]}
    return {"type": "Feature", "id": clinic.id, "geometry": point,
            "properties": partner_shape.listed(clinic)}


def public_features() -> list[dict]:
    session, after, found = get_session(), 0, []
    while True:
        rows = partner_queries.active_after(session, after, BATCH)
        found += [feature(c) for c in rows]
        if len(rows) < BATCH:
            return found
        after = rows[-1].id


def export_geojson():
    api_params.only(())
    body = {"type": "FeatureCollection", "features": public_features()}
    return current_app.response_class(json.dumps(body), mimetype=MEDIA_TYPE)


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/export.geojson", "export_geojson", export_geojson, methods=["GET"])
