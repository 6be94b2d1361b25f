"""Sessions and headers under attack: a cookie replayed after sign-out, admin pages left in
caches, a forged Host header, 429s that do not say when to come back, and password guessing
spread over many addresses.

The sign-in and sign-out tests run on real SQLite and, where a server answers (always in CI), real
PostgreSQL, since the session version lives in the database.
"""
from __future__ import annotations

import json
import re
import time
import xml.etree.ElementTree as ET

import pytest
from flask import abort, jsonify
from sqlalchemy import select

import config
from clinics.db import migrate, session_scope
from clinics.geo import zip_point
from clinics.models import AdminUser, Clinic
from databases import engine_params, throwaway_database
from search_index import rebuild
from search_index.readers import close_thread_searchers
from webapp import auth, create_app, login_throttle

from partner_keys import keyed
from webapp.extensions import limiter

ADMIN_EMAIL = "ops@example.org"
ADMIN_PASSWORD = "a long and correct passphrase"
SITE_URL = "https://clinics.example.org"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _fill(url: str) -> None:
    """One admin and one listed clinic, in a migrated database."""
    migrate(url)
    lat, lon, city, state = zip_point("21202")
    with session_scope(url) as session:
        auth.set_admin_password(session, ADMIN_EMAIL, ADMIN_PASSWORD)
        session.add(Clinic(slug="harbor-ketamine", name="Harbor Ketamine", city=city.title(),
                           state=state, postal_code="21202", lat=lat, lon=lon, status="active",
                           geo_precision="zip", treatments=["iv_ketamine"], insurers=[],
                           conditions=[]))


@pytest.fixture
def run_url(tmp_path):
    """The filled database on the run's engine."""
    with throwaway_database(tmp_path) as url:
        _fill(url)
        yield url


@pytest.fixture(params=engine_params())
def database_url(request, tmp_path):
    """Where the database matters: each test runs on SQLite and on PostgreSQL."""
    with throwaway_database(tmp_path, request.param) as url:
        _fill(url)
        yield url


def _app_factory(tmp_path, monkeypatch, database_url):
    """Builds apps over ``database_url`` and a fresh index of it; keywords go into the config."""
    monkeypatch.setenv("CLINICS_VAR", str(tmp_path / "var"))
    monkeypatch.setenv("SECRET_KEY", "test secret key")
    index_dir = tmp_path / "index"
    rebuild(database_url=database_url, index_dir=index_dir)

    def build(**overrides):
        return keyed(create_app({"TESTING": True, "DATABASE_URL": database_url,
                                 "INDEX_DIR": index_dir, "WTF_CSRF_ENABLED": False,
                                 "SITE_URL": SITE_URL, **overrides}))

    return build


@pytest.fixture
def make_app(tmp_path, monkeypatch, run_url):
    yield _app_factory(tmp_path, monkeypatch, run_url)
    close_thread_searchers()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def db_app(tmp_path, monkeypatch, database_url):
    """An app on SQLite, then on PostgreSQL."""
    yield _app_factory(tmp_path, monkeypatch, database_url)()
    close_thread_searchers()


