"""What the results page says about what a search did: why each clinic matched, what the filters
left out, how far it looked, and where else a patient can turn when nothing is near."""
from __future__ import annotations

import re
from html import unescape


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
