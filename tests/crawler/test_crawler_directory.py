"""The directory spider on saved pages: pagination, detail pages as directory items, and the
clinic's own site read in the same run as clinic_site items."""
from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from crawler.spiders.directory import DirectorySpider
from saved_responses import Engine, saved_response, url

ALPHA = url("/sites/alpha-ketamine/")


def _spider(**arguments) -> DirectorySpider:
    return DirectorySpider.from_crawler(get_crawler(DirectorySpider), start_url=url("/directory/"),
                                        demo="1", **arguments)


@pytest.fixture
def spider():
    return _spider()


def test_a_result_page_asks_for_its_listings_then_the_next_page(spider):
    requests = list(spider.parse(saved_response(url("/directory/"))))
    assert [(r.url, r.callback) for r in requests] == [
        (url("/directory/listing/1/"), spider.parse_listing),
        (url("/directory/listing/2/"), spider.parse_listing),
        (url("/directory/?page=2"), spider.parse)]
    assert requests[-1].meta == {"depth_reset": True}


def test_the_last_result_page_has_no_next_page(spider):
    requests = list(spider.parse(saved_response(url("/directory/?page=2"))))
    assert [r.url for r in requests] == [url("/directory/listing/3/")]


def test_a_listing_is_a_directory_item_and_leads_to_the_clinic_site(spider):
    listing = url("/directory/listing/1/")
    request, item = list(spider.parse_listing(saved_response(listing)))
    assert (request.url, request.callback, request.meta) == (
        ALPHA, spider.parse_site_home, {"depth_reset": True})
    assert (item.spider, item.source_url, item.job_unit) == ("directory", listing, listing)
    assert item.website == ALPHA, "the clinic's site, not the listing's own URL"
    assert (item.name, item.phone, item.postal_code) == ("Alpha Ketamine Clinic", "+14105550142",
                                                         "21201")


def test_one_run_brings_the_listings_and_the_sites_they_link(spider):
    items = Engine().run(spider.parse(saved_response(url("/directory/"))))
    assert sorted((item.spider, item.source_url) for item in items) == [
        ("clinic_site", ALPHA), ("directory", url("/directory/listing/1/"))]


def test_pagination_stops_at_the_page_bound():
    spider = _spider(max_result_pages="1")
    requests = list(spider.parse(saved_response(url("/directory/"))))
    assert url("/directory/?page=2") not in [r.url for r in requests]


def test_listings_only_when_asked():
    spider = _spider(follow_websites="0")
    results = list(spider.parse_listing(saved_response(url("/directory/listing/1/"))))
    assert [type(r).__name__ for r in results] == ["ClinicItem"]
