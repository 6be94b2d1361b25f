"""The clinic_site spider's callbacks on saved pages: which requests they make, with which
callbacks, and the one item per clinic location each site becomes."""
from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler.items import ClinicItem
from crawler.jobdir import Ledger
from crawler.links import fact_page_links
from crawler.spiders.clinic_site import ClinicSiteSpider
from saved_responses import Engine, html_page, saved_response, url

ALPHA = url("/sites/alpha-ketamine/")
BETA = url("/sites/beta-wellness/")


def _spider(settings: dict | None = None, **arguments) -> ClinicSiteSpider:
    crawler = get_crawler(ClinicSiteSpider, settings)
    arguments.setdefault("start_url", url("/"))
    return ClinicSiteSpider.from_crawler(crawler, demo="1", **arguments)


@pytest.fixture
def spider():
    return _spider()


def _crawl(spider, start: str) -> list[ClinicItem]:
    return Engine().run(spider.parse(saved_response(start)))


async def _started(spider) -> list[Request]:
    return [request async for request in spider.start()]


def test_several_start_urls_each_start_once_and_none_is_refused():
    spider = _spider(start_url=None, start_urls=f"{ALPHA}\n{BETA}  {ALPHA}")
    requests = asyncio.run(_started(spider))
    assert [(r.url, r.callback) for r in requests] == [(ALPHA, spider.parse),
                                                       (BETA, spider.parse)]
    with pytest.raises(ValueError, match="start_url"):
        _spider(start_url=None)


def test_the_index_leads_to_every_site_on_its_host(spider):
    requests = list(spider.parse(saved_response(url("/"))))
    assert [r.url for r in requests] == [
        ALPHA, url("/sites/beta-wellness"), url("/directory/"), url("/reviews/"),
        url("/about-this-demo/"), url("/private/")]
    assert all(r.callback == spider.parse_site_home and not r.dont_filter for r in requests)


def test_a_sitemap_starts_one_visit_per_site_not_per_page(spider):
    requests = list(spider.parse(saved_response(url("/sitemap.xml"))))
    assert [(r.url, r.callback) for r in requests] == [
        (ALPHA, spider.parse_site_home), (BETA, spider.parse_site_home)]


def test_a_site_home_asks_for_the_pages_where_facts_are_stated(spider):
    requests = list(spider.parse_site_home(saved_response(ALPHA)))
    assert [r.url for r in requests] == [ALPHA + p for p in (
        "team/", "insurance/", "pricing/", "faq/", "private/")]
    for request in requests:
        assert request.callback == spider.parse_site_page
        assert request.errback == spider.site_page_failed
        assert request.meta == {"root": ALPHA, "hop": 1, "page": request.url}
        assert request.dont_filter and request.priority > 0


def test_a_multipage_site_becomes_one_item_with_every_page_facts(spider):
    items = _crawl(spider, ALPHA)
    assert len(items) == 1
    item = items[0]
    assert (item.name, item.phone, item.postal_code) == ("Alpha Ketamine Clinic", "+14105550142",
                                                         "21201")
    assert (item.website, item.source_url, item.spider) == (ALPHA, ALPHA, "clinic_site")
    assert item.insurance_accepted == "yes" and set(item.insurers) == {"aetna", "cigna"}
    assert (item.price_min_usd, item.sliding_scale, item.accepting_new_patients) == (450, True, True)
    assert {p["name"] for p in item.practitioners} == {"Jane Roe", "Sam Okafor"}
    assert sorted(r["author"] for r in item.reviews) == ["Lee K.", "Maria T."]
    assert item.rating is None, "a mean of chosen testimonials is not a stated rating"
    assert item.demo and item.job_unit == ALPHA


def test_a_forbidden_or_missing_page_loses_that_page_not_the_clinic(spider):
    items = _crawl(spider, ALPHA)
    assert [item.name for item in items] == ["Alpha Ketamine Clinic"]
    assert spider.crawler.stats.get_value("clinic_site/page_failed") == 1


