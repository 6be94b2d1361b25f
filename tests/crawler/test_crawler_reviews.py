"""The reviews spider on saved pages: one item per reviewed clinic, with the reviews of every
page, the clinic's identity and the aggregate the site states."""
from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.extract import page_partials
from crawler.extract.reviewed import clinic_name, reviewed_clinic
from crawler.items import ClinicItem
from crawler.spiders.reviews import ReviewsSpider, ReviewVisit, review_record
from saved_responses import Engine, saved_response, url

CLINIC = url("/reviews/clinic/1/")


@pytest.fixture
def spider():
    return ReviewsSpider.from_crawler(get_crawler(ReviewsSpider), start_url=url("/reviews/"),
                                      demo="1")


def test_the_list_asks_for_each_clinic_review_page(spider):
    requests = list(spider.parse(saved_response(url("/reviews/"))))
    assert [(r.url, r.callback, r.meta) for r in requests] == [
        (CLINIC, spider.parse_reviews, {"clinic": CLINIC})]


def test_a_clinic_page_with_more_pages_asks_for_the_next_and_yields_nothing_yet(spider):
    first = saved_response(CLINIC, Request(CLINIC, meta={"clinic": CLINIC}))
    (request,) = list(spider.parse_reviews(first))
    assert (request.url, request.callback, request.errback) == (
        CLINIC + "?page=2", spider.parse_reviews, spider.review_page_failed)
    assert request.meta == {"clinic": CLINIC, "page_number": 2, "depth_reset": True}


def test_all_pages_become_one_item(spider):
    (item,) = Engine().run(spider.parse(saved_response(url("/reviews/"))))
    assert isinstance(item, ClinicItem)
    assert (item.spider, item.source_url, item.job_unit) == ("reviews", CLINIC, CLINIC)
    assert (item.name, item.phone, item.postal_code) == ("Alpha Ketamine Clinic", "+14105550142",
                                                         "21201")
    assert sorted(r["author"] for r in item.reviews) == ["Ana P.", "Ben W.", "Maria T."]
    assert {r["source_url"] for r in item.reviews} == {CLINIC, CLINIC + "?page=2"}
    assert (item.rating, item.review_count) == (4.5, 3)
    assert item.website == url("/sites/alpha-ketamine/")
    assert item.treatments == [] and item.description is None, "only identity and reviews"


@pytest.mark.parametrize(("title", "name"), [
    ("Reviews of Quietmere Healing Center", "Quietmere Healing Center"),
    ("Patient reviews for Quietmere Healing Center (page 2)", "Quietmere Healing Center"),
    ("Quietmere Healing Center reviews", "Quietmere Healing Center"),
    ("Quietmere Healing Center", "Quietmere Healing Center"),
    (None, None),
])
def test_the_clinic_name_is_read_out_of_a_review_page_title(title, name):
    assert clinic_name(title) == name


def test_a_failing_later_page_keeps_the_reviews_read_so_far(spider):
    list(spider.parse_reviews(saved_response(CLINIC, Request(CLINIC, meta={"clinic": CLINIC}))))

    class Failed:
        request = Request(CLINIC + "?page=2", meta={"clinic": CLINIC, "page_number": 2})

    (item,) = list(spider.review_page_failed(Failed()))
    assert len(item.reviews) == 2
    assert spider.crawler.stats.get_value("reviews/page_failed") == 1


def test_a_later_page_without_its_visit_starts_the_clinic_again(spider):
    page = CLINIC + "?page=2"
    second = saved_response(page, Request(page, meta={"clinic": CLINIC, "page_number": 2}))
    (request,) = list(spider.parse_reviews(second))
    assert (request.url, request.callback, request.dont_filter) == (
        CLINIC, spider.parse_reviews, True)


def test_a_plain_review_page_names_the_clinic_by_its_title_and_identity_line_only():
    html = ("<html><head><title>Patient reviews for Quietmere Healing Center (page 2)</title>"
            "</head><body><h1>Patient reviews for Quietmere Healing Center</h1>"
            "<p>88 Elm Street, Suite 2, Burlington, VT 05401 · 802.555.0177</p>"
            "<p class='badge'>Accepts Aetna · Offers ketamine infusions</p>"
            "<div class='review'><p>Kind people.</p><p>5 out of 5 — Dana R.</p></div>"
            "</body></html>")
    identity = reviewed_clinic(page_partials(html, url("/reviews/clinic/9/?page=2")),
                               "Patient reviews for Quietmere Healing Center (page 2)")
    assert identity == {"name": "Quietmere Healing Center", "street": "88 Elm Street, Suite 2",
                        "city": "Burlington", "state": "VT", "postal_code": "05401",
                        "phone": "+18025550177", "lat": None, "lon": None}


def test_the_item_names_the_review_site_as_it_names_itself():
    html = ("<html><head><title>Reviews of Quietmere Healing Center (page 1)</title>"
            '<meta property="og:site_name" content="Calm Reviews"></head><body>'
            "<p>88 Elm Street, Burlington, VT 05401 · 802.555.0177</p></body></html>")
    visit = ReviewVisit(url("/reviews/clinic/9/"), pages=[page_partials(html, url("/r/"))],
                        title="Reviews of Quietmere Healing Center (page 1)",
                        site_name="Calm Reviews")
    record = review_record(visit)
    assert (record["name"], record["source_site"]) == ("Quietmere Healing Center", "Calm Reviews")
