"""The ground truth: enough invented clinics, at real places, with varied and valid facts."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from rapidfuzz import fuzz, utils

from clinics.geo import haversine_mi, zip_point
from clinics.vocab import INSURANCE_ACCEPTED, TRI_STATE_FIELDS, find_in_text, tokens
from sample_web import words
from sample_web.facts import STYLES, fax_twin, truth

ROOT = Path(__file__).resolve().parent.parent.parent
RECORD_FIELDS = {
    "id", "name", "organization", "website", "phone", "street", "city", "state", "postal_code",
    "lat", "lon", "description", "hours", "treatments", "conditions", "insurance_accepted",
    "insurers", "sliding_scale", "payment_plans", "free_consultation", "aftercare",
    "accepting_new_patients", "telehealth", "price_min_usd", "price_max_usd", "practitioners",
    "credentials", "reviews", "rating", "review_count",
    # Fields only the truth carries.
    "style", "site_root", "directory_listed", "conflicts",
}
PERSON_FIELDS = {"name", "credentials", "npi", "license_state", "npi_verifiable", "npi_stated"}
REVIEW_FIELDS = {"author", "rating", "text", "published", "source_url", "source", "sources"}
BALTIMORE = zip_point("21201")


@pytest.fixture(scope="module")
def records():
    return truth(2026, "http://127.0.0.1:8001")


def _luhn_npi(npi: str) -> bool:
    """The NPI check digit, computed independently of the generator: Luhn over 80840 + NPI."""
    digits = [int(d) for d in "80840" + npi]
    total = sum(digits[-1::-2]) + sum(sum(divmod(2 * d, 10)) for d in digits[-2::-2])
    return len(npi) == 10 and total % 10 == 0


def test_enough_clinic_locations_in_enough_states(records):
    assert len(records) >= 400
    assert len({r["state"] for r in records}) >= 40


def test_records_have_the_contract_fields_and_the_truth_extras(records):
    assert all(set(r) == RECORD_FIELDS for r in records)
    assert all(set(p) == PERSON_FIELDS for r in records for p in r["practitioners"])
    assert all(set(v) == REVIEW_FIELDS for r in records for v in r["reviews"])
    assert all(set(c) == {"field", "value", "source_url"} for r in records for c in r["conflicts"])


def test_identities_are_unique_where_they_must_be(records):
    for key in ("id", "phone", "website"):
        assert len({r[key] for r in records}) == len(records), key
    assert [r["id"] for r in records][:2] == ["sw-0001", "sw-0002"]
    assert len({(r["street"], r["postal_code"]) for r in records}) == len(records)
    phones = {r["phone"] for r in records} | {
        c["value"] for r in records for c in r["conflicts"] if c["field"] == "phone"}
    assert not phones & {fax_twin(phone) for phone in phones}


def test_some_names_repeat_in_other_towns_and_some_zips_hold_two_clinics(records):
    by_name = Counter(r["name"] for r in records)
    repeated = [name for name, count in by_name.items() if count > 1]
    assert len(repeated) >= 2
    for name in repeated:
        assert len({(r["city"], r["state"]) for r in records if r["name"] == name}) > 1
    by_zip = Counter(r["postal_code"] for r in records)
    assert sum(count > 1 for count in by_zip.values()) >= 1


def test_no_two_clinics_in_one_zip_have_names_alike(records):
    by_zip: dict[str, list[str]] = {}
    for r in records:
        by_zip.setdefault(r["postal_code"], []).append(r["name"])
    for names in by_zip.values():
        for first, second in combinations(names, 2):
            assert fuzz.token_sort_ratio(first, second, processor=utils.default_process) < 90
            assert fuzz.token_sort_ratio(first, second) < 90


def test_every_clinic_stands_at_a_real_zip(records):
    for r in records:
        lat, lon, city, state = zip_point(r["postal_code"])
        assert (r["city"], r["state"]) == (city, state)
        assert haversine_mi(lat, lon, r["lat"], r["lon"]) < 2


def test_many_clinics_near_baltimore_and_others_far_away(records):
    miles = [haversine_mi(BALTIMORE[0], BALTIMORE[1], r["lat"], r["lon"]) for r in records]
    assert sum(m <= 100 for m in miles) >= 80
    assert sum(m >= 1000 for m in miles) >= 100


def test_values_use_the_shared_vocabulary(records):
    for r in records:
        assert re.fullmatch(r"\+1\d{3}55501\d\d", r["phone"])
        assert set(r["treatments"]) <= set(tokens("treatments")) and r["treatments"]
        assert set(r["conditions"]) <= set(tokens("conditions"))
        assert set(r["insurers"]) <= set(tokens("insurers"))
        assert r["insurance_accepted"] in INSURANCE_ACCEPTED
        assert r["insurers"] == [] or r["insurance_accepted"] == "yes"
        assert set(r["credentials"]) <= set(tokens("credentials"))
        if r["price_max_usd"] is not None:
            assert r["price_max_usd"] >= r["price_min_usd"]


def test_facts_are_varied(records):
    assert {r["insurance_accepted"] for r in records} == {"yes", "no", "unknown"}
    assert any(r["insurance_accepted"] == "yes" and not r["insurers"] for r in records)
    for fact in TRI_STATE_FIELDS:
        assert {r[fact] for r in records} == {True, False, None}, fact
    assert any(r["price_min_usd"] is None for r in records)
    assert any(r["price_min_usd"] is not None and r["price_max_usd"] is None for r in records)
    assert any(r["price_min_usd"] is not None and r["price_max_usd"] == r["price_min_usd"]
               for r in records)
    assert {len(r["practitioners"]) for r in records} >= {1, 2, 3}


def test_every_style_is_used_and_chains_have_several_locations(records):
    assert {r["style"] for r in records} == set(STYLES)
    chains: dict[str, list[dict]] = {}
    for r in (r for r in records if r["style"] == "chain"):
        chains.setdefault(r["site_root"], []).append(r)
    assert len(chains) >= 3
    for locations in chains.values():
        assert len(locations) >= 2
        assert len({r["organization"] for r in locations}) == 1
        assert all(r["organization"] and r["website"].startswith(r["site_root"] + "locations/")
                   for r in locations)
    for r in records:
        assert (r["organization"] is None) == (r["style"] != "chain")
        if r["style"] != "chain":
            assert r["website"] == r["site_root"]


def test_npis_are_valid_and_known_only_when_a_page_or_the_registry_gives_them(records):
    people = [p for r in records for p in r["practitioners"]]
    assert any(p["npi_verifiable"] for p in people) and any(p["npi_stated"] for p in people)
    assert any(p["npi"] is None for p in people)
    for person in people:
        known = person["npi_verifiable"] or person["npi_stated"]
        assert (person["npi"] is not None) == known
        if known:
            assert _luhn_npi(person["npi"]) and person["npi"].startswith("1")
        assert (person["license_state"] is not None) == person["npi_verifiable"]
    assert not _luhn_npi("1234567890") and _luhn_npi("1234567893")


def test_one_person_has_one_npi_and_one_npi_one_person(records):
    by_name = {}
    for person in (p for r in records for p in r["practitioners"] if p["npi"]):
        assert by_name.setdefault(person["name"], person["npi"]) == person["npi"]
    assert len(set(by_name.values())) == len(by_name)


def test_reviews_are_whole_stars_unique_per_clinic_and_from_both_sources(records):
    sources = Counter()
    for r in records:
        keys = [(v["author"], v["text"], v["published"]) for v in r["reviews"]]
        assert len(keys) == len(set(keys))
        for review in r["reviews"]:
            assert isinstance(review["rating"], int) and 1 <= review["rating"] <= 5
            assert review["source"] == review["sources"][0]
            sources[tuple(review["sources"])] += 1
    assert set(sources) == {("site",), ("review_site",), ("site", "review_site")}


def test_a_rating_is_the_mean_of_independent_reviews_and_testimonials_are_the_clinics_own(
        records):
    own_only = 0
    for r in records:
        independent = [v["rating"] for v in r["reviews"] if "review_site" in v["sources"]]
        assert r["review_count"] == len(independent)
        assert r["rating"] == (round(sum(independent) / len(independent), 1) if independent
                               else None)
        own_only += bool(r["reviews"]) and not independent
    assert own_only > 0, "some clinics have only their own testimonials, and no rating"


def test_directory_lists_many_but_not_all_and_conflicts_are_real(records):
    listed = sum(r["directory_listed"] for r in records)
    assert len(records) * 0.5 < listed < len(records)
    conflicts = [(r, c) for r in records for c in r["conflicts"]]
    assert {c["field"] for _, c in conflicts} == {"phone", "price_min_usd"}
    for record, conflict in conflicts:
        assert record["directory_listed"]
        assert conflict["value"] != record[conflict["field"]] is not None
        assert "/directory/listing/" in conflict["source_url"]


def test_generated_names_and_texts_name_no_vocabulary_term(records):
    for r in records:
        names = " ".join([r["name"], r["street"], *(p["name"] for p in r["practitioners"])])
        for vocabulary in ("treatments", "conditions", "insurers", "credentials"):
            assert find_in_text(vocabulary, names) == [], (r["id"], vocabulary)
        for vocabulary in ("treatments", "conditions", "insurers"):
            assert find_in_text(vocabulary, r["description"]) == [], (r["id"], vocabulary)
            for review in r["reviews"]:
                assert find_in_text(vocabulary, review["text"]) == [], (r["id"], vocabulary)
    for paragraph in words.BLOG_PARAGRAPHS:
        for vocabulary in ("treatments", "conditions", "insurers"):
            assert find_in_text(vocabulary, paragraph) == []


def test_the_same_seed_gives_the_same_web_and_another_seed_another(records):
    assert truth(2026, "http://127.0.0.1:8001") == records
    assert truth(2027, "http://127.0.0.1:8001") != records


def test_the_truth_command_prints_json_with_full_urls(tmp_path, records):
    result = subprocess.run(
        [sys.executable, "-m", "sample_web", "--seed", "2026", "truth",
         "--base-url", "http://127.0.0.1:8001"],
        cwd=ROOT, env={"PATH": "", "PYTHONPATH": str(ROOT), "CLINICS_VAR": str(tmp_path)},
        capture_output=True, text=True, check=True)
    printed = json.loads(result.stdout)
    assert printed == records
    assert printed[0]["website"].startswith("http://127.0.0.1:8001/sites/")
