"""What the results page says about what a search did: why each clinic matched, what the filters
left out, how far it looked, and where else a patient can turn when nothing is near."""
from __future__ import annotations

import re
from html import unescape

import pytest


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return " ".join(unescape(response.get_data(as_text=True)).split())


def card_of(page: str, name: str) -> str:
    """The text of the result card whose title is ``name``."""
    for card in re.findall(r'<li class="hit"[^>]*>(.*?)</li>', page, re.S):
        if f">{name}</a>" in card:
            return re.sub(r"<[^>]+>", " ", card)
    raise AssertionError(f"no card for {name}")


def test_cards_show_the_treatments_and_conditions_a_clinic_lists(client):
    card = " ".join(card_of(page_of(client, "/search?near=21201&condition=ptsd"),
                            "Harbor Ketamine Center").split())
    assert "Offers: IV ketamine infusion, Spravato (esketamine)" in card
    assert "Treats: Depression, PTSD" in card


def notes(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", note).strip()
            for note in re.findall(r'<p class="unknown-note"[^>]*>(.*?)</p>', page)]


def test_an_insurer_filter_says_how_many_it_left_out_and_links_to_them(client):
    # Harbor lists PTSD; Annapolis, Philadelphia, Brooklyn and Richmond take Aetna but list no
    # condition; every open clinic names its insurers or is self-pay.
    page = page_of(client, "/search?near=21201&radius=250&insurance=aetna&condition=ptsd")
    assert notes(page) == [
        "4 clinics within 250 miles do not state which conditions they treat. "
        "Show these 4 clinics"]
    link = re.search(r'<p class="unknown-note"[^>]*>.*?<a href="([^"]+)"', page).group(1)
    assert "unstated=conditions" in link and "radius=250" in link and "widen=0" in link
    listed = page_of(client, link)
    assert "Showing the clinics within 250 miles that do not state which conditions they " \
           "treat, and match your other choices." in listed
    assert "Back to the clinics that match every filter" in listed


def test_the_api_says_what_each_filter_left_out(client):
    body = client.get("/api/v1/search?near=21201&radius=100&sliding_scale=1").get_json()
    assert body["unknown_counts"] == {"sliding_scale": 3}
    assert body["left_out"] == [{
        "filter": "sliding_scale", "count": 3,
        "text": "3 clinics within 100 miles do not state whether they offer a sliding scale."}]
    shown = client.get("/api/v1/search?near=21201&radius=100&sliding_scale=1"
                       "&unstated=sliding_scale&widen=0").get_json()
    assert shown["unstated"] == "sliding_scale" and shown["total"] == 3


WEST = [
    dict(slug="san-diego-sgb", name="San Diego SGB", postal_code="92101", treatments=["sgb"]),
    dict(slug="henderson-sgb", name="Henderson SGB", postal_code="89014", treatments=["sgb"],
         sliding_scale=True),
    dict(slug="temecula-infusions", name="Temecula Infusions", postal_code="92590",
         treatments=["iv_ketamine"]),
    dict(slug="sacramento-video", name="Sacramento Video Care", postal_code="95814",
         treatments=["iv_ketamine"], telehealth=True),
]


@pytest.fixture
def west_client(make_app, small_directory):
    return make_app(small_directory(WEST)).test_client()


def test_a_dead_end_shows_the_nearest_matches_with_their_distance(west_client):
    page = page_of(west_client, "/search?near=San+Diego,+CA&treatment=sgb&sliding_scale=1")
    assert "0 clinics within 100 miles of San Diego, CA" in page
    assert "No clinic within 100 miles matches your search. The nearest clinic that matches is " \
           "listed below, with its distance." in page
    nearest = re.search(r'<section class="elsewhere" id="nearest-matches".*?</section>', page)
    assert nearest and "Henderson SGB" in nearest.group(0) and "· 254 mi" in nearest.group(0)
    # The distance box says how far the search looked.
    assert re.search(r'<option value="100" selected>', page)


def test_a_widened_search_offers_telehealth_in_the_state_marked_as_such(west_client):
    page = page_of(west_client, "/search?near=San+Diego,+CA&treatment=iv_ketamine")
    assert "1 clinic within 50 miles of San Diego, CA" in page
    assert re.search(r'<option value="50" selected>', page)
    telehealth = re.search(r'<section class="elsewhere" id="telehealth-matches".*?</section>',
                           page).group(0)
    assert "Telehealth clinics in California" in telehealth
    assert "Sacramento Video Care" in telehealth and "Telehealth · in California" in telehealth


def test_the_api_lists_the_nearest_and_the_telehealth_clinics(west_client):
    """Partners get exactly the radius they ask for unless they ask to widen (``widen=1``)."""
    body = west_client.get("/api/v1/search?near=San+Diego,+CA&treatment=sgb&sliding_scale=1"
                           "&widen=1").get_json()
    assert body["total"] == 0 and [hit["slug"] for hit in body["nearest"]] == ["henderson-sgb"]
    assert round(body["nearest"][0]["distance_mi"]) == 254
    body = west_client.get("/api/v1/search?near=San+Diego,+CA&treatment=iv_ketamine&widen=1"
                           ).get_json()
    assert [hit["slug"] for hit in body["telehealth"]] == ["sacramento-video"]


def test_a_radius_not_among_the_choices_is_still_the_one_shown(client):
    page = page_of(client, "/search?near=21201&radius=40")
    assert re.search(r'<option value="40" selected>40 miles</option>', page)
