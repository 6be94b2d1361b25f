"""Moderation through the admin pages: an admin's edit outranks crawls and says so; merge and
split keep every source; a hidden review leaves the rating; a correction accepted is applied
with provenance and its sender sees the status; every action is in the audit log."""
import re

import pytest
from sqlalchemy import select

from clinics import db
from clinics.ingest import upsert_clinic
from clinics.models import AuditEntry, Clinic, CorrectionRequest, FieldSource, Review
from admin_accounts import ADMIN

HARBOR = {"name": "Harbor Ketamine", "website": "https://harbor.example/", "phone": "+14105550123",
          "street": "10 Light St", "city": "Baltimore", "state": "MD", "postal_code": "21202",
          "treatments": ["iv_ketamine"], "sliding_scale": True}
KIM = {"author": "Kim", "rating": 5, "text": "Kind staff.", "published": "2025-03-02",
       "source_url": "https://dir.example/harbor"}
COVE = {"name": "Cove Infusions", "website": "https://cove.example/", "phone": "+14105550999",
        "street": "5 Bay Rd", "city": "Annapolis", "state": "MD", "postal_code": "21401",
        "treatments": ["sgb"]}


@pytest.fixture
def seeded(place):
    with db.session_scope(place.database_url) as session:
        harbor = upsert_clinic(session, HARBOR, source_url="https://harbor.example/",
                               spider="clinic_site").clinic_id
        upsert_clinic(session, {**HARBOR, "sliding_scale": False, "reviews": [KIM]},
                      source_url="https://dir.example/harbor", spider="directory")
        cove = upsert_clinic(session, COVE, source_url="https://cove.example/",
                             spider="clinic_site").clinic_id
    return harbor, cove


@pytest.fixture
def client(admin_app, seeded):
    client = admin_app(WTF_CSRF_ENABLED=False).test_client()
    assert client.post("/admin/login", data=dict(zip(("email", "password"), ADMIN))
                       ).status_code == 302
    return client


def _clinic(place, clinic_id):
    with db.session_scope(place.database_url) as session:
        clinic = session.get(Clinic, clinic_id)
        return clinic, {(r.field, r.source_url) for r in clinic.field_sources}


def test_the_clinic_page_shows_each_field_with_its_sources_and_conflicts(client, seeded):
    page = client.get(f"/admin/clinics/{seeded[0]}").get_data(as_text=True)
    assert "https://dir.example/harbor" in page and "https://harbor.example/" in page
    assert re.search(r"sliding_scale\s*<strong>\(sources disagree\)</strong>", page)
    found = client.get("/admin/clinics?q=harbor").get_data(as_text=True)
    assert "Harbor Ketamine" in found and "Cove Infusions" not in found


def test_an_admin_edit_outranks_a_crawl_and_is_shown_as_such(client, place, seeded):
    harbor = seeded[0]
    response = client.post(f"/admin/clinics/{harbor}/field", data={
        "field": "phone", "value": "+14105550000", "reason": "called the clinic"})
    assert response.status_code == 302
    with db.session_scope(place.database_url) as session:
        upsert_clinic(session, HARBOR, source_url="https://harbor.example/", spider="clinic_site")
    clinic, _ = _clinic(place, harbor)
    assert clinic.phone == "+14105550000", "a crawl must not undo an admin's edit"
    assert "Admin edit" in client.get(f"/admin/clinics/{harbor}").get_data(as_text=True)
    bad = client.post(f"/admin/clinics/{harbor}/field", data={
        "field": "postal_code", "value": "2120", "reason": "typo"})
    assert bad.status_code == 400 and "five digits" in bad.get_data(as_text=True)


def test_merge_then_split_keep_every_source(client, place, seeded):
    harbor, cove = seeded
    _, harbor_sources = _clinic(place, harbor)
    _, cove_sources = _clinic(place, cove)
    assert client.post(f"/admin/clinics/{harbor}/merge", data={"other_id": cove}
                       ).status_code == 302
    merged, sources = _clinic(place, harbor)
    gone, _ = _clinic(place, cove)
    assert sources == harbor_sources | cove_sources
    assert gone.status == "hidden" and gone.merged_into_id == harbor
    response = client.post(f"/admin/clinics/{harbor}/split",
                           data={"source_urls": ["https://cove.example/"]})
    assert response.status_code == 302
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    new, new_sources = _clinic(place, new_id)
    _, left = _clinic(place, harbor)
    assert new.name == "Cove Infusions" and new.status == "active"
    assert new_sources == cove_sources and left == harbor_sources


def test_a_hidden_review_leaves_the_page_and_the_rating(client, place, seeded):
    with db.session_scope(place.database_url) as session:
        review = session.scalar(select(Review))
        assert session.get(Clinic, seeded[0]).review_count == 1
    assert client.post(f"/admin/reviews/{review.id}/hide", data={"reason": "spam"}
                       ).status_code == 302
    clinic, _ = _clinic(place, seeded[0])
    assert clinic.review_count == 0 and clinic.rating is None
    listed = client.get("/admin/reviews").get_data(as_text=True)
    assert "Hidden: spam" in listed and "https://dir.example/harbor" in listed


def test_an_accepted_correction_is_applied_with_provenance_and_its_sender_sees_it(
        client, place, seeded):
    with db.session_scope(place.database_url) as session:
        clinic = session.get(Clinic, seeded[0])
    sent = client.post(f"/clinics/{clinic.slug}/correction", data={
        "topic": "phone", "message": "The number changed to 410-555-0000 last month."})
    assert sent.status_code == 302
    with db.session_scope(place.database_url) as session:
        correction = session.scalar(select(CorrectionRequest))
    status_url = f"/corrections/{correction.public_token}"
    assert "Waiting for an editor" in client.get(status_url).get_data(as_text=True)
    assert client.post(f"/admin/corrections/{correction.id}", data={
        "decision": "accept", "field": "phone", "value": "+14105550000",
        "note": "Confirmed by phone."}).status_code == 302
    page = client.get(status_url).get_data(as_text=True)
    assert "Accepted" in page and "Confirmed by phone." in page
    with db.session_scope(place.database_url) as session:
        row = session.scalar(select(FieldSource).where(FieldSource.spider == "admin"))
        assert row.value == "+14105550000" and f"correction {correction.id}" in \
            row.evidence[0]["quote"]
        assert session.get(Clinic, seeded[0]).phone == "+14105550000"
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "correction.accepted" in actions and "clinic.edit" not in actions
    assert client.get("/corrections/not-a-real-token-at-all-000").status_code == 404


def test_every_action_is_in_the_paged_audit_log(client, seeded):
    client.post(f"/admin/clinics/{seeded[1]}/status", data={"status": "closed"})
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "clinic.status" in page and ADMIN[0] in page
    assert "&#34;closed&#34;" in page or '"closed"' in page


def test_the_dashboard_shows_quality_figures(client, seeded):
    page = " ".join(client.get("/admin/").get_data(as_text=True).split())
    assert "<td>MD</td><td>2</td>" in page
    assert re.search(r'class="open-conflicts">1<', page)
    assert "<dt>sliding scale</dt><dd>50%</dd>" in page
    assert "<svg" in page
