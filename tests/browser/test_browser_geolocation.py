""""Use my location" in Chromium: a granted position searches near it; a refusal says what to do."""
from urllib.parse import parse_qs, urlsplit

import pytest

from browsing import open_page

BALTIMORE = {"latitude": 39.2904, "longitude": -76.6122}


@pytest.fixture
def located_page(chromium):
    page = open_page(chromium, geolocation=BALTIMORE, permissions=["geolocation"])
    yield page
    page.context.close()


def test_a_granted_location_fills_the_place_box_and_searches_near_it(located_page, live_url):
    page = located_page
    page.goto(live_url + "/")
    page.get_by_role("button", name="Use my location").click()
    page.wait_for_url("**/search?**")
    assert parse_qs(urlsplit(page.url).query)["near"] == ["39.2904,-76.6122"]
    assert page.get_by_label("ZIP or City, ST").input_value() == "39.2904,-76.6122"
    assert "your location" in page.locator("h1").inner_text()
    assert "Harbor Light Ketamine" in page.locator(".hit h3 a").all_inner_texts()[:3]
    assert page.errors == []


def test_a_refused_location_explains_the_fallback_and_returns_to_the_place_box(page, live_url):
    page.context.clear_permissions()
    page.goto(live_url + "/")
    page.get_by_role("button", name="Use my location").click()
    status = page.get_by_role("status")
    status.get_by_text("Type a ZIP code").wait_for()
    assert "Location permission was refused" in status.inner_text()
    assert page.evaluate("document.activeElement.id") == "near"
    assert page.url.rstrip("/") == live_url


def test_without_javascript_the_button_stays_hidden_and_the_form_still_submits(chromium, live_url):
    page = open_page(chromium, java_script_enabled=False)
    try:
        page.goto(live_url + "/")
        assert not page.get_by_role("button", name="Use my location").is_visible()
        page.get_by_label("ZIP or City, ST").fill("21201")
        page.get_by_role("button", name="Search", exact=True).click()
        page.wait_for_url("**/search?**")
        assert page.locator(".hit").count() > 0
        assert "The map needs JavaScript" in page.locator(".map-panel").text_content()
    finally:
        page.context.close()
