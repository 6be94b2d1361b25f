"""What the results page shows around each hit: chips, sort links, pages, cards and map data."""
import json
import re
from html import unescape

import pytest
from werkzeug.datastructures import MultiDict

from search_index import SearchRequest
from webapp import search_view

SEARCH = "/search?near=21201&radius=100&insurance=aetna&sliding_scale=1"


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def links(page: str, css_class: str) -> dict[str, str]:
    """Visible text -> href of the links with a class."""
    pattern = rf'<a class="{css_class}" href="([^"]+)"[^>]*>(.*?)</a>'
    return {re.sub(r"<[^>]+>", "", text).replace("×", "").strip(): unescape(href)
            for href, text in re.findall(pattern, page, re.S)}


def map_data(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def test_each_chosen_filter_is_a_chip_that_removes_only_itself(client):
    chips = links(page_of(client, SEARCH + "&page=2&sort=rating"), "chip")
    assert chips == {
        "Offers a sliding scale": "/search?near=21201&radius=100&insurance=aetna&sort=rating",
        "Insurance: Aetna": "/search?near=21201&radius=100&sliding_scale=1&sort=rating",
    }


def test_clear_all_keeps_the_words_place_distance_and_order(client):
    page = page_of(client, "/search?q=ketamine&near=21201&radius=100&insurance=aetna&sort=rating")
    assert links(page, "clear-filters") == {
        "Clear all filters": "/search?q=ketamine&near=21201&radius=100&sort=rating"}


def test_no_chips_without_filters(client):
    assert 'class="chip"' not in page_of(client, "/search?near=21201&radius=100")


def sort_links(page: str) -> dict[str, bool]:
    nav = page.split('aria-label="Sort results"')[1].split("</nav>")[0]
    return {unescape(href): bool(current)
            for href, current in re.findall(r'<a href="([^"]+)"( aria-current="true")?>', nav)}


def test_sort_links_mark_the_current_order_keep_the_search_and_go_back_to_page_1(make_app,
                                                                              directory):
    client = make_app(directory, SEARCH_PAGE_SIZE=1).test_client()
    base = "/search?near=21201&radius=100&insurance=aetna"
    links_ = sort_links(page_of(client, base + "&page=2"))
    assert links_[base + "&sort=distance"] is True
    assert links_[base + "&sort=rating"] is False and links_[base + "&sort=relevance"] is False


def test_nearest_is_not_offered_without_a_place(client):
    page = page_of(client, "/search?q=ketamine")
    assert "Nearest</a>" not in page and "Best match</a>" in page


def test_cards_show_payment_facts_staff_rating_sources_and_last_checked(client):
    page = " ".join(page_of(client, SEARCH).split())
    card = page.split('id="result-1"')[1].split("</li>")[0]
    link = '<a href="/clinics/harbor-ketamine-baltimore">Harbor Ketamine Center</a>'
    assert f"<h3>{link}</h3>" in card
    assert "Takes insurance</dt><dd>yes (Aetna, Cigna)</dd>" in card
    assert "Sliding scale</dt><dd>yes</dd>" in card
    assert "Payment plans</dt><dd>not stated</dd>" in card
    assert "Self-pay price</dt><dd>$400–$550</dd>" in card
    assert ('Rating</dt><dd>4.0 of 5 from 2 reviews <span class="muted">(sample: 4.0 from 2)'
            in card)
    assert "Staff</dt><dd>Board-certified anesthesiologist on staff</dd>" in card
    assert "Details last checked" in card
    assert '<span class="distance">· 1.0 mi</span>' in card


def test_the_map_gets_one_marker_per_card_and_the_searched_place(client):
    page = page_of(client, "/search?near=21201&radius=100&insurance=aetna")
    data = map_data(page)
    assert [m["n"] for m in data["markers"]] == [1, 2, 3]
    assert [m["url"] for m in data["markers"]] == [
        "/clinics/harbor-ketamine-baltimore", "/clinics/annapolis-infusion",
        "/clinics/philly-ketamine"]
    assert data["place"]["label"] == "21201 (Baltimore, MD)" and data["place"]["radius_mi"] == 100
    assert data["tiles"] is None
    assert "no street map is loaded" in page and "State and county lines" in page


def test_map_data_keeps_hostile_names_as_escaped_json(client):
    page = page_of(client, "/search?near=21044&radius=10")
    block = re.search(r'id="map-data">(.*?)</script>', page, re.S).group(1)
    assert "<b>" not in block and "\\u003cb\\u003e" in block
    assert map_data(page)["markers"][0]["name"] == "Columbia <b>Self-Pay</b> Clinic"


def test_configured_tiles_reach_the_map_script(make_app, directory):
    tiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    app = make_app(directory, MAP_TILE_URL=tiles, MAP_TILE_ATTRIBUTION="© OpenStreetMap")
    data = map_data(page_of(app.test_client(), "/search?near=21201"))
    assert data["tiles"] == {"url": tiles, "attribution": "© OpenStreetMap"}


def test_no_map_when_nothing_matches(client):
    page = page_of(client, "/search?near=59601&radius=10")
    assert 'id="results-map"' not in page and "leaflet" not in page
    assert "No clinic within 100 miles matches: the nearest that do are below." in page


def test_pages_are_numbered_with_the_current_one_marked(make_app, directory):
    client = make_app(directory, SEARCH_PAGE_SIZE=1).test_client()
    page = page_of(client, "/search?near=21201&radius=500&page=3")
    nav = page.split('aria-label="Result pages"')[1].split("</nav>")[0]
    assert 'aria-current="page" aria-label="Page 3">3</a>' in nav
    assert 'rel="prev" href="/search?near=21201&amp;radius=500&amp;page=2"' in nav
    assert 'id="result-3"' in page


@pytest.mark.parametrize(
    ("page", "pages", "numbers"),
    [(1, 1, [1]), (1, 3, [1, 2, 3]), (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
     (10, 10, [1, None, 8, 9, 10]), (2, 9, [1, 2, 3, 4, None, 9])],
)
def test_page_numbers_show_the_ends_and_a_window_around_the_current_page(page, pages, numbers):
    assert search_view.page_numbers(page, pages) == numbers


def test_filters_the_parser_ignores_are_neither_offered_nor_shown_as_chips(
        client, monkeypatch):
    monkeypatch.setattr(search_view, "parse_search", lambda args, per_page: SearchRequest())
    search_view.arg_for.cache_clear()
    try:
        page = page_of(client, "/")
        assert 'name="sliding_scale"' not in page and 'name="treatment"' not in page
        with client.application.test_request_context("/search"):
            assert search_view.chips(MultiDict({"sliding_scale": "1", "treatment": "sgb"})) == []
    finally:
        monkeypatch.undo()
        search_view.arg_for.cache_clear()


def test_the_location_button_waits_for_javascript_and_has_a_status_region(client):
    page = page_of(client, "/")
    assert '<button type="button" id="use-location" class="secondary" hidden>' in page
    assert '<p id="location-status" class="location-status" role="status"></p>' in page


def test_insurer_options_carry_counts_from_the_search(client):
    page = page_of(client, "/search?near=21201&radius=100")
    assert re.search(r'<option value="aetna">Aetna \(\d+\)</option>', page)
    assert '<option value="aetna">Aetna</option>' in page_of(client, "/")


def reads_every_filter(args, per_page):
    """A parser that reads each filter under the form's argument names."""
    lists = {"treatments": "treatment", "conditions": "condition", "credentials": "credential"}
    wanted = SearchRequest(**{field: args.getlist(arg) for field, arg in lists.items()})
    for field in search_view.FLAGS:
        setattr(wanted, field, bool(args.get(field)))
    wanted.min_rating = args.get("min_rating")
    wanted.max_price_usd = args.get("max_price")
    return wanted


@pytest.fixture
def every_filter(monkeypatch):
    monkeypatch.setattr(search_view, "parse_search", reads_every_filter)
    search_view.arg_for.cache_clear()
    yield
    monkeypatch.undo()
    search_view.arg_for.cache_clear()


def test_when_the_search_reads_every_filter_the_form_offers_each_with_a_label(client, every_filter):
    page = page_of(client, "/")
    for field in search_view.FLAGS:
        assert f'<input id="{field}" name="{field}" type="checkbox" value="1">' in page
        assert f'<label for="{field}">{search_view.FLAGS[field]}</label>' in page
    for arg in ("insurance", "treatment", "condition", "credential", "min_rating", "max_price"):
        assert f'<label for="{arg}">' in page and f'<select id="{arg}" name="{arg}">' in page


def test_when_the_search_reads_every_filter_each_gets_a_chip(app, every_filter):
    args = MultiDict([("telehealth", "1"), ("npi_verified", "1"), ("credential", "md"),
                      ("condition", "ptsd"), ("min_rating", "4"), ("max_price", "500")])
    with app.test_request_context("/search"):
        labels = [chip.label for chip in search_view.chips(args)]
    assert labels == ["Telehealth visits", "Staff NPI verified", "Condition: PTSD",
                      "Staff credential: MD", "Rated 4 of 5 or better", "Up to $500 a session"]


def test_what_the_search_did_on_its_own_is_said_above_the_results(client):
    page = page_of(client, "/search?near=21201&radius=10&treatment=sgb")
    notices = re.findall(r'<p class="notice">(.*?)</p>', page)
    assert len(notices) == 1 and "50 miles" in notices[0]
    assert "within 50 miles of 21201 (Baltimore, MD)" in " ".join(page.split())
