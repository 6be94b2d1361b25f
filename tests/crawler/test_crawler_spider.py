"""Spider callbacks called directly on saved responses: which requests they make, with which
callbacks, and the one item each site becomes."""
from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler.items import ClinicItem
from crawler.spiders.clinic_site import ClinicSiteSpider
from saved_pages import BASE_URL, html_response, sample_response, sample_routes, sample_truth


@pytest.fixture
def spider():
    crawler = get_crawler(ClinicSiteSpider)
    return ClinicSiteSpider.from_crawler(crawler, start_url=BASE_URL + "/", demo="1")


def _site(predicate) -> dict:
    """The first invented clinic whose site's pages satisfy the predicate."""
    for record in sample_truth():
        root = record["website"].removeprefix(BASE_URL)
        if predicate(root, sample_routes()[root].body.decode()):
            return record
    raise LookupError("no such site in the sample web")


def _crawl_site(spider, first_results, record) -> ClinicItem:
    """Follow the spider's chained requests through the site's pages until its item comes out."""
    results = list(first_results)
    while results and isinstance(results[-1], Request):
        request = results[-1]
        path = request.url.removeprefix(BASE_URL)
        if sample_routes().get(path) is None or sample_routes()[path].status != 200:
            # A missing page: Scrapy would call the request's errback with the failure.
            failure = Failure(IgnoreRequest(f"404 {request.url}"))
            failure.request = request
            results = list(request.errback(failure))
        else:
            response = sample_response(path, request)
            results = list(request.callback(response, **request.cb_kwargs))
    assert len(results) == 1 and isinstance(results[0], ClinicItem), results
    return results[0]


def test_the_index_leads_to_every_site_on_its_host(spider):
    requests = list(spider.parse(sample_response("/")))
    urls = [request.url for request in requests]
    for record in sample_truth():
        assert record["website"] in urls or record["website"].rstrip("/") in urls
    assert BASE_URL + "/staff-only/" in urls
    assert all(request.callback == spider.parse_site_home for request in requests)


def test_a_one_page_site_becomes_one_item_at_once(spider):
    record = _site(lambda root, html: "application/ld+json" in html)
    results = list(spider.parse_site_home(sample_response(record["website"].removeprefix(BASE_URL))))
    assert len(results) == 1
    item = results[0]
    assert (item.name, item.phone, item.postal_code) == (
        record["name"], record["phone"], record["postal_code"])
    assert item.website == item.source_url == record["website"]
    assert item.demo is True
    assert all(review["source_url"] == record["website"] for review in item.reviews)


def test_a_site_with_an_insurance_page_is_read_as_one_clinic(spider):
    record = _site(lambda root, html: f'href="{root}insurance"' in html)
    first = list(spider.parse_site_home(sample_response(record["website"].removeprefix(BASE_URL))))
    assert len(first) == 1 and isinstance(first[0], Request)
    assert first[0].url == record["website"] + "insurance"
    assert first[0].callback == spider.parse_site_page
    assert first[0].errback == spider.site_page_failed
    item = _crawl_site(spider, first, record)
    assert item.insurance_accepted == record["insurance_accepted"]
    assert set(item.insurers) == set(record["insurers"])
    assert (item.price_min_usd, item.price_max_usd) == (
        record["price_min_usd"], record["price_max_usd"])


def test_a_missing_page_loses_that_page_not_the_clinic(spider):
    record = _site(lambda root, html: f'href="{root}blog"' in html)
    first = list(spider.parse_site_home(sample_response(record["website"].removeprefix(BASE_URL))))
    item = _crawl_site(spider, first, record)
    assert item.name == record["name"]
    assert spider.crawler.stats.get_value("clinic_site/page_failed") == 1


def test_a_start_url_that_is_a_clinic_site_is_read_as_that_site(spider):
    record = _site(lambda root, html: "application/ld+json" in html)
    results = list(spider.parse(sample_response(record["website"].removeprefix(BASE_URL))))
    assert [item.website for item in results] == [record["website"]]


def test_a_page_that_is_no_clinic_yields_nothing(spider):
    page = html_response(BASE_URL + "/about/", b"<html><h1>About this web</h1><p>Hello.</p></html>")
    assert list(spider.parse_site_home(page)) == []
    assert spider.crawler.stats.get_value("clinic_site/not_a_clinic") == 1


def test_a_binary_response_yields_nothing(spider):
    response = Response(BASE_URL + "/logo.png", body=b"\x89PNG\r\n")
    assert list(spider.parse(response)) == []
    assert list(spider.parse_site_home(response)) == []


def test_the_spider_needs_a_start_url():
    with pytest.raises(ValueError, match="start_url"):
        ClinicSiteSpider.from_crawler(get_crawler(ClinicSiteSpider))
