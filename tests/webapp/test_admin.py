"""Admin pages: sign-in with hashed passwords, CSRF on forms, safe redirects, the dashboard."""
import re
from urllib.parse import quote

import pytest

from clinics.db import session_scope
from webapp import auth, queries


@pytest.fixture
def email(admin_account):
    return admin_account[0]


@pytest.fixture
def password(admin_account):
    return admin_account[1]


def test_dashboard_requires_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/login?next=%2Fadmin%2F"


def test_sign_in_opens_the_dashboard_with_counts_and_jobs(client, auth_actions, email):
    response = auth_actions.login()
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    page = " ".join(client.get("/admin/").get_data(as_text=True).split())
    assert f"Signed in as {email}" in page
    counts = dict(re.findall(r"<dt>(\w[\w ]*)</dt><dd>(\d+)</dd>", page))
    assert counts == {"Active": "7", "Hidden": "1", "Closed": "0", "Demo data": "1"}
    assert "<td>clinic_site</td><td>done</td>" in page


@pytest.mark.parametrize("wrong", ["email", "password"])
def test_wrong_email_or_password_is_refused_with_one_message(
    client, auth_actions, admin_account, wrong
):
    email, password = admin_account
    if wrong == "email":
        email = "nobody@example.org"
    else:
        password = "wrong password here"
    response = auth_actions.login(email=email, password=password)
    assert response.status_code == 401
    message = "That email and password do not match an admin account."
    assert message in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_email_is_matched_without_regard_to_case(auth_actions, email):
    assert auth_actions.login(email=email.upper()).status_code == 302


def test_passwords_are_stored_as_scrypt_hashes(app, email, password):
    with session_scope(app.config["DATABASE_URL"]) as session:
        stored = queries.admin_by_email(session, email).password_hash
    assert stored.startswith("scrypt:131072:8:1$") and password not in stored


@pytest.mark.parametrize(
    ("next_path", "location"),
    [
        ("/admin/?tab=jobs", "/admin/?tab=jobs"),
        ("https://evil.example/", "/admin/"),
        ("//evil.example/", "/admin/"),
        ("/\\evil.example/", "/admin/"),
        ("javascript:alert(1)", "/admin/"),
    ],
)
def test_next_only_redirects_within_the_site(auth_actions, next_path, location):
    response = auth_actions.login(next_path=quote(next_path, safe=""))
    assert response.status_code == 302 and response.headers["Location"] == location


def test_sign_out_ends_the_session(client, auth_actions):
    auth_actions.login()
    assert client.post("/admin/logout").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_forms_without_a_csrf_token_are_refused(make_app, directory, email, password):
    client = make_app(directory, WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/admin/login", data={"email": email, "password": password})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_forms_with_the_csrf_token_are_accepted(make_app, directory, email, password):
    client = make_app(directory, WTF_CSRF_ENABLED=True).test_client()
    form = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    response = client.post("/admin/login", data={
        "email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"


def test_short_passwords_are_refused(app):
    with session_scope(app.config["DATABASE_URL"]) as session:
        with pytest.raises(ValueError, match="at least 12 characters"):
            auth.set_admin_password(session, "new@example.org", "short")