def test_a_chain_site_yields_one_item_per_location_with_the_shared_facts(spider):
    engine = Engine()
    items = engine.run(spider.parse(saved_response(url("/"))))
    chain = {item.name: item for item in items if item.organization == "Beta Wellness"}
    assert sorted(chain) == ["Beta Wellness Columbia", "Beta Wellness Towson"]
    towson = chain["Beta Wellness Towson"]
    assert (towson.phone, towson.postal_code) == ("+14105550111", "21204")
    assert towson.website == towson.source_url == BETA + "locations/towson/"
    assert chain["Beta Wellness Columbia"].phone == "+14105550122"
    # The Towson page names its clinician; Columbia's names nobody, so the whole team applies.
    assert [p["name"] for p in towson.practitioners] == ["Ann Lee"]
    assert towson.credentials == ["md", "board_certified_anesthesiology"]
    assert {p["name"] for p in chain["Beta Wellness Columbia"].practitioners} == {"Ann Lee",
                                                                                  "Bo Park"}
    for item in chain.values():
        assert item.insurance_accepted == "no" and item.payment_plans is True
        assert {"sgb", "iv_ketamine"} <= set(item.treatments)
    # The unit of work is the link the visit started from (a redirect here), marked once.
    assert [i.job_unit for i in chain.values() if i.job_unit] == [url("/sites/beta-wellness")]


def test_a_crawl_of_the_index_reads_each_site_once_and_no_listing_as_a_clinic(spider):
    items = Engine().run(spider.parse(saved_response(url("/"))))
    assert sorted(item.name for item in items) == [
        "Alpha Ketamine Clinic", "Beta Wellness Columbia", "Beta Wellness Towson"]


def test_units_a_killed_run_stored_are_not_visited_again(tmp_path):
    ledger = Ledger(str(tmp_path))
    ledger.add(ALPHA)
    ledger.close()
    spider = _spider({"JOBDIR": str(tmp_path)})
    urls = [r.url for r in spider.parse(saved_response(url("/")))]
    assert ALPHA not in urls and url("/sites/beta-wellness") in urls
    assert spider.crawler.stats.get_value("jobdir/skipped_units") == 1


def test_a_page_whose_visit_was_lost_restarts_its_site(spider):
    page = saved_response(ALPHA + "team/", Request(ALPHA + "team/",
                                                   meta={"root": ALPHA, "hop": 1}))
    requests = list(spider.parse_site_page(page))
    assert [(r.url, r.callback, r.dont_filter) for r in requests] == [
        (ALPHA, spider.parse_site_home, True)]


def test_at_the_depth_limit_the_home_page_alone_makes_the_item():
    spider = _spider({"DEPTH_LIMIT": 1})
    home = saved_response(ALPHA, Request(ALPHA, meta={"depth": 1}))
    results = list(spider.parse_site_home(home))
    assert [type(r) for r in results] == [ClinicItem]


def test_a_start_url_that_is_a_clinic_site_is_read_as_that_site():
    spider = _spider(start_url=ALPHA)
    assert [item.website for item in _crawl(spider, ALPHA)] == [ALPHA]


def test_a_page_that_is_no_clinic_yields_nothing(spider):
    page = html_page(url("/about-this-demo/"), b"<html><h1>About this web</h1><p>Hi.</p></html>")
    assert list(spider.parse_site_home(page)) == []
    assert spider.crawler.stats.get_value("clinic_site/not_a_clinic") == 1


def test_a_binary_response_yields_nothing(spider):
    response = Response(url("/logo.png"), body=b"\x89PNG\r\n")
    assert list(spider.parse(response)) == []
    assert list(spider.parse_site_home(response)) == []


def test_the_spider_needs_a_start_url():
    with pytest.raises(ValueError, match="start_url"):
        ClinicSiteSpider.from_crawler(get_crawler(ClinicSiteSpider))


@pytest.mark.parametrize(("path", "followed"), [
    ("conditions/depression/", True), ("conditions/postpartum-depression/", True),
    ("our-team/", True), ("insurance-and-fees/", True), ("locations/towson/", True),
    ("blog/first-visit/", False), ("press/", False), ("careers/", False), ("news/2024/", False),
    ("gallery/", False),
])
def test_which_pages_of_a_site_are_worth_reading(path, followed):
    page = html_page(ALPHA, f'<html><body><a href="{ALPHA}{path}">x</a></body></html>'.encode())
    assert (fact_page_links(page.text, ALPHA, ALPHA) == [ALPHA + path]) is followed


def test_a_link_text_can_make_a_page_worth_reading():
    body = f'<a href="{ALPHA}?page_id=12">Meet our providers</a><a href="{ALPHA}?p=3">Hi</a>'
    page = html_page(ALPHA, body.encode())
    assert fact_page_links(page.text, ALPHA, ALPHA) == [ALPHA + "?page_id=12"]