def sign_in(client, email=ADMIN_EMAIL, password=ADMIN_PASSWORD, address="127.0.0.1"):
    return client.post("/admin/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str):
    """A new browser that only has the copied cookie asks for the dashboard."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other.get("/admin/")


def stored_version(database_url: str) -> int:
    with session_scope(database_url) as session:
        return session.scalar(select(AdminUser.session_version)
                              .where(AdminUser.email == ADMIN_EMAIL))


# Sign-out ends the session on the server.

def test_a_cookie_copied_before_sign_out_gets_the_login_page_after_it(db_app, database_url):
    app = db_app
    client = app.test_client()
    assert sign_in(client).status_code == 302
    copied = session_cookie(client)
    before = replay(app, copied)
    assert before.status_code == 200 and f"Signed in as {ADMIN_EMAIL}" in before.text
    assert stored_version(database_url) == 0

    assert client.post("/admin/logout").status_code == 302
    assert stored_version(database_url) == 1
    after = replay(app, copied)
    assert after.status_code == 302
    assert after.headers["Location"] == "/admin/login?next=%2Fadmin%2F"
    login_page = app.test_client().get(after.headers["Location"])
    assert login_page.status_code == 200 and "<h1>Admin sign in</h1>" in login_page.text


def test_signing_out_in_one_browser_ends_the_admins_other_sessions(db_app):
    app = db_app
    first, second = app.test_client(), app.test_client()
    sign_in(first)
    sign_in(second)
    assert second.get("/admin/").status_code == 200
    first.post("/admin/logout")
    assert second.get("/admin/").status_code == 302


def test_signing_in_again_after_sign_out_works_with_a_new_cookie(app):
    client = app.test_client()
    sign_in(client)
    old = session_cookie(client)
    client.post("/admin/logout")
    assert sign_in(client).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert replay(app, old).status_code == 302


def test_a_new_password_ends_every_open_session(db_app, database_url):
    client = db_app.test_client()
    sign_in(client)
    with session_scope(database_url) as session:
        assert auth.set_admin_password(session, ADMIN_EMAIL, "another long passphrase") is False
    assert stored_version(database_url) == 1
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("user_id", ["1", "1:", ":0", "1:0:0", "1:x", "1:99999999999999999999",
                                     "99999999999999999999:0", "1:\uff10", "1:-1"])
def test_a_signed_cookie_without_the_current_session_version_signs_nobody_in(db_app, user_id):
    """A cookie from before session versions ("1"), or naming a version the admin never had,
    gets the login page: never a 500, even with numbers too long for the database."""
    signer = db_app.session_interface.get_signing_serializer(db_app)
    response = replay(db_app, signer.dumps({"_user_id": user_id, "_fresh": True}))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")


def test_the_current_version_in_a_signed_cookie_is_what_lets_an_admin_in(app):
    """The other side of the test above: the same forged shape with the right version works, so
    the refusals are the version check and not some other failure."""
    signer = app.session_interface.get_signing_serializer(app)
    assert replay(app, signer.dumps({"_user_id": "1:0", "_fresh": True})).status_code == 200


# Admin responses are never stored.

def test_admin_pages_redirects_and_json_say_no_store(app):
    @app.get("/admin/summary.json")
    def summary():  # an admin JSON answer, as any future admin endpoint gives
        return jsonify(clinics=1)

    client = app.test_client()
    anonymous = [client.get("/admin/"), client.get("/admin/login"), client.get("/admin/nowhere")]
    assert [r.status_code for r in anonymous] == [302, 200, 404]
    sign_in(client)
    signed_in = [client.get("/admin/"), client.get("/admin/summary.json"),
                 client.post("/admin/logout")]
    assert [r.status_code for r in signed_in] == [200, 200, 302]
    assert signed_in[1].get_json() == {"clinics": 1}
    for response in anonymous + signed_in:
        assert response.headers["Cache-Control"] == "no-store", response.request.path


@pytest.mark.parametrize("path", ["/", "/guides/", "/clinics/harbor-ketamine", "/api/v1/clinics"])
def test_public_pages_stay_cacheable(app, path):
    response = app.test_client().get(path)
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


# Absolute URLs come from SITE_URL; a Host outside TRUSTED_HOSTS gets 400.

FORGED_HOST = "evil.example"


def _absolute_urls(app) -> list[str]:
    """Every absolute URL in sitemap.xml, robots.txt and a clinic page's JSON-LD, fetched with a
    forged Host header."""
    client = app.test_client()
    headers = {"Host": FORGED_HOST}
    sitemap = client.get("/sitemap.xml", headers=headers)
    robots = client.get("/robots.txt", headers=headers)
    page = client.get("/clinics/harbor-ketamine", headers=headers)
    assert [sitemap.status_code, robots.status_code, page.status_code] == [200, 200, 200]
    urls = [loc.text for loc in ET.fromstring(sitemap.data).iter(f"{SITEMAP_NS}loc")]
    urls += [line.split(" ", 1)[1] for line in robots.text.splitlines()
             if line.startswith("Sitemap: ")]
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.text, re.S)
    urls.append(json.loads(ld.group(1))["url"])
    assert FORGED_HOST not in sitemap.text + robots.text + ld.group(1)
    return urls


def test_sitemap_robots_and_json_ld_use_site_url_whatever_the_host_says(make_app):
    urls = _absolute_urls(make_app(TRUSTED_HOSTS=[]))
    assert f"{SITE_URL}/" in urls and f"{SITE_URL}/sitemap.xml" in urls
    assert urls[-1] == f"{SITE_URL}/clinics/harbor-ketamine"
    assert all(url.startswith(SITE_URL + "/") for url in urls), urls


@pytest.mark.parametrize("host", [FORGED_HOST, "clinics.example.org.evil.example",
                                  "evil.example:443", "not a host!"])
def test_a_host_outside_the_trusted_hosts_gets_400(make_app, host):
    app = make_app(TRUSTED_HOSTS=["clinics.example.org", "localhost"])
    client = app.test_client()
    page = client.get("/sitemap.xml", headers={"Host": host})
    assert page.status_code == 400 and host not in page.text
    assert "does not answer to that host name" in page.text
    api = client.get("/api/v1/clinics", headers={"Host": host})
    assert api.status_code == 400 and api.get_json()["error"]["code"] == "untrusted_host"


@pytest.mark.parametrize("host", ["clinics.example.org", "localhost:5000", "localhost"])
def test_a_trusted_host_is_served(make_app, host):
    app = make_app(TRUSTED_HOSTS=["clinics.example.org", "localhost"])
    response = app.test_client().get("/sitemap.xml", headers={"Host": host})
    assert response.status_code == 200 and f"<loc>{SITE_URL}/</loc>" in response.text


def test_settings_default_to_local_use_and_read_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLINICS_VAR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "x")
    for name in ("SITE_URL", "TRUSTED_HOSTS", "PORT"):
        monkeypatch.delenv(name, raising=False)
    local = config.load()
    assert local.site_url == "http://127.0.0.1:5000"
    assert local.trusted_hosts == ("127.0.0.1", "localhost")
    monkeypatch.setenv("SITE_URL", "https://Clinics.example.org/")
    public = config.load()
    assert public.site_url == "https://Clinics.example.org"
    assert public.trusted_hosts == ("clinics.example.org", "localhost", "127.0.0.1")
    monkeypatch.setenv("TRUSTED_HOSTS", " clinics.example.org, .example.net ")
    assert config.load().trusted_hosts == ("clinics.example.org", ".example.net")
    monkeypatch.setenv("TRUSTED_HOSTS", "*")
    assert config.load().trusted_hosts == ()


@pytest.mark.parametrize("site_url", ["clinics.example.org", "ftp://clinics.example.org",
                                      "https://clinics.example.org/sub", "https://"])
def test_a_site_url_that_is_not_an_origin_stops_the_app_with_a_clear_message(make_app, site_url):
    with pytest.raises(ValueError, match="SITE_URL must be an origin"):
        make_app(SITE_URL=site_url)


# Every 429 says when to come back.

def _retry_after(response) -> int:
    assert response.status_code == 429
    return int(response.headers["Retry-After"])


def _until_refused(send, most: int = 50):
    for _ in range(most):
        response = send()
        if response.status_code == 429:
            return response
    pytest.fail(f"no 429 after {most} requests")


@pytest.mark.parametrize("route", ["login", "search", "api_clinics", "api_search", "correction"])
def test_every_rate_limited_route_answers_429_with_retry_after(make_app, route):
    app = make_app(LOGIN_RATE_LIMIT="2 per minute", API_RATE_LIMIT="2 per minute",
                   CORRECTION_RATE_LIMIT="2 per minute", SEARCH_RATE_LIMIT="2 per minute")
    client = app.test_client()
    sends = {
        "search": lambda: client.get("/search?near=21202"),
        "login": lambda: sign_in(client, password="wrong password, wrong"),
        "api_clinics": lambda: client.get("/api/v1/clinics"),
        "api_search": lambda: client.get("/api/v1/search?near=21202"),
        "correction": lambda: client.post("/clinics/harbor-ketamine/correction", data={
            "topic": "phone", "message": "The phone number has changed."}),
    }
    refused = _until_refused(sends[route])
    assert 1 <= _retry_after(refused) <= 61
    if route.startswith("api"):
        assert refused.get_json()["error"]["code"] == "rate_limited"


def test_a_429_from_any_other_limit_or_abort_carries_retry_after(app):
    def limited():
        return "ok"

    def refused():
        abort(429)

    app.add_url_rule("/limited", "limited", limiter.limit("1 per hour")(limited))
    app.add_url_rule("/refused", "refused", refused)
    client = app.test_client()
    assert client.get("/limited").status_code == 200
    assert 3500 <= _retry_after(client.get("/limited")) <= 3601
    assert _retry_after(client.get("/refused")) == 60


# Guessing one account's password from many addresses is throttled per account, with backoff.

def test_lock_time_doubles_after_the_free_failures_up_to_the_cap():
    locks = [login_throttle.lock_seconds(n, free=5, backoff_s=1, max_lock_s=900)
             for n in range(1, 18)]
    assert locks == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]
    assert login_throttle.lock_seconds(10**6, free=5, backoff_s=1, max_lock_s=900) == 900


def _guess_from_many_addresses(client, email: str, count: int) -> list[int]:
    return [sign_in(client, email=email, password=f"guess number {n}",
                    address=f"198.51.100.{n + 1}").status_code for n in range(count)]


def test_guesses_on_one_account_from_many_addresses_get_429_then_back_off(make_app):
    app = make_app(LOGIN_ACCOUNT_FREE_FAILURES=3, LOGIN_ACCOUNT_BACKOFF_S=2)
    client = app.test_client()
    assert _guess_from_many_addresses(client, ADMIN_EMAIL, 3) == [401, 401, 401]
    # Locked: even the right password, from yet another address, is refused unchecked.
    first_wait = _retry_after(sign_in(client, address="203.0.113.9"))
    assert 1 <= first_wait <= 2
    assert client.get("/admin/").status_code == 302

    time.sleep(first_wait + 0.2)
    wrong = sign_in(client, password="one more wrong guess", address="203.0.113.10")
    assert wrong.status_code == 401
    second_wait = _retry_after(sign_in(client, address="203.0.113.11"))
    assert 3 <= second_wait <= 4   # the lock doubled

    time.sleep(second_wait + 0.2)
    assert sign_in(client, address="203.0.113.12").status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_successful_sign_in_clears_the_accounts_failures(make_app):
    app = make_app(LOGIN_ACCOUNT_FREE_FAILURES=3)
    client = app.test_client()
    assert _guess_from_many_addresses(client, ADMIN_EMAIL, 2) == [401, 401]
    assert sign_in(client).status_code == 302
    assert _guess_from_many_addresses(client, ADMIN_EMAIL, 2) == [401, 401]


def test_unknown_accounts_are_throttled_alike_so_answers_do_not_reveal_accounts(make_app):
    app = make_app(LOGIN_ACCOUNT_FREE_FAILURES=3, LOGIN_ACCOUNT_BACKOFF_S=60)
    client = app.test_client()
    assert _guess_from_many_addresses(client, "nobody@example.org", 4) == [401, 401, 401, 429]
    # Another account is not locked by it; the case of the email does not make a new account.
    assert sign_in(client, address="203.0.113.20").status_code == 302
    assert _retry_after(sign_in(client, email="NOBODY@example.org", address="203.0.113.21")) >= 1


def test_the_per_address_limit_still_holds_for_many_accounts_from_one_address(make_app):
    client = make_app(LOGIN_RATE_LIMIT="3 per minute").test_client()
    statuses = [sign_in(client, email=f"user{n}@example.org", password="wrong guess here",
                        address="192.0.2.7").status_code for n in range(4)]
    assert statuses == [401, 401, 401, 429]
