"""A patient on a 375 px phone and on a 1280 px screen: the first result on the first screen after
a search, an error said where the patient looks, a call button, a map with geography that asks
nothing of any other site, the trust pages, and a demo source link that opens."""
import re
from datetime import datetime, timezone
from urllib.parse import urlsplit

import pytest

from browsing import DESKTOP, MOBILE, open_page, run_axe
from live_server import LiveServer
from conftest import make_app
from databases import drop_database, new_database
from site_data import MAIN_SLUG

WIDTHS = {"375": MOBILE, "1280": DESKTOP}


@pytest.fixture(scope="module")
def no_tiles_url(site, tmp_path_factory, monkeypatch_module):
    """The site with map tiles off, as it is by default."""
    monkeypatch_module.setenv("CLINICS_VAR", str(tmp_path_factory.mktemp("no_tiles_var")))
    with LiveServer(make_app(site, MAP_TILE_URL="", MAP_TILE_ATTRIBUTION="")) as server:
        yield server.url


def first_result_top(page) -> float:
    return page.locator(".hits .hit").first.bounding_box()["y"]


@pytest.mark.parametrize("width", WIDTHS)
def test_after_a_search_the_first_result_starts_on_the_first_screen(chromium, no_tiles_url, width):
    page = open_page(chromium, viewport=WIDTHS[width])
    try:
        page.goto(no_tiles_url + "/")
        page.get_by_label("Treatment, condition or clinic").fill("ketamine")
        page.get_by_label("ZIP or City, ST").fill("21201")
        page.get_by_role("button", name="Search", exact=True).click()
        page.wait_for_url("**/search?**")
        assert page.locator(".hits .hit").count() > 0
        top = first_result_top(page)
        assert top + 40 < WIDTHS[width]["height"], f"first result starts at {top}px"
        summary = page.locator(".search-summary").inner_text()
        assert "ketamine" in summary and "21201" in summary
        # The folded form opens again from its summary line on a phone; it is open on a screen.
        form_open = page.locator("#search-again").evaluate("el => el.open")
        assert form_open == (width == "1280")
        if width == "375":
            page.get_by_text("Change search").click()
            assert page.get_by_label("ZIP or City, ST").input_value() == "21201"
        assert page.errors == []
    finally:
        page.context.close()


def test_on_a_phone_with_filters_and_left_out_notes_results_still_start_on_screen(
        chromium, no_tiles_url):
    page = open_page(chromium, viewport=MOBILE)
    try:
        page.goto(no_tiles_url + "/search?q=ketamine&near=Baltimore,+MD&insurance=aetna"
                  "&sliding_scale=1&treatment=iv_ketamine")
        assert first_result_top(page) + 40 < MOBILE["height"]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_place_that_cannot_be_found_is_said_at_the_top_and_focused(chromium, no_tiles_url,
                                                                      width):
    page = open_page(chromium, viewport=WIDTHS[width])
    try:
        page.goto(no_tiles_url + "/")
        page.get_by_label("ZIP or City, ST").fill("99999")
        page.get_by_role("button", name="Search", exact=True).click()
        alert = page.get_by_role("alert")
        assert "could not find" in alert.inner_text()
        box = alert.bounding_box()
        assert box["y"] + box["height"] < WIDTHS[width]["height"] / 2
        # The page's script moves focus once the answer is shown; wait for it, not for a guess.
        page.wait_for_function("document.activeElement && document.activeElement.id === "
                               "'search-error'", timeout=5000)
        assert page.evaluate("document.activeElement.id") == "search-error"
    finally:
        page.context.close()


def record_requests(page) -> list[str]:
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def off_site(urls: list[str], base: str) -> list[str]:
    origin = urlsplit(base).netloc
    return [url for url in urls if not url.startswith("data:") and urlsplit(url).netloc != origin]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_map_draws_state_outlines_without_tiles_and_asks_no_other_site(chromium,
                                                                           no_tiles_url, width):
    page = open_page(chromium, viewport=WIDTHS[width])
    requests = record_requests(page)
    try:
        page.goto(no_tiles_url + "/search?near=21201&radius=50")
        panel = page.locator("#map-panel")
        if width == "375":
            page.wait_for_load_state("networkidle")
            assert not any("leaflet" in url for url in requests), "Leaflet loaded before the map"
            assert not panel.evaluate("el => el.open")
            page.get_by_text("Map of these results").click()
        page.locator("#results-map path.map-state").first.wait_for(state="attached")
        assert page.locator("#results-map path.map-state").count() >= 50
        assert page.locator("#results-map .leaflet-tile").count() == 0
        page.locator("#results-map .map-place").first.wait_for(state="attached")
        assert "Baltimore" in page.locator("#results-map .map-place").all_inner_texts()
        page.wait_for_load_state("networkidle")
        assert page.locator("#results-map path.map-county").count() >= 1
        assert off_site(requests, no_tiles_url) == []
        assert any("states-10m.json" in url for url in requests)
        assert page.errors == []
    finally:
        page.context.close()


