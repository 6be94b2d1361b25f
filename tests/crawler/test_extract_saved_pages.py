"""Extraction on hand-written saved pages: prose with negations and traps, a Yoast-style @graph,
microdata, and pages broken on purpose."""
from __future__ import annotations

import pytest

from crawler.extract import is_clinic, page_record
from saved_pages import saved_page


@pytest.fixture(scope="module")
def prose():
    return page_record(saved_page("prose_clinic.html"), "https://bayview.example/")


def test_prose_contact_facts(prose):
    assert prose["name"] == "Bayview Renewal Clinic"
    assert prose["phone"] == "+14105550123"
    assert (prose["street"], prose["city"], prose["state"], prose["postal_code"]) == (
        "1420 Harbor View Drive, Suite 5B", "Towson", "MD", "21204")
    assert prose["hours"] == "Tue-Sat 9am-6pm"
    assert prose["website"] == "https://bayview.example/"


def test_prose_treatments_skip_what_the_clinic_does_not_offer(prose):
    assert prose["treatments"] == ["iv_ketamine", "esketamine_spravato"]
    assert prose["conditions"] == ["treatment_resistant_depression", "ptsd", "chronic_pain"]


def test_a_review_is_not_a_statement_of_the_clinic(prose):
    assert "anxiety" not in prose["conditions"]
    assert prose["reviews"] == [{"author": "R. K.", "rating": 5, "published": None,
                                 "text": "My anxiety eased after three sessions.",
                                 "source_url": None}]
    # The page shows one review and states no average: no rating, one review counted.
    assert (prose["rating"], prose["review_count"]) == (None, 1)


def test_prose_insurance_keeps_only_the_insurers_accepted(prose):
    assert prose["insurance_accepted"] == "yes"
    assert prose["insurers"] == ["aetna", "cigna", "bcbs"]


def test_scripts_and_styles_say_nothing(prose):
    assert "medicare" not in prose["insurers"] and "humana" not in prose["insurers"]


def test_prose_tri_state_facts_and_unstated_ones(prose):
    assert prose["sliding_scale"] is False
    assert prose["payment_plans"] is True
    assert prose["accepting_new_patients"] is True
    assert prose["telehealth"] is None and prose["free_consultation"] is None
    assert prose["aftercare"] is None


def test_a_package_price_is_not_a_session_price(prose):
    assert (prose["price_min_usd"], prose["price_max_usd"]) == (450, None)


def test_prose_staff_with_credentials(prose):
    assert [(p["name"], p["credentials"]) for p in prose["practitioners"]] == [
        ("Jane Doe", ["md", "board_certified_anesthesiology"]),
        ("Sam Lee", ["pmhnp"]),
        ("Ana María Ortiz", ["lcsw"]),
    ]
    assert prose["credentials"] == ["md", "board_certified_anesthesiology", "pmhnp", "lcsw"]


def test_a_yoast_graph_is_read_from_its_clinic_node():
    record = page_record(saved_page("graph_clinic.html"), "https://stillwater.example/about")
    assert record["name"] == "Stillwater Neuro Care"
    assert record["website"] == "https://stillwater.example/"
    assert record["phone"] == "+15125550177"
    assert (record["state"], record["postal_code"]) == ("TX", "78701")
    assert (record["lat"], record["lon"]) == (30.2672, -97.7431)
    assert record["treatments"] == ["sgb", "ketamine_assisted_psychotherapy"]
    assert record["accepting_new_patients"] is False
    assert record["telehealth"] is True
    assert (record["insurance_accepted"], record["insurers"]) == ("no", [])
    assert (record["price_min_usd"], record["price_max_usd"]) == (None, None)
    assert [(p["name"], p["credentials"]) for p in record["practitioners"]] == [
        ("Omar Haddad", ["do", "board_certified_pain_medicine"]), ("Lena Fischer", ["crna"])]
    assert (record["rating"], record["review_count"]) == (4.5, 12)


def test_microdata_is_read_like_json_ld():
    record = page_record(saved_page("microdata_clinic.html"), "https://pine.example/")
    assert (record["name"], record["phone"], record["postal_code"]) == (
        "Pine Hollow Wellness", "+18025550142", "05401")
    assert record["treatments"] == ["im_ketamine"]
    assert (record["insurance_accepted"], record["insurers"]) == ("yes", ["medicare", "tricare"])
    assert (record["price_min_usd"], record["price_max_usd"]) == (300, 300)


def test_a_malformed_page_states_nothing_and_does_not_crash():
    record = page_record(saved_page("malformed.html"), "https://broken.example/")
    assert not is_clinic(record)
    assert record["name"] is None
    assert record["insurance_accepted"] == "unknown" and record["insurers"] == []
    assert (record["phone"], record["lat"], record["price_min_usd"]) == (None, None, None)


@pytest.mark.parametrize("junk", [
    b"", b"   ", "<?xml version='1.0' encoding='utf-8'?><html><p>x</p></html>",
    b"\x00\xff\xfe garbage \x89PNG", "<" * 5000, "<div>" * 3000, "<p>caf\xe9</p>".encode("latin-1"),
])
def test_junk_input_gives_an_empty_record(junk):
    record = page_record(junk, "https://junk.example/")
    assert record["website"] == "https://junk.example/"
    assert record["treatments"] == [] and record["insurance_accepted"] == "unknown"


def test_markup_in_structured_values_is_stripped():
    html = ('<script type="application/ld+json">{"@type": "MedicalClinic", "name": '
            '"<img src=x onerror=alert(1)>Evil <b>Clinic</b>", "description": '
            '"<script>alert(2)<\\/script>Calm rooms"}</script>')
    record = page_record(html, "https://evil.example/")
    assert record["name"] == "Evil Clinic"
    assert record["description"] == "Calm rooms"
