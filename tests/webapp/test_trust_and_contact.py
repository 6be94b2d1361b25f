"""The pages that say who runs the site and how it treats people, and a way to call each clinic."""
import html
import json
import re

import pytest

TRUST_PAGES = {
    "/about": ("Clinics do not pay", "counts only independent reviews",
               "Testimonials on a clinic's own website are shown as the clinic's own",
               "Suggest a correction"),
    "/privacy": ("No analytics", "makes no request to any other site",
                 "your email address if you give one", "Searching sets no cookie"),
    "/contact": ("Suggest a correction", "988"),
}


@pytest.mark.parametrize("path", TRUST_PAGES)
def test_trust_pages_answer_with_their_promises_and_the_notices(client, path):
    response = client.get(path)
    assert response.status_code == 200
    page = " ".join(html.unescape(response.get_data(as_text=True)).split())
    for words in TRUST_PAGES[path]:
        assert words in page, words
    assert "off-label" in page and 'href="tel:988"' in page


def test_every_page_links_the_trust_pages_from_its_footer(client):
    for path in ("/", "/search?near=21201", "/clinics/harbor-ketamine-baltimore", "/guides/"):
        footer = client.get(path).get_data(as_text=True).split('class="site-footer"')[1]
        for link in ("/about", "/privacy", "/contact"):
            assert f'href="{link}"' in footer, (path, link)


def test_the_privacy_page_names_the_tile_server_only_when_tiles_are_on(make_app, directory):
    off = make_app(directory).test_client().get("/privacy").get_data(as_text=True)
    assert "loads no street map tiles" in " ".join(off.split())
    on = make_app(directory, MAP_TILE_URL="https://tile.example.org/{z}/{x}/{y}.png")
    assert "https://tile.example.org" in on.test_client().get("/privacy").get_data(as_text=True)


def test_the_contact_page_gives_the_address_it_is_configured_with(make_app, directory):
    app = make_app(directory, CONTACT_EMAIL="editors@clinics.example", SITE_OPERATOR="Acme Health")
    page = app.test_client().get("/contact").get_data(as_text=True)
    assert 'href="mailto:editors@clinics.example"' in page and "Acme Health" in page


def test_searching_sets_no_cookie_as_the_privacy_page_says(client):
    response = client.get("/search?near=21201&insurance=aetna")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_a_result_card_has_a_call_button_with_the_clinics_number(client):
    page = client.get("/search?near=21201&radius=10").get_data(as_text=True)
    card = page.split('id="result-')[1]
    assert "Harbor Ketamine Center" in card
    assert re.search(r'<a class="button-link call-button" href="tel:\+14105550123" '
                     r'aria-label="Call \(410\) 555-0123, Harbor Ketamine Center">'
                     r"Call \(410\) 555-0123</a>", card)


def test_a_number_that_is_not_e164_gets_no_call_button(client):
    page = client.get("/search?near=21044&radius=10").get_data(as_text=True)
    card = next(c for c in page.split('<li class="hit"')[1:] if "Self-Pay" in c)
    assert "tel:" not in card


def test_after_a_search_the_form_folds_behind_a_summary_line(client):
    page = client.get("/search?q=ketamine&near=21201&insurance=aetna&radius=50")
    text = page.get_data(as_text=True)
    summary = re.search(r'<span class="search-summary">(.*?)</span>', text, re.S).group(1)
    assert html.unescape(summary) == "“ketamine” · Insurance: Aetna · 50 mi of 21201 (Baltimore, MD)"
    assert '<details class="search-again" id="search-again">' in text
    assert "Change search" in text


def test_a_place_that_cannot_be_found_is_said_first_and_takes_focus(client):
    response = client.get("/search?near=99999")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    alert = text.index('role="alert"')
    assert alert < text.index('<form class="search-form"')
    assert re.search(r'<div class="form-error" id="search-error" role="alert" tabindex="-1" '
                     r'autofocus>', text)


def test_leaflet_loads_only_when_the_map_opens_and_every_map_file_is_served(client):
    results = client.get("/search?near=21201").get_data(as_text=True)
    assert not re.search(r"<(script|link)[^>]+vendor/", results)
    files = json.loads(html.unescape(re.search(r"data-files='([^']+)'", results).group(1)))
    assert files["leaflet"].startswith("/static/vendor/leaflet/leaflet.js?v=")
    folder, version = files.pop("counties").split("?")
    files["maryland counties"] = f"{folder}24.json?{version}"
    for name, url in files.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response.cache_control.immutable, name
        response.close()
    assert "vendor/leaflet" not in client.get("/").get_data(as_text=True)