def test_pins_that_overlap_cluster_and_every_result_is_counted_once(chromium, no_tiles_url):
    page = open_page(chromium, viewport=DESKTOP)
    try:
        page.goto(no_tiles_url + "/search?near=21201&radius=50")
        page.locator("#results-map .leaflet-marker-icon").first.wait_for()
        pins = page.locator("#results-map .map-pin").count()
        clusters = page.locator("#results-map .map-cluster .cluster-count").all_inner_texts()
        assert clusters, "the overlapping pins near Baltimore should form a cluster"
        assert pins + sum(int(count) for count in clusters) == page.locator(".hit").count()
        page.locator("#results-map .map-cluster").first.click()
        page.wait_for_function(
            "n => document.querySelectorAll('#results-map .map-pin').length > n", arg=pins)
        assert page.errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_each_result_card_has_a_call_button(chromium, no_tiles_url, width):
    page = open_page(chromium, viewport=WIDTHS[width])
    try:
        page.goto(no_tiles_url + "/search?near=21201&radius=10")
        call = page.get_by_role("link", name=re.compile(r"^Call \(410\) 555-0100, Harbor Light"))
        assert call.get_attribute("href") == "tel:+14105550100"
        assert call.is_visible()
        box = call.bounding_box()
        assert box["height"] >= 40 and box["y"] < WIDTHS[width]["height"]
    finally:
        page.context.close()


@pytest.mark.parametrize("path", ["/about", "/privacy", "/contact"])
def test_the_trust_pages_answer_and_are_linked_from_the_footer(chromium, no_tiles_url, path):
    page = open_page(chromium, viewport=MOBILE)
    try:
        page.goto(no_tiles_url + f"/clinics/{MAIN_SLUG}")
        link = page.get_by_role("navigation", name="About this site").locator(f'a[href="{path}"]')
        with page.expect_response(no_tiles_url + path) as answer:
            link.click()
        assert answer.value.status == 200
        assert "988" in page.locator(".crisis").inner_text()
        assert "off-label" in page.locator(".fda-notice").inner_text()
        assert run_axe(page) == []
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def demo_site_url(tmp_path_factory, sample_web_url, monkeypatch_module):
    """A directory of one demo clinic whose phone was seen on the served sample web."""
    from clinics.db import session_scope
    from clinics.models import FieldSource
    from search_index import rebuild
    from site_data import Site, _clinic

    root = tmp_path_factory.mktemp("demo_source_site")
    url = new_database(root)
    seen = datetime(2025, 5, 1, tzinfo=timezone.utc)
    with session_scope(url) as session:
        clinic = _clinic("sample-clinic", "Sample Clinic", "21201", phone="+14105550111")
        clinic.field_sources = [FieldSource(field="phone", value="+14105550111",
                                            spider="clinic_site", source_url=sample_web_url + "/",
                                            fetched_at=seen)]
        session.add(clinic)
    rebuild(database_url=url, index_dir=root / "index")
    monkeypatch_module.setenv("CLINICS_VAR", str(tmp_path_factory.mktemp("demo_var")))
    with LiveServer(make_app(Site(url, root / "index"))) as server:
        yield server.url
    drop_database(url)


def test_a_demo_source_link_opens_the_page_it_names(chromium, demo_site_url, sample_web_url):
    page = open_page(chromium, viewport=MOBILE)
    try:
        page.goto(demo_site_url + "/clinics/sample-clinic")
        page.get_by_text("Where we saw this").first.click()
        link = page.locator(f'.sources a[href="{sample_web_url}/"]').first
        with page.expect_response(sample_web_url + "/") as answer:
            link.click()
        assert answer.value.status == 200
        # The answer's headers arrive before the page is shown: wait for its text.
        page.wait_for_url(sample_web_url + "/")
        page.locator("body").get_by_text(re.compile("demo", re.IGNORECASE)).first.wait_for()
        assert "demo" in page.content().lower()
    finally:
        page.context.close()
