"""Suggesting a correction: stored for an admin, never applied; CSRF-checked and rate-limited."""
import re

import pytest
from sqlalchemy import select

from clinics.db import session_scope
from clinics.models import Clinic, CorrectionRequest

URL = "/clinics/harbor-ketamine-baltimore/correction"
GOOD = {"topic": "phone", "message": "The number changed to 410-555-0199 last month.",
        "contact_email": "visitor@example.org"}


@pytest.fixture
def fresh(make_app, small_directory, clinic_records):
    """An app over its own directory, so stored corrections do not leak into other tests."""
    directory = small_directory(clinic_records[:2])

    def build(**overrides):
        return make_app(directory, **overrides), directory.database_url

    return build


def stored(database_url):
    with session_scope(database_url) as session:
        rows = session.scalars(select(CorrectionRequest).order_by(CorrectionRequest.id)).all()
        return [(row.field, row.message, row.contact_email, row.status) for row in rows]


def test_the_form_has_labelled_fields_and_a_csrf_token(make_app, directory):
    app = make_app(directory, WTF_CSRF_ENABLED=True)
    page = app.test_client().get(URL).get_data(as_text=True)
    assert '<input id="csrf_token" name="csrf_token" type="hidden" value="' in page
    for field in ("topic", "message", "contact_email"):
        assert f'<label for="{field}">' in page


def test_a_correction_is_stored_open_and_the_listing_is_unchanged(fresh):
    app, database_url = fresh()
    client = app.test_client()
    response = client.post(URL, data=GOOD)
    assert response.status_code == 302 and response.location.endswith(
        "/clinics/harbor-ketamine-baltimore")
    assert "Your correction was sent" in client.get(response.location).get_data(as_text=True)
    assert stored(database_url) == [
        ("phone", GOOD["message"], "visitor@example.org", "open")]
    with session_scope(database_url) as session:
        clinic = session.scalar(select(Clinic).where(Clinic.slug == "harbor-ketamine-baltimore"))
        assert clinic.phone == "+14105550123"


@pytest.mark.parametrize(
    ("change", "message"),
    [({"topic": ""}, "Choose which part is wrong."),
     ({"topic": "price-hack"}, "Not a valid choice"),
     ({"message": ""}, "Tell us what is wrong."),
     ({"message": "short"}, "Write between 10 and 2,000 characters."),
     ({"message": "x" * 2001}, "Write between 10 and 2,000 characters."),
     ({"contact_email": "not an email"}, "Enter an email address like name@example.com")],
)
def test_a_form_with_a_problem_is_shown_again_with_the_message_and_nothing_stored(
        fresh, change, message):
    app, database_url = fresh()
    response = app.test_client().post(URL, data={**GOOD, **change})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'role="alert"' in page and message in page
    assert 'aria-invalid="true"' in page
    assert stored(database_url) == []


def test_a_post_without_the_csrf_token_is_refused(fresh):
    app, database_url = fresh(WTF_CSRF_ENABLED=True)
    response = app.test_client().post(URL, data=GOOD)
    assert response.status_code == 400
    assert stored(database_url) == []


def test_a_post_with_the_csrf_token_is_accepted(fresh):
    app, database_url = fresh(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get(URL).get_data(as_text=True)).group(1)
    assert client.post(URL, data={**GOOD, "csrf_token": token}).status_code == 302
    assert len(stored(database_url)) == 1


def test_too_many_corrections_from_one_visitor_get_429(fresh):
    app, database_url = fresh(CORRECTION_RATE_LIMIT="2 per hour")
    client = app.test_client()
    statuses = [client.post(URL, data=GOOD).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert "Too many requests" in client.post(URL, data=GOOD).get_data(as_text=True)
    assert len(stored(database_url)) == 2
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("slug", ["no-such-clinic", "timonium-hidden"])
def test_no_correction_form_for_unknown_or_hidden_clinics(client, slug):
    assert client.get(f"/clinics/{slug}/correction").status_code == 404
    assert client.post(f"/clinics/{slug}/correction", data=GOOD).status_code == 404
