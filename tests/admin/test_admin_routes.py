"""Every registered admin route: signed out, it sends to the sign-in page; posted without a
CSRF token, it answers 400; an editor gets 403 where only admins may go."""
import re

import pytest

from admin_accounts import ADMIN, EDITOR

PUBLIC = {"admin.login"}
ADMIN_ONLY = {"admin_crawls.sources", "admin_crawls.add_source_view", "admin_crawls.source",
              "admin_crawls.crawl_now", "admin_crawls.toggle_source", "admin_crawls.cancel_job",
              "admin_keys.keys", "admin_keys.create_key", "admin_keys.revoke_key",
              "admin_users.users", "admin_users.add_user", "admin_users.change_role",
              "admin_users.remove_access"}


def admin_routes(app):
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or rule.endpoint in PUBLIC:
            continue
        url = re.sub(r"<int:\w+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, url))
    return found


def _signed_in(app, account):
    client = app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/admin/login", data={"email": account[0], "password": account[1],
                                                 "csrf_token": token})
    assert response.status_code == 302
    return client, token


def test_the_walk_covers_every_admin_page(admin_app):
    routes = admin_routes(admin_app())
    endpoints = {endpoint for endpoint, _, _ in routes}
    assert len(routes) >= 24 and ADMIN_ONLY < endpoints
    functions = admin_app().view_functions
    assert {e for e in endpoints if getattr(functions[e], "admin_only", False)} == ADMIN_ONLY


def test_signed_out_every_admin_route_sends_to_sign_in(admin_app):
    app = admin_app(WTF_CSRF_ENABLED=False)
    client = app.test_client()
    for endpoint, method, url in admin_routes(app):
        response = client.open(url, method=method)
        assert response.status_code == 302, (endpoint, method, response.status_code)
        assert response.headers["Location"].startswith("/admin/login"), endpoint


def test_every_form_posted_without_a_csrf_token_is_refused(admin_app):
    app = admin_app()
    client, _ = _signed_in(app, ADMIN)
    posts = [(e, url) for e, method, url in admin_routes(app) if method == "POST"]
    assert len(posts) == 19
    for endpoint, url in posts:
        response = client.post(url, data={"reason": "x", "status": "hidden"})
        assert response.status_code == 400, (endpoint, response.status_code)


def test_an_editor_gets_403_on_admin_only_routes_and_gets_into_the_rest(admin_app):
    app = admin_app()
    client, token = _signed_in(app, EDITOR)
    for endpoint, method, url in admin_routes(app):
        if endpoint == "admin.logout":
            continue
        data = {"csrf_token": token} if method == "POST" else None
        response = client.open(url, method=method, data=data)
        if endpoint in ADMIN_ONLY:
            assert response.status_code == 403, (endpoint, method, response.status_code)
        elif method == "GET" and "<" not in url and "/1" not in url:
            assert response.status_code == 200, (endpoint, response.status_code)
    nav = client.get("/admin/").get_data(as_text=True)
    assert "/admin/sources" not in nav and "/admin/users" not in nav
    assert "/admin/corrections" in nav


@pytest.mark.parametrize("secure", ["1", "0"])
def test_the_session_cookie_is_secure_when_the_environment_says_so(monkeypatch, place, secure):
    from webapp import create_app

    monkeypatch.setenv("SESSION_COOKIE_SECURE", secure)
    app = create_app({"DATABASE_URL": place.database_url, "INDEX_DIR": place.index_dir})
    assert app.config["SESSION_COOKIE_SECURE"] is (secure == "1")
