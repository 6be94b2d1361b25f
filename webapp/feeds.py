"""``/feed.json``: a JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the clinics added or
changed most recently, for anyone who follows the directory in a feed reader or a script.

An item is a clinic: its ``id`` is the clinic's stable HSDS organization UUID as a URN (so an
update replaces the item rather than adding one), ``url`` its page, ``date_modified`` when a
public fact last changed (RFC 3339), and ``_clinic`` the clinic in the partner listing's shape,
an extension as the JSON Feed rules name them. Only public (active) clinics appear.
"""
from __future__ import annotations

from flask import Blueprint, current_app, json, request

from webapp import feed_queries, hsds_shape, partner_shape
from webapp.db import get_session

bp = Blueprint("feeds", __name__)

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
MEDIA_TYPE = "application/feed+json"
FEED_ITEMS = 50


def _site() -> str:
    return current_app.config["SITE_URL"].rstrip("/")


def _summary(clinic) -> str:
    place = ", ".join(p for p in (clinic.city, clinic.state) if p)
    return f"{clinic.name}" + (f", {place}" if place else "") + ": listing added or updated."


def item(clinic) -> dict:
    listed = partner_shape.listed(clinic)
    return {"id": "urn:uuid:" + hsds_shape.organization_id(clinic.id),
            "url": f"{_site()}/clinics/{clinic.slug}", "title": clinic.name,
            "content_text": _summary(clinic),
            "date_published": hsds_shape.iso(clinic.first_seen),
            "date_modified": listed["updated_at"], "_clinic": listed}


@bp.get("/feed.json")
def feed():
    rows = feed_queries.recently_changed(get_session(), FEED_ITEMS)
    body = {"version": JSON_FEED_VERSION, "title": "Ketamine and SGB clinics: new and updated",
            "home_page_url": _site() + "/", "feed_url": _site() + "/feed.json",
            "description": f"The {FEED_ITEMS} clinic listings added or changed most recently.",
            "language": "en-US", "items": [item(c) for c in rows]}
    response = current_app.response_class(json.dumps(body), mimetype=MEDIA_TYPE)
    response.add_etag()
    return response.make_conditional(request)
