"""The NPI registry stand-in answers as NPPES API 2.1 does, and agrees with the truth."""
from __future__ import annotations

import json

import pytest

from sample_web.npi_registry import entries
from sample_web.people import npi_is_valid
from sample_web.site import lookup
from sample_web_helpers import SEED, clinics, records, routes

API = "/npi/api/?version=2.1"


def _ask(query: str) -> tuple[int, dict]:
    response = lookup(routes(), f"{API}&{query}" if query else API)
    assert response.content_type == "application/json"
    return response.status, json.loads(response.body)


def _people():
    return [(r, p) for r in records() for p in r["practitioners"]]


def test_a_verifiable_practitioner_is_found_by_number_with_the_v2_1_shape():
    record, person = next((r, p) for r, p in _people() if p["npi_verifiable"])
    status, answer = _ask(f"number={person['npi']}")
    assert status == 200 and answer["result_count"] == 1
    (result,) = answer["results"]
    assert result["number"] == person["npi"] and result["enumeration_type"] == "NPI-1"
    first, last = person["name"].split(" ", 1)
    basic = result["basic"]
    assert (basic["first_name"], basic["last_name"]) == (first.upper(), last.upper())
    (taxonomy,) = result["taxonomies"]
    assert set(taxonomy) >= {"code", "desc", "license", "state", "primary"}
    assert taxonomy["state"] == record["state"] == person["license_state"] and taxonomy["primary"]
    location = next(a for a in result["addresses"] if a["address_purpose"] == "LOCATION")
    assert location["postal_code"][:5] == record["postal_code"]


def test_every_verifiable_practitioner_is_found_by_name_and_state():
    for record, person in _people():
        first, last = person["name"].split(" ", 1)
        status, answer = _ask(
            f"first_name={first}&last_name={last.lower()}&state={record['state']}")
        numbers = [result["number"] for result in answer["results"]]
        assert status == 200
        assert (person["npi"] in numbers) == person["npi_verifiable"], person


def test_namesakes_wait_in_the_registry_for_the_unwary():
    other_state = other_taxonomy = 0
    for record, person in _people():
        first, last = person["name"].split(" ", 1)
        _, answer = _ask(f"first_name={first}&last_name={last}")
        for result in answer["results"]:
            if result["number"] != person["npi"]:
                other_state += result["taxonomies"][0]["state"] != record["state"]
                other_taxonomy += result["taxonomies"][0]["state"] == record["state"]
    assert other_state >= 20 and other_taxonomy >= 20


def test_a_stated_but_unverifiable_npi_is_not_in_the_registry():
    person = next(p for _, p in _people() if p["npi_stated"] and not p["npi_verifiable"])
    assert _ask(f"number={person['npi']}") == (200, {"result_count": 0, "results": []})


def test_unknown_people_and_numbers_find_nothing():
    assert _ask("number=1234567893") == (200, {"result_count": 0, "results": []})
    nobody = _ask("first_name=Nobody&last_name=Atall&state=MD")
    assert nobody == (200, {"result_count": 0, "results": []})


def test_wildcards_limit_and_skip():
    record, person = next((r, p) for r, p in _people() if p["npi_verifiable"])
    last = person["name"].split(" ", 1)[1]
    _, every = _ask(f"last_name={last[:3]}*&limit=200")
    assert person["npi"] in [r["number"] for r in every["results"]]
    _, one = _ask(f"last_name={last[:3]}*&limit=1&skip=1")
    assert one["result_count"] == 1 and one["results"][0] == every["results"][1]


@pytest.mark.parametrize("query", ["", "state=MD", "number=12345", "last_name=a*",
                                   "limit=x&last_name=Roe"])
def test_bad_requests_get_errors(query):
    status, answer = _ask(query)
    assert status == 200 and answer["Errors"][0]["description"]


def test_the_version_is_required():
    response = lookup(routes(), "/npi/api/?number=1234567893")
    assert response.status == 200 and "Errors" in json.loads(response.body)


def test_every_registry_number_is_a_valid_npi():
    numbers = [entry["number"] for entry in entries(SEED, list(clinics()))]
    assert len(numbers) == len(set(numbers)) > 300
    assert all(npi_is_valid(number) and number.startswith("1") for number in numbers)
