"""What every page carries (notices, crisis line, demo banner, security headers) and error pages."""
import re

import pytest

from webapp.security import content_security_policy

PAGES = ["/", "/search?near=21201", "/clinics/harbor-ketamine-baltimore", "/no-such-page",
         "/admin/login", "/guides/", "/guides/sgb", "/clinics/harbor-ketamine-baltimore/correction"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_off_label_notice_and_the_crisis_line(client, path):
    page = " ".join(client.get(path).get_data(as_text=True).split())
    assert "approved by the U.S. Food and Drug Administration (FDA) as an anesthetic" in page
    assert "off-label" in page and "Spravato (esketamine)" in page
    assert "use for PTSD is off-label" in page
    assert '<a href="tel:988">988</a>' in page and "Suicide &amp; Crisis Lifeline" in page


@pytest.mark.parametrize("path", PAGES)
def test_demo_banner_shows_while_a_demo_clinic_is_listed(client, path):
    page = " ".join(client.get(path).get_data(as_text=True).split())
    assert "Demo data:</strong> these clinics are invented" in page


def test_no_demo_banner_without_demo_clinics(make_app, small_directory, clinic_records):
    real = [record for record in clinic_records if not record.get("is_demo")]
    hidden_demo = {**clinic_records[0], "status": "hidden"}
    directory = small_directory([*real, hidden_demo])
    page = make_app(directory).test_client().get("/").get_data(as_text=True)
    assert "Demo data:" not in page


@pytest.mark.parametrize("path", ["/", "/clinics/harbor-ketamine-baltimore", "/api/v1/clinics",
                                  "/guides/", "/sitemap.xml"])
def test_security_headers_forbid_inline_scripts_and_framing(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", PAGES)
def test_scripts_and_styles_come_only_from_our_static_folder(client, path):
    page = client.get(path).get_data(as_text=True)
    assert re.search(r'<link rel="stylesheet" href="/static/style\.css\?v=[0-9a-f]{12}">', page)
    assert "style=" not in page
    for tag in re.findall(r"<script[^>]*>", page):
        assert re.fullmatch(r'<script src="/static/[\w/.-]+\.js\?v=[0-9a-f]{12}" defer>',
                            tag) or tag in (
            '<script type="application/json" id="map-data">',
            '<script type="application/ld+json">'), tag
    for name in ("style.css", "site.js"):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200
        response.close()


@pytest.mark.parametrize(
    ("tile_url", "images"),
    [("", "img-src 'self' data:;"),
     ("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
      "img-src 'self' data: https://tile.openstreetmap.org;"),
     ("https://{s}.tiles.example/{z}/{x}/{y}.png", "img-src 'self' data: https://*.tiles.example;"),
     ("javascript:alert(1)", "img-src 'self' data:;")],
)
def test_only_the_configured_tile_server_is_added_to_the_image_policy(tile_url, images):
    policy = content_security_policy(tile_url)
    assert images in policy and "script-src 'self';" in policy


def test_the_app_sends_the_policy_for_its_tile_server(make_app, directory):
    app = make_app(directory, MAP_TILE_URL="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    policy = app.test_client().get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in policy


def test_wrong_method_gets_a_friendly_405(client):
    response = client.post("/search")
    assert response.status_code == 405
    assert "That action is not available here." in response.get_data(as_text=True)


def test_oversized_post_is_refused_with_413(client):
    form = {"email": "a@example.org", "password": "x" * 70_000}
    response = client.post("/admin/login", data=form)
    assert response.status_code == 413
    assert "more data than we accept" in response.get_data(as_text=True)


def test_too_many_login_attempts_get_429(make_app, directory):
    client = make_app(directory, LOGIN_RATE_LIMIT="2 per minute").test_client()
    form = {"email": "x@example.org", "password": "wrong"}
    statuses = [client.post("/admin/login", data=form).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_unexpected_errors_render_a_friendly_500(make_app, directory):
    app = make_app(directory, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("broken on purpose")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side" in page and "broken on purpose" not in page
    assert '<a href="tel:988">988</a>' in page


def test_session_cookie_is_http_only_and_same_site_lax(client):
    client.get("/admin/login")
    client.post("/admin/login", data={"email": "admin@example.org", "password": "wrong"})
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


def test_readiness_reports_database_and_index(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "index": "ok"}


def test_readiness_reports_a_missing_index_as_503(make_app, directory, tmp_path):
    app = make_app(directory, INDEX_DIR=tmp_path / "no-index-here")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "degraded", "database": "ok", "index": "unavailable"}
