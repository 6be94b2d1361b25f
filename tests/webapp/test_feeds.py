"""/feed.json follows the JSON Feed 1.1 rules; /api/v1/export.geojson is every public clinic as a
GeoJSON FeatureCollection, for key holders only."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
OLD = datetime(2025, 1, 1, tzinfo=timezone.utc)


def active(records):
    return [r for r in records if r.get("status", "active") == "active"]


def check_json_feed_rules(response) -> dict:
    """The JSON Feed 1.1 rules a reader relies on, checked one by one."""
    assert response.status_code == 200
    assert response.mimetype == "application/feed+json"
    feed = response.get_json(force=True)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert feed["feed_url"].endswith("/feed.json") and feed["home_page_url"].startswith("http")
    assert isinstance(feed["items"], list)
    ids = [item["id"] for item in feed["items"]]
    assert len(ids) == len(set(ids)) and all(isinstance(i, str) and i for i in ids)
    for item in feed["items"]:
        assert item["url"].startswith("http")
        for key in ("date_published", "date_modified"):
            assert RFC3339.fullmatch(item[key]), item[key]
        assert item.get("content_text") or item.get("content_html")
        extensions = [k for k in item if k not in {"id", "url", "external_url", "title",
                                                   "content_html", "content_text", "summary",
                                                   "image", "banner_image", "date_published",
                                                   "date_modified", "authors", "tags",
                                                   "language", "attachments"}]
        assert all(k.startswith("_") for k in extensions), extensions
    return feed


def test_the_feed_follows_the_json_feed_rules(client, clinic_records):
    feed = check_json_feed_rules(client.get("/feed.json", headers={"X-API-Key": ""}))
    slugs = {item["_clinic"]["slug"] for item in feed["items"]}
    assert slugs == {r["slug"] for r in active(clinic_records)}
    harbor = next(i for i in feed["items"] if i["_clinic"]["slug"] == "harbor-ketamine-baltimore")
    assert harbor["url"].endswith("/clinics/harbor-ketamine-baltimore")
    assert harbor["id"].startswith("urn:uuid:")
    assert harbor["_clinic"]["insurers"] == ["aetna", "cigna"]
    assert harbor["date_modified"] == harbor["_clinic"]["updated_at"]


def test_the_feed_lists_the_latest_change_first_and_answers_304(small_directory, make_app):
    built = small_directory([
        dict(slug="quiet", name="Quiet Clinic", postal_code="21202", first_seen=OLD),
        dict(slug="changed", name="Changed Clinic", postal_code="21201", first_seen=OLD,
             changed_at=datetime(2026, 6, 1, tzinfo=timezone.utc)),
        dict(slug="gone", name="Gone Clinic", postal_code="21401", status="closed",
             changed_at=datetime(2026, 7, 1, tzinfo=timezone.utc))])
    client = make_app(built).test_client()
    response = client.get("/feed.json")
    feed = check_json_feed_rules(response)
    assert [i["title"] for i in feed["items"]] == ["Changed Clinic", "Quiet Clinic"]
    assert feed["items"][0]["date_modified"] == "2026-06-01T00:00:00Z"
    again = client.get("/feed.json", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_export_is_a_feature_collection_of_every_public_clinic(client, clinic_records):
    response = client.get("/api/v1/export.geojson")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    body = response.get_json(force=True)
    assert body["type"] == "FeatureCollection"
    assert {f["properties"]["slug"] for f in body["features"]} == \
        {r["slug"] for r in active(clinic_records)}
    for found in body["features"]:
        assert found["type"] == "Feature" and found["id"] == found["properties"]["id"]
        lon, lat = found["geometry"]["coordinates"]
        assert found["geometry"]["type"] == "Point"
        assert (lat, lon) == (found["properties"]["lat"], found["properties"]["lon"])
        assert -180 <= lon <= -60 and 15 <= lat <= 72


def test_a_clinic_without_a_place_has_no_geometry(small_directory, make_app):
    built = small_directory([dict(slug="nowhere", name="Nowhere", postal_code="21202",
                                  lat=None, lon=None)])
    body = make_app(built).test_client().get("/api/v1/export.geojson").get_json(force=True)
    assert [f["geometry"] for f in body["features"]] == [None]


@pytest.mark.parametrize("headers", [{"X-API-Key": ""}, {"X-API-Key": "ck_not_a_key"}])
def test_export_needs_a_key(client, headers):
    response = client.get("/api/v1/export.geojson", headers=headers)
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"


def test_export_refuses_arguments(client):
    response = client.get("/api/v1/export.geojson?limit=5")
    assert response.status_code == 400 and response.get_json()["error"]["parameter"] == "limit"


def test_without_the_database_the_feed_and_the_formats_answer_503(small_directory, make_app):
    import os

    from clinics.db import sqlite_path
    # Moving the file away is SQLite's outage; the fault tests stop a PostgreSQL server's.
    built = small_directory([dict(slug="one", name="One", postal_code="21202")], "sqlite")
    app = make_app(built)
    path = sqlite_path(built.database_url)
    os.rename(path, path.with_name("moved-away.sqlite3"))
    try:
        client = app.test_client()
        for url in ("/feed.json", "/api/v1/export.geojson", "/api/hsds/services",
                    "/api/hsds/organizations"):
            response = client.get(url)
            assert response.status_code == 503, (url, response.status_code)
            assert response.headers["Retry-After"]
    finally:
        os.rename(path.with_name("moved-away.sqlite3"), path)
