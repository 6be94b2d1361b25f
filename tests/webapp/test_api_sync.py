"""A partner's copy, built by paging /api/v1/clinics and kept with ``updated_since`` across
ingests and moderation that add, change, hide, close and merge clinics, equals the directory."""
from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from clinics.db import session_scope
from clinics.ingest import upsert_clinic
from clinics.models import Clinic
from clinics import moderation
from databases import new_database
from search_index import rebuild
from webapp import partner_shape, queries

PLACES = {"calm": "21201", "bay": "21401", "hill": "20001", "river": "19103", "oak": "23219"}


def record(word: str, **overrides) -> dict:
    base = {"name": f"{word.title()} Ketamine Center", "website": f"https://{word}.example/",
            "phone": f"(410) 555-01{len(word):02d}", "street": f"{len(word)} Main Street",
            "postal_code": PLACES.get(word, "21044"), "treatments": ["ketamine infusion"],
            "insurers": ["Aetna"], "practitioners": [{"name": f"{word.title()} Lee",
                                                      "credentials": ["MD"]}]}
    return {**base, **overrides}


def ingest(url: str, *records: dict) -> None:
    with session_scope(url) as session:
        for each in records:
            upsert_clinic(session, each, source_url=each["website"], spider="clinic_site")


def directory_now(url: str) -> dict[int, dict]:
    with session_scope(url) as session:
        return {c.id: partner_shape.listed(c) for c in queries.iter_active_clinics(session)}


def page_all(client, site_url: str, first: str) -> list[dict]:
    bodies, url = [], first
    while url:
        body = client.get(url).get_json()
        bodies.append(body)
        url = body["next"] and body["next"].removeprefix(site_url)
    return bodies


def sync(client, site_url: str, copy: dict[int, dict], since: str) -> tuple[str, set[int]]:
    """Apply every change since ``since``; (the next since, the ids the answers named)."""
    named = set()
    bodies = page_all(client, site_url, f"/api/v1/clinics?limit=2&updated_since={since}")
    for body in bodies:
        for clinic in body["clinics"]:
            copy[clinic["id"]] = clinic
            named.add(clinic["id"])
        for gone in body["tombstones"]:
            copy.pop(gone["id"], None)
            named.add(gone["id"])
    return bodies[-1]["next_updated_since"], named


def clinic_id(url: str, word: str) -> int:
    with session_scope(url) as session:
        return session.scalar(select(Clinic.id).where(Clinic.website == f"https://{word}.example/"))


def stamp() -> str:
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


@pytest.fixture
def partner(tmp_path, make_app):
    url = new_database(tmp_path, filename="sync.sqlite3")
    ingest(url, *(record(word) for word in PLACES))
    rebuild(database_url=url, index_dir=tmp_path / "index")
    app = make_app(SimpleNamespace(database_url=url, index_dir=tmp_path / "index"))
    return url, app, app.test_client()


def test_a_partner_copy_kept_with_updated_since_equals_the_directory(partner):
    url, app, client = partner
    site = app.config["SITE_URL"]
    bodies = page_all(client, site, "/api/v1/clinics?limit=2")
    copy = {c["id"]: c for body in bodies for c in body["clinics"]}
    since = bodies[-1]["next_updated_since"]
    assert len(bodies) == 3 and copy == directory_now(url)

    before_round = stamp()
    ingest(url, record("elm", postal_code="21044"),                 # a new clinic
           record("calm", insurers=["Aetna", "Cigna"]),              # a changed fact
           record("bay"),                                            # seen again, unchanged
           record("hill", practitioners=[{"name": "Hill Lee", "credentials": ["MD"]},
                                         {"name": "Ro Park", "credentials": ["CRNA"]}]))
    changed = client.get(f"/api/v1/clinics?limit=500&updated_since={before_round}").get_json()
    assert {c["id"] for c in changed["clinics"]} == {
        clinic_id(url, w) for w in ("elm", "calm", "hill")}
    since, _ = sync(client, site, copy, since)
    assert copy == directory_now(url) and len(copy) == 6

    ids = {w: clinic_id(url, w) for w in ("river", "oak", "calm", "elm")}
    with session_scope(url) as session:
        by_word = {w: session.get(Clinic, ids[w]) for w in ids}
        moderation.set_status(by_word["river"], "hidden")
        moderation.set_status(by_word["oak"], "closed")
        moderation.merge(session, by_word["calm"], by_word["elm"])
    since, named = sync(client, site, copy, since)
    assert copy == directory_now(url) and len(copy) == 3
    assert {ids["river"], ids["oak"], ids["elm"], ids["calm"]} <= named

    tombs = client.get("/api/v1/clinics?limit=500&updated_since=2000-01-01T00:00:00Z").get_json()
    reasons = {t["id"]: (t["reason"], t["merged_into"]) for t in tombs["tombstones"]}
    assert reasons == {ids["river"]: ("hidden", None), ids["oak"]: ("closed", None),
                       ids["elm"]: ("merged", ids["calm"])}

    with session_scope(url) as session:
        moderation.set_status(session.get(Clinic, ids["river"]), "active")
    sync(client, site, copy, since)
    assert copy == directory_now(url) and ids["river"] in copy
