"""The ground truth: enough invented clinics, at real places, with varied and valid facts."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from clinics.geo import haversine_mi, zip_point
from clinics.vocab import INSURANCE_ACCEPTED, TRI_STATE_FIELDS, find_in_text, tokens
from sample_web.facts import generate, truth

ROOT = Path(__file__).resolve().parent.parent.parent
RECORD_FIELDS = {
    "id", "name", "organization", "website", "phone", "street", "city", "state", "postal_code",
    "lat", "lon", "description", "hours", "treatments", "conditions", "insurance_accepted",
    "insurers", "sliding_scale", "payment_plans", "free_consultation", "aftercare",
    "accepting_new_patients", "telehealth", "price_min_usd", "price_max_usd", "practitioners",
    "credentials", "reviews", "rating", "review_count",
}
BALTIMORE = zip_point("21201")


@pytest.fixture(scope="module")
def records():
    return truth(2026)


def test_enough_clinics_in_enough_states(records):
    assert len(records) >= 80
    assert len({r["state"] for r in records}) >= 20


def test_records_have_exactly_the_contract_fields(records):
    assert all(set(r) == RECORD_FIELDS for r in records)
    assert all(set(p) == {"name", "credentials", "npi", "license_state"}
               for r in records for p in r["practitioners"])
    assert all(set(v) == {"author", "rating", "text", "published", "source_url"}
               for r in records for v in r["reviews"])


def test_identities_are_unique(records):
    for key in ("id", "name", "phone", "website", "postal_code"):
        assert len({r[key] for r in records}) == len(records), key
    assert [r["id"] for r in records][:2] == ["sw-0001", "sw-0002"]


def test_every_clinic_stands_at_a_real_zip(records):
    for r in records:
        lat, lon, city, state = zip_point(r["postal_code"])
        assert (r["city"], r["state"]) == (city, state)
        assert haversine_mi(lat, lon, r["lat"], r["lon"]) < 2


def test_many_clinics_near_baltimore_and_others_far_away(records):
    miles = [haversine_mi(BALTIMORE[0], BALTIMORE[1], r["lat"], r["lon"]) for r in records]
    assert sum(m <= 100 for m in miles) >= 20
    assert sum(m >= 1000 for m in miles) >= 10


def test_values_use_the_shared_vocabulary(records):
    for r in records:
        assert re.fullmatch(r"\+1\d{3}55501\d\d", r["phone"])
        assert set(r["treatments"]) <= set(tokens("treatments")) and r["treatments"]
        assert set(r["conditions"]) <= set(tokens("conditions"))
        assert set(r["insurers"]) <= set(tokens("insurers"))
        assert r["insurance_accepted"] in INSURANCE_ACCEPTED
        assert r["insurers"] == [] or r["insurance_accepted"] == "yes"
        assert set(r["credentials"]) <= set(tokens("credentials"))
        assert all(1 <= v["rating"] <= 5 for v in r["reviews"])
        assert r["review_count"] == len(r["reviews"])
        if r["price_max_usd"] is not None:
            assert r["price_max_usd"] >= r["price_min_usd"]


def test_facts_are_varied(records):
    said = {r["insurance_accepted"] for r in records}
    assert said == {"yes", "no", "unknown"}
    assert any(r["insurance_accepted"] == "yes" and not r["insurers"] for r in records)
    for fact in TRI_STATE_FIELDS:
        assert {r[fact] for r in records} == {True, False, None}, fact
    assert any(r["price_min_usd"] is None for r in records)
    assert any(r["price_min_usd"] is not None and r["price_max_usd"] is None for r in records)
    assert {len(r["practitioners"]) for r in records} >= {1, 2, 3}


def test_generated_names_and_texts_name_no_vocabulary_term(records):
    for r in records:
        names = " ".join([r["name"], r["street"], *(p["name"] for p in r["practitioners"])])
        for vocabulary in ("treatments", "conditions", "insurers", "credentials"):
            assert find_in_text(vocabulary, names) == [], (r["id"], vocabulary)
        for vocabulary in ("treatments", "conditions", "insurers"):
            assert find_in_text(vocabulary, r["description"]) == [], (r["id"], vocabulary)


def test_both_page_styles_are_used():
    assert {clinic.style for clinic in generate(2026)} == {"jsonld", "prose"}


def test_the_same_seed_gives_the_same_web_and_another_seed_another():
    assert truth(2026) == truth(2026)
    assert truth(2026) != truth(2027)


def test_the_truth_command_prints_json_with_full_urls(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sample_web", "--seed", "2026", "truth",
         "--base-url", "http://127.0.0.1:8001"],
        cwd=ROOT, env={"PATH": "", "PYTHONPATH": str(ROOT), "CLINICS_VAR": str(tmp_path)},
        capture_output=True, text=True, check=True)
    printed = json.loads(result.stdout)
    assert printed == truth(2026, "http://127.0.0.1:8001")
    assert printed[0]["website"].startswith("http://127.0.0.1:8001/sites/")
