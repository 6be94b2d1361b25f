"""The listing's kept JSON: the same bytes as the clinics' own dicts, renewed when a clinic's
public facts change, bounded, and the same content when the app writes indented JSON."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from clinics.db import session_scope
from clinics.models import Clinic
from webapp import partner_queries, partner_shape
from webapp.partner_cache import EXTENSION, JsonTexts


def _expected_bytes(app, body: dict, limit: int) -> bytes:
    """The answer as the plain path writes it: every clinic loaded and shaped, then jsonify."""
    with app.app_context(), session_scope(app.config["DATABASE_URL"]) as session:
        clinics = [partner_shape.listed(c)
                   for c in partner_queries.active_after(session, 0, limit)]
        return app.json.response({
            "clinics": clinics, "tombstones": [], "limit": limit, "next": body["next"],
            "next_updated_since": body["next_updated_since"]}).get_data()


def test_a_page_is_byte_for_byte_what_jsonify_makes_of_its_clinics(app, client):
    cold = client.get("/api/v1/clinics?limit=3")
    warm = client.get("/api/v1/clinics?limit=3")
    assert len(app.extensions[EXTENSION]) == 3
    assert cold.data == warm.data == _expected_bytes(app, cold.get_json(), 3)
    assert cold.headers["ETag"] == warm.headers["ETag"]
    assert cold.headers["Content-Type"] == "application/json"


def test_a_clinic_whose_facts_changed_is_listed_anew(small_directory, make_app,
                                                     clinic_records):
    directory = small_directory(clinic_records[:3])
    app = make_app(directory, API_LAST_CHANGE_TTL_S=0)
    client = app.test_client()
    before = client.get("/api/v1/clinics").get_json()
    moment = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)
    with session_scope(directory.database_url) as session:
        clinic = session.scalar(select(Clinic).order_by(Clinic.id).limit(1))
        clinic.name, clinic.sliding_scale, clinic.changed_at = "Renamed Clinic", False, moment
    after = client.get("/api/v1/clinics").get_json()
    first = after["clinics"][0]
    assert (first["name"], first["sliding_scale"]) == ("Renamed Clinic", False)
    assert first["updated_at"] == "2026-11-02T09:30:00Z"
    assert after["clinics"][1:] == before["clinics"][1:]
    assert after["next_updated_since"] == "2026-11-02T09:29:00Z"
    assert client.get("/api/v1/clinics").data == _expected_bytes(app, after, 100)


def test_an_indented_app_lists_the_same_clinics(make_app, directory, client):
    indented = make_app(directory, DEBUG=True).test_client().get("/api/v1/clinics?limit=4")
    assert b'\n  "clinics": [' in indented.data
    assert indented.get_json() == client.get("/api/v1/clinics?limit=4").get_json()


def test_the_kept_texts_are_bounded_least_recently_used_first_out():
    texts = JsonTexts(2)
    texts.put_many([((1, None, 1), "one"), ((2, None, 1), "two")])
    assert texts.get_many([(1, None, 1)]) == ["one"]
    texts.put_many([((3, None, 1), "three")])
    assert texts.get_many([(1, None, 1), (2, None, 1), (3, None, 1)]) == ["one", None, "three"]
    assert len(texts) == 2
