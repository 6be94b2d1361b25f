"""What a search did, seen in Chromium on a phone (375 px) and a desktop (1280 px): the clinics
each filter left out for not saying, conditions that nest, places named as people name them, and
the nearest matches when nothing is near. One page load per group of assertions."""
import re

import pytest

from browsing import DESKTOP, MOBILE, open_page, run_axe
from live_server import LiveServer
from search_site import LEFT_OUT_QUERY, SILENT, build_search_site

WIDTHS = {"375": MOBILE, "1280": DESKTOP}
SAN_DIEGO = {"latitude": 32.7157, "longitude": -117.1611}
# What each note says, in the order the filters are listed.
NOTES = {
    "insurers": "do not state whether they take Aetna",
    "treatments": "does not state which treatments it offers",
    "conditions": "do not state which conditions they treat",
    "sliding_scale": "does not state whether it offers a sliding scale",
    "payment_plans": "do not state whether they offer payment plans",
    "accepting_new_patients": "do not state whether they are accepting new patients",
}


@pytest.fixture(scope="module")
def search_site_url(tmp_path_factory, monkeypatch_module):
    from databases import drop_database
    from webapp import create_app

    database_url, index_dir = build_search_site(tmp_path_factory.mktemp("search_site"))
    monkeypatch_module.setenv("CLINICS_VAR", str(tmp_path_factory.mktemp("search_var")))
    app = create_app({"DATABASE_URL": database_url, "INDEX_DIR": index_dir,
                      "SECRET_KEY": "browser tests", "MAP_TILE_URL": "",
                      "RATELIMIT_STORAGE_URI": "memory://", "SEARCH_PAGE_SIZE": 10})
    with LiveServer(app) as server:
        yield server.url
    drop_database(database_url)


@pytest.fixture(params=list(WIDTHS), ids=lambda width: f"{width}px")
def sized_page(chromium, request):
    page = open_page(chromium, viewport=WIDTHS[request.param])
    yield page
    page.context.close()


def note_text(note: str) -> str:
    return " ".join(note.split())


def test_every_filter_says_how_many_clinics_it_left_out(sized_page, search_site_url):
    page = sized_page
    page.goto(f"{search_site_url}/search?{LEFT_OUT_QUERY}")
    assert page.locator(".hit h3 a").all_inner_texts() == ["Says Everything"]
    notes = [note_text(text) for text in page.locator(".unknown-note").all_inner_texts()]
    expected = []
    for fact, phrase in NOTES.items():
        count = SILENT[fact][1]
        noun = "clinic" if count == 1 else "clinics"
        shown = "Show this clinic" if count == 1 else f"Show these {count} clinics"
        expected.append(f"{count} {noun} within 25 miles {phrase}. {shown}")
    assert notes == expected
    assert run_axe(page) == []
    # A note's link lists the clinics it speaks of, and nothing else.
    page.locator(".unknown-note[data-filter=conditions] a").click()
    page.wait_for_url("**unstated=conditions**")
    assert sorted(page.locator(".hit h3 a").all_inner_texts()) == [
        f"Silent Conditions {n}" for n in range(SILENT["conditions"][1])]
    assert page.errors == []


def test_austin_suggests_texas_first_and_depression_includes_resistant_depression(
        sized_page, search_site_url):
    page = sized_page
    page.goto(f"{search_site_url}/search?near=austin&condition=depression")
    suggestions = page.locator(".form-error a").all_inner_texts()
    assert suggestions[0] == "Austin, TX" and "Austin, MN" in suggestions
    page.locator(".form-error a", has_text="Austin, TX").click()
    page.wait_for_url("**near=Austin**")
    card = page.locator(".hit", has_text="Austin Resistant Depression")
    assert "Treats: Treatment-resistant depression" in " ".join(card.inner_text().split())
    assert "within 25 miles of Austin, TX" in page.locator("#results-title").inner_text()


def test_a_far_zip_shows_the_nearest_clinics_with_their_distance(sized_page, search_site_url):
    page = sized_page
    page.goto(f"{search_site_url}/search?near=99950&radius=250")
    assert "0 clinics within 250 miles" in page.locator("#results-title").inner_text()
    nearest = page.locator("#nearest-matches .hit")
    assert nearest.first.locator("h3").inner_text() == "Seattle Infusions"
    distances = [float(re.sub(r"[^\d.]", "", text))
                 for text in page.locator("#nearest-matches .distance").all_inner_texts()]
    assert 600 < distances[0] < 700 and distances == sorted(distances)
    assert page.locator("#radius").input_value() == "250"


def test_san_diego_sgb_with_a_sliding_scale_shows_the_nearest_match(sized_page, search_site_url):
    page = sized_page
    page.goto(f"{search_site_url}/search?near=San+Diego,+CA&treatment=sgb&sliding_scale=1")
    heading = page.locator("#results-title").inner_text()
    assert "0 clinics within 100 miles of San Diego, CA" in heading
    # The form's distance box keeps step with the heading.
    assert page.locator("#radius").input_value() == "100"
    nearest = page.locator("#nearest-matches .hit")
    assert nearest.count() == 1 and "Henderson Sgb" in nearest.inner_text()
    assert nearest.locator(".distance").inner_text() == "· 254 mi"
    notes = [note_text(text) for text in page.locator(".unknown-note").all_inner_texts()]
    assert notes == ["1 clinic within 100 miles does not state whether it offers a sliding "
                     "scale. Show this clinic"]
    assert run_axe(page) == []


def test_use_my_location_names_the_nearest_city(chromium, search_site_url):
    page = open_page(chromium, viewport=MOBILE, geolocation=SAN_DIEGO,
                     permissions=["geolocation"])
    try:
        page.goto(f"{search_site_url}/")
        page.get_by_role("button", name="Use my location").click()
        page.wait_for_url("**/search?**")
        assert "within 25 miles of San Diego, CA" in page.locator("#results-title").inner_text()
        assert "San Diego, CA" in page.locator("h1").inner_text()
        assert "32.7157" not in page.locator("h1").inner_text()
    finally:
        page.context.close()
