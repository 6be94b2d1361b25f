"""NPI registry checks: matching saved NPPES 2.1 answers to practitioners, and the spider's
requests and items."""
from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from clinics.credentials import PractitionerToVerify
from crawler.items import NpiCheckItem
from crawler.npi import query_url, verdict
from crawler.spiders.npi_registry import NpiRegistrySpider
from saved_responses import npi_answer

API = "http://127.0.0.1:8001/npi/api/"
ROE = PractitionerToVerify(1, "Jane Roe", "Jane", "Roe", "MD", "1234567893",
                           ("md", "board_certified_anesthesiology"))
OKAFOR = PractitionerToVerify(2, "Sam Okafor", "Sam", "Okafor", "MD", None, ("pmhnp",))


def _answer(name: str) -> dict:
    return json.loads(npi_answer(name, API).text)


def test_a_number_query_and_a_name_query():
    assert query_url(API, ROE) == API + "?version=2.1&number=1234567893"
    assert query_url(API, OKAFOR) == (API + "?version=2.1&first_name=Sam&last_name=Okafor"
                                      "&state=MD&enumeration_type=NPI-1&limit=50")


def test_name_state_and_taxonomy_match_verifies_the_registry_number():
    found = verdict(_answer("number_1234567893.json"), ROE)
    assert (found.npi, found.verified, found.taxonomy) == ("1234567893", True, "Anesthesiology")


def test_namesakes_in_another_state_or_trade_are_not_the_practitioner():
    found = verdict(_answer("name_okafor_md.json"), OKAFOR)
    assert (found.npi, found.verified) == ("1234567828", True)
    assert found.taxonomy == "Nurse Practitioner, Psych/Mental Health"


@pytest.mark.parametrize(("person", "reason"), [
    (PractitionerToVerify(1, "Jane Roe", "Jane", "Roe", "TX", "1234567893", ("md",)),
     "state_mismatch"),
    (PractitionerToVerify(1, "Jane Doe", "Jane", "Doe", "MD", "1234567893", ("md",)),
     "name_mismatch"),
    (PractitionerToVerify(1, "Jane Roe", "Jane", "Roe", "MD", "1234567893",
                          ("md", "board_certified_psychiatry")), "taxonomy_mismatch"),
    (PractitionerToVerify(1, "Jane Roe", "Jane", "Roe", "MD", "1234567893", ()),
     "taxonomy_mismatch"),
])
def test_any_mismatch_leaves_the_claim_unverified(person, reason):
    found = verdict(_answer("number_1234567893.json"), person)
    assert (found.verified, found.reason) == (False, reason)
    assert found.npi == person.npi


def test_two_fitting_entries_are_ambiguous():
    answer = _answer("name_okafor_md.json")
    answer["results"].append({**answer["results"][2], "number": "1234567836"})
    assert verdict(answer, OKAFOR).reason == "ambiguous"


def test_no_results_and_errors():
    assert verdict(_answer("no_results.json"), OKAFOR).reason == "not_found"
    assert verdict(_answer("errors.json"), OKAFOR).reason == "api_error"


@pytest.fixture
def spider():
    crawler = get_crawler(NpiRegistrySpider, {"NPI_API_URL": API})
    return NpiRegistrySpider.from_crawler(crawler)


@pytest.mark.parametrize(("person", "reason"), [
    (PractitionerToVerify(3, "A B", "A", "B", "MD", "1234567890", ("md",)), "invalid_npi"),
    (PractitionerToVerify(3, "Cher", "Cher", "", "MD", None, ("md",)), "no_name"),
    (PractitionerToVerify(3, "A B", "A", "B", None, None, ("md",)), "no_state"),
])
def test_no_request_is_made_that_cannot_verify(spider, person, reason):
    assert spider.check_request(person, API) is None
    assert spider.crawler.stats.get_value(f"npi_registry/skipped/{reason}") == 1


def test_the_answer_becomes_an_npi_check_item(spider):
    request = spider.check_request(ROE, API)
    assert (request.url, request.callback) == (API + "?version=2.1&number=1234567893",
                                               spider.parse)
    assert request.cb_kwargs == {"person": asdict(ROE)}
    response = npi_answer("number_1234567893.json", request.url, request)
    (item,) = list(spider.parse(response, **request.cb_kwargs))
    assert item == NpiCheckItem(1, "1234567893", True, "Anesthesiology", request.url,
                                "verified", job_unit="npi:1")


def test_an_error_answer_is_counted_not_stored(spider):
    response = npi_answer("errors.json", API + "?version=2.1", Request(API))
    assert list(spider.parse(response, person=asdict(OKAFOR))) == []
    assert spider.crawler.stats.get_value("npi_registry/api_error") == 1
