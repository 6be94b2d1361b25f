"""HSDS 3.0 under /api/hsds/: every answer of every route validates against the specification's
own JSON Schemas (vendored in tests/data/hsds with their licence), pages count right, ids are
the stable uuid5s, and payment facts and staff credentials land where referral systems read them."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from pathlib import Path

import jsonschema_rs
import pytest

from webapp import hsds_shape

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "hsds"
UUID5_NAMESPACE = uuid.UUID("6f1c7f0e-3b8a-5d2e-9c41-2a7d0b5e8f13")


@pytest.fixture(scope="module")
def schemas():
    """One validator per vendored schema, checking formats (uuid, uri, date-time, email)."""
    return {path.stem: jsonschema_rs.validator_for(json.loads(path.read_text()),
                                                   validate_formats=True)
            for path in SCHEMAS.glob("*.json")}


def valid(validator, body: dict) -> dict:
    errors = [f"{e.instance_path}: {e.message}" for e in validator.iter_errors(body)]
    assert errors == []
    return body


def page_of(client, url: str, item_schema, schemas) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert {"total_items", "total_pages", "page_number", "size", "first_page", "last_page",
            "empty", "contents"} <= body.keys()
    assert body["size"] == len(body["contents"])
    for item in body["contents"]:
        valid(schemas[item_schema], item)
    return body


def active(records):
    return [r for r in records if r.get("status", "active") == "active"]


def treatments_of(records) -> int:
    return sum(len(r["treatments"]) or 1 for r in active(records))


LISTS = [("/api/hsds/organizations", "organization_list"),
         ("/api/hsds/organizations?full=1", "organization"),
         ("/api/hsds/organizations?full=1&full_service=1", "organization"),
         ("/api/hsds/services", "service_list"),
         ("/api/hsds/services?minimal=1", "service_list"),
         ("/api/hsds/services?full=1", "service"),
         ("/api/hsds/service_at_locations", "service_at_location_list"),
         ("/api/hsds/service_at_locations?full=1", "service_at_location")]


@pytest.mark.parametrize(("url", "schema"), LISTS)
def test_every_list_validates_against_the_hsds_schemas(client, schemas, clinic_records, url,
                                                       schema):
    body = page_of(client, url + ("&" if "?" in url else "?") + "per_page=500", schema, schemas)
    expected = len(active(clinic_records)) if "organizations" in url else \
        treatments_of(clinic_records)
    assert body["total_items"] == len(body["contents"]) == expected
    assert body["total_pages"] == 1 and body["first_page"] and body["last_page"]
    assert body["empty"] is False


def test_every_record_by_id_validates_against_its_full_schema(client, schemas, clinic_records):
    organizations = client.get("/api/hsds/organizations?per_page=500").get_json()["contents"]
    for org in organizations:
        valid(schemas["organization"], client.get(f"/api/hsds/organizations/{org['id']}")
              .get_json())
        body = client.get(f"/api/hsds/organizations/{org['id']}?full_service=1").get_json()
        for each in valid(schemas["organization"], body)["services"]:
            valid(schemas["service"], each)
    services = client.get("/api/hsds/services?per_page=500").get_json()["contents"]
    for each in services:
        valid(schemas["service"], client.get(f"/api/hsds/services/{each['id']}").get_json())
    places = client.get("/api/hsds/service_at_locations?per_page=500").get_json()["contents"]
    for each in places:
        response = client.get(f"/api/hsds/service_at_locations/{each['id']}")
        assert response.status_code == 200
        valid(schemas["service_at_location"], response.get_json())
    assert len(services) == len(places) == treatments_of(clinic_records)


def test_the_root_says_the_version_and_documents_the_credential_taxonomy(client):
    response = client.get("/api/hsds/", headers={"X-API-Key": ""})
    assert response.status_code == 200
    body = response.get_json()
    assert body["version"] == "3.0" and body["openapi_url"].startswith("https://")
    taxonomy = body["taxonomies"][0]
    assert taxonomy["name"] == hsds_shape.STAFF_CREDENTIALS_TAXONOMY
    codes = {term["code"] for term in taxonomy["terms"]}
    assert {"md", "crna", "pmhnp", "board_certified_anesthesiology"} <= codes


def test_ids_are_uuid5_of_the_fixed_namespace_and_the_clinic_id(client, app):
    from clinics.db import session_scope
    from clinics.models import Clinic
    from sqlalchemy import select
    with session_scope(app.config["DATABASE_URL"]) as session:
        harbor = session.scalars(select(Clinic).where(
            Clinic.slug == "harbor-ketamine-baltimore")).one().id
    org_id = str(uuid.uuid5(UUID5_NAMESPACE, f"clinic/{harbor}"))
    service_id = str(uuid.uuid5(UUID5_NAMESPACE, f"clinic/{harbor}/service/iv_ketamine"))
    org = client.get(f"/api/hsds/organizations/{org_id}").get_json()
    assert org["name"] == "Harbor Ketamine Center"
    assert {s["id"] for s in org["services"]} >= {service_id}
    assert client.get(f"/api/hsds/services/{service_id}").get_json()["organization_id"] == org_id
    listed = client.get(f"/api/hsds/services?organization_id={org_id}").get_json()
    assert listed["total_items"] == 2
    assert [s["name"] for s in listed["contents"]] == ["IV ketamine infusion",
                                                       "Spravato (esketamine)"]


def test_payment_facts_become_cost_options_and_a_fees_description(client):
    services = client.get("/api/hsds/services?full=1&per_page=500").get_json()["contents"]
    harbor = next(s for s in services if s["organization"]["name"] == "Harbor Ketamine Center"
                  and s["name"] == "IV ketamine infusion")
    options = {o["option"]: o for o in harbor["cost_options"]}
    assert set(options) == {"Self-pay", "Sliding scale", "Insurance: Aetna", "Insurance: Cigna"}
    assert options["Self-pay"]["amount"] == 400 and options["Self-pay"]["currency"] == "USD"
    assert "$400–$550 per session" in options["Self-pay"]["amount_description"]
    assert harbor["fees_description"].startswith("Self-pay price: $400–$550 per session")
    assert "Sliding scale: yes." in harbor["fees_description"]
    assert "Payment plans: not stated." in harbor["fees_description"]
    columbia = next(s for s in services if s["organization"]["name"].startswith("Columbia"))
    assert columbia["cost_options"] == []
    assert "Insurance: not accepted." in columbia["fees_description"]
    assert "url" not in columbia and "website" not in columbia["organization"]


def test_staff_credentials_are_attributes_of_the_taxonomy(client):
    services = client.get("/api/hsds/services?full=1&per_page=500").get_json()["contents"]
    harbor = next(s for s in services if s["organization"]["name"] == "Harbor Ketamine Center")
    found = {a["taxonomy_term"]["code"]: a for a in harbor["attributes"]}
    assert set(found) == {"md", "board_certified_anesthesiology", "crna"}
    assert found["crna"]["value"] == "1" and found["crna"]["link_id"] == harbor["id"]
    assert found["md"]["taxonomy_term"]["taxonomy"] == hsds_shape.STAFF_CREDENTIALS_TAXONOMY
    assert harbor["accreditations"] == \
        "Staff credentials: MD, Board-certified anesthesiologist, CRNA"


def test_pages_count_and_end(client, clinic_records):
    total = treatments_of(clinic_records)
    first = client.get("/api/hsds/services?per_page=3").get_json()
    assert (first["total_items"], first["total_pages"], first["page_number"], first["size"]) \
        == (total, -(-total // 3), 1, 3)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    ids = []
    for page in range(1, first["total_pages"] + 1):
        body = client.get(f"/api/hsds/services?per_page=3&page={page}").get_json()
        ids += [s["id"] for s in body["contents"]]
        assert body["last_page"] is (page == first["total_pages"])
    assert len(ids) == len(set(ids)) == total
    beyond = client.get(f"/api/hsds/services?per_page=3&page={first['total_pages'] + 1}")
    assert beyond.get_json()["empty"] is True and beyond.get_json()["contents"] == []


def test_hidden_clinics_are_not_listed(client):
    names = [o["name"] for o in client.get("/api/hsds/organizations?per_page=500")
             .get_json()["contents"]]
    assert "Timonium Hidden Clinic" not in names and "Harbor Ketamine Center" in names


def test_modified_after_keeps_what_changed_since(small_directory, make_app, schemas):
    old = datetime(2025, 1, 1, tzinfo=timezone.utc)
    new = datetime(2026, 6, 1, tzinfo=timezone.utc)
    built = small_directory([
        dict(slug="old-one", name="Old One", postal_code="21202", treatments=["sgb"],
             first_seen=old),
        dict(slug="changed-one", name="Changed One", postal_code="21201",
             treatments=["iv_ketamine", "sgb"], first_seen=old, changed_at=new)])
    client = make_app(built).test_client()
    body = page_of(client, "/api/hsds/services?modified_after=2026-01-01T00:00:00Z",
                   "service_list", schemas)
    assert [s["name"] for s in body["contents"]] == ["IV ketamine infusion",
                                                     "Stellate ganglion block (SGB)"]
    assert body["contents"][0]["last_modified"] == "2026-06-01T00:00:00Z"
    minimal = page_of(client, "/api/hsds/services?minimal=1&modified_after=2026-06-01T00:00:00Z",
                      "service_list", schemas)
    assert {s["modified_date"] for s in minimal["contents"]} == {"2026-06-01T00:00:00Z"}
    orgs = client.get("/api/hsds/organizations?modified_after=2024-12-31T00:00:00Z").get_json()
    assert orgs["total_items"] == 2


@pytest.mark.parametrize("url", [
    "/api/hsds/services?page=0", "/api/hsds/services?per_page=501",
    "/api/hsds/services?modified_after=yesterday", "/api/hsds/services?full=maybe",
    "/api/hsds/organizations?search=x", "/api/hsds/services?format=ndjson"])
def test_bad_arguments_are_400s_naming_them(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] in url


@pytest.mark.parametrize("path", ["services", "organizations", "service_at_locations"])
def test_unknown_ids_are_json_404s(client, path):
    for wanted in (str(uuid.uuid4()), "not-a-uuid"):
        response = client.get(f"/api/hsds/{path}/{wanted}")
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"


def test_records_need_a_key(client):
    response = client.get("/api/hsds/services", headers={"X-API-Key": "ck_wrong"})
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"


def test_the_schemas_refuse_what_hsds_forbids(schemas):
    """The validators can fail: a bad id, a null, a missing name and a bad status are refused."""
    good = {"id": "6f1c7f0e-3b8a-5d2e-9c41-2a7d0b5e8f13", "name": "SGB", "status": "active"}
    assert schemas["service"].is_valid(good)
    for broken in ({**good, "id": "12"}, {**good, "url": None}, {"id": good["id"],
                   "status": "active"}, {**good, "status": "open"}):
        assert not schemas["service"].is_valid(broken)


def test_modified_after_names_services_of_clinics_that_left(small_directory, make_app, schemas):
    old = datetime(2025, 1, 1, tzinfo=timezone.utc)
    gone_at = datetime(2026, 7, 1, tzinfo=timezone.utc)
    built = small_directory([
        dict(slug="still-here", name="Still Here", postal_code="21202", treatments=["sgb"],
             first_seen=old),
        dict(slug="shut", name="Shut Clinic", postal_code="21201", treatments=["sgb"],
             status="closed", first_seen=old, changed_at=gone_at),
        dict(slug="moderated", name="Moderated Clinic", postal_code="21401",
             treatments=["iv_ketamine"], status="hidden", first_seen=old, changed_at=gone_at)])
    client = make_app(built).test_client()
    for flags in ("", "&full=1", "&minimal=1"):
        body = page_of(client, "/api/hsds/services?modified_after=2026-06-01T00:00:00Z" + flags,
                       "service" if flags == "&full=1" else "service_list", schemas)
        assert sorted(s["status"] for s in body["contents"]) == ["defunct", "inactive"]
        for gone in body["contents"]:
            assert set(gone) == {"id", "name", "status", "last_modified", "modified_date"}
            assert gone["last_modified"] == "2026-07-01T00:00:00Z"
            assert client.get(f"/api/hsds/services/{gone['id']}").status_code == 404
    listed = client.get("/api/hsds/services").get_json()["contents"]
    assert [(s["name"], s["status"]) for s in listed] == [("Stellate ganglion block (SGB)",
                                                           "active")]
    assert "Moderated" not in client.get("/api/hsds/services?modified_after=2000-01-01T00:00:00Z"
                                         ).get_data(as_text=True)
