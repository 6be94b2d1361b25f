"""The partner API's arguments, caching, compression and CORS, as a partner's client meets them."""
from __future__ import annotations

import gzip

import pytest

from clinics.db import session_scope
from clinics.models import Clinic
from sqlalchemy import select


@pytest.mark.parametrize(("path", "code", "parameter"), [
    ("/api/v1/clinics?page=2", "unknown_parameter", "page"),
    ("/api/v1/clinics?limit=abc", "invalid_parameter", "limit"),
    ("/api/v1/clinics?limit=501", "invalid_parameter", "limit"),
    ("/api/v1/clinics?cursor=made-up", "invalid_cursor", "cursor"),
    ("/api/v1/clinics?updated_since=yesterday", "invalid_parameter", "updated_since"),
    ("/api/v1/clinics?updated_since=2026-02-30T00:00:00Z", "invalid_parameter", "updated_since"),
    ("/api/v1/clinics?sliding_scale=maybe", "invalid_parameter", "sliding_scale"),
    ("/api/v1/clinics?radius=abc&near=21201", "invalid_query", "radius"),
    ("/api/v1/search?widen=2", "invalid_parameter", "widen"),
    ("/api/v1/search?per_page=5", "unknown_parameter", "per_page"),
    ("/api/v1/search?near=99999", "unknown_place", "near"),
    ("/api/v1/clinics/1/reviews?limit=0", "invalid_parameter", "limit"),
    ("/api/v1/clinics/1?verbose=1", "unknown_parameter", "verbose"),
])
def test_a_bad_or_unknown_argument_is_a_400_naming_it(client, path, code, parameter):
    response = client.get(path)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["parameter"]) == (code, parameter) and error["message"]


def test_a_cursor_is_refused_with_other_filters(client, app):
    first = client.get("/api/v1/clinics?limit=2&insurance=aetna").get_json()
    cursor = first["next"].split("cursor=")[1]
    other = client.get(f"/api/v1/clinics?limit=2&insurance=cigna&cursor={cursor}")
    assert other.status_code == 400 and other.get_json()["error"]["code"] == "invalid_cursor"


def test_the_listing_takes_the_search_filters_with_an_exact_radius(client):
    body = client.get("/api/v1/clinics?near=21201&radius=10&insurance=aetna").get_json()
    assert [c["slug"] for c in body["clinics"]] == ["harbor-ketamine-baltimore"]
    sgb = client.get("/api/v1/clinics?near=21201&radius=25&treatment=sgb").get_json()
    assert sgb["clinics"] == []


def test_search_pages_by_cursor_and_never_widens_unasked(client, app):
    bodies = [client.get("/api/v1/search?near=21201&radius=250&limit=2").get_json()]
    while bodies[-1]["next"]:
        bodies.append(client.get(bodies[-1]["next"].removeprefix(app.config["SITE_URL"])).get_json())
    names = [h["slug"] for body in bodies for h in body["hits"]]
    assert len(bodies) == 4 and len(names) == len(set(names)) == bodies[0]["total"] == 7
    exact = client.get("/api/v1/search?near=21201&radius=10&treatment=sgb").get_json()
    assert (exact["total"], exact["radius_mi"], exact["nearest"]) == (0, 10, [])


def test_reviews_are_paged_and_name_their_source(client, app):
    with session_scope(app.config["DATABASE_URL"]) as session:
        harbor = session.scalar(select(Clinic.id).where(
            Clinic.slug == "harbor-ketamine-baltimore"))
    first = client.get(f"/api/v1/clinics/{harbor}/reviews?limit=1").get_json()
    assert [r["author"] for r in first["reviews"]] == ["Kim"]
    assert first["reviews"][0]["source"] == "sample"
    assert first["reviews"][0]["source_url"] == "https://reviews.example/2"
    second = client.get(first["next"].removeprefix(app.config["SITE_URL"])).get_json()
    assert [r["author"] for r in second["reviews"]] == ["Pat"] and second["next"] is None


def test_the_full_clinic_names_each_facts_sources_and_dates(client, app):
    with session_scope(app.config["DATABASE_URL"]) as session:
        harbor = session.scalar(select(Clinic.id).where(
            Clinic.slug == "harbor-ketamine-baltimore"))
    body = client.get(f"/api/v1/clinics/{harbor}").get_json()
    assert body["evidence"]["insurers"][0]["value"] == "aetna"
    retired = body["sources"]["price_min_usd"][0]
    assert retired["url"] == "https://dir.example/harbor" and retired["retired_at"].startswith(
        "2025-06-03")
    assert body["ratings"]["combined"] == {"rating": 4.0, "review_count": 2}
    assert body["ratings"]["by_source"][0]["source"] == "sample"
    assert {p["name"] for p in body["practitioners"]} == {"Dana Reyes", "Sam Lee"}
    assert body["sliding_scale"] is True and body["payment_plans"] is None


def test_an_unchanged_answer_is_a_304_by_etag_and_by_date(client, app):
    with session_scope(app.config["DATABASE_URL"]) as session:
        harbor = session.scalar(select(Clinic.id).where(
            Clinic.slug == "harbor-ketamine-baltimore"))
    first = client.get(f"/api/v1/clinics/{harbor}")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(f"/api/v1/clinics/{harbor}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    listing = client.get("/api/v1/clinics")
    assert client.get("/api/v1/clinics", headers={
        "If-None-Match": listing.headers["ETag"]}).status_code == 304
    assert client.get("/api/v1/clinics", headers={"If-None-Match": '"other"'}).status_code == 200


def test_large_answers_are_gzipped(client):
    response = client.get("/api/v1/clinics?limit=500", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b'"clinics"' in gzip.decompress(response.data)


def test_cors_is_off_unless_set_and_then_names_the_origin(make_app, directory):
    plain = make_app(directory).test_client()
    assert "Access-Control-Allow-Origin" not in plain.get(
        "/api/v1/clinics", headers={"Origin": "https://portal.example"}).headers
    client = make_app(directory, API_CORS_ORIGINS="https://portal.example").test_client()
    allowed = client.get("/api/v1/clinics", headers={"Origin": "https://portal.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://portal.example"
    assert "RateLimit-Remaining" in allowed.headers["Access-Control-Expose-Headers"]
    other = client.get("/api/v1/clinics", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options("/api/v1/clinics", headers={
        "Origin": "https://portal.example", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200
    assert "X-API-Key" in preflight.headers["Access-Control-Allow-Headers"]
