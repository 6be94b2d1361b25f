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
