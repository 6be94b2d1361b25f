"""A crawl with allowed domains stays on them: ``-a allowed_domains=a,b`` becomes the spider's
``allowed_domains``, and requests to other hosts are dropped before any connection, even those
the spiders mark ``dont_filter``, and counted as ``offsite/filtered``."""
from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from clinics.domains import DomainError
from crawler.offsite import AllowedDomainsMiddleware
from crawler.spiders.clinic_site import ClinicSiteSpider
from crawler.spiders.directory import DirectorySpider
from crawler.spiders.npi_registry import NpiRegistrySpider
from crawler.spiders.reviews import ReviewsSpider

START = {"start_url": "http://127.0.0.1:8001/"}


@pytest.mark.parametrize(("spider_class", "arguments"), [
    (ClinicSiteSpider, START), (DirectorySpider, START), (ReviewsSpider, START),
    (NpiRegistrySpider, {})])
def test_every_spider_takes_the_allowed_domains_argument(spider_class, arguments):
    spider = spider_class(allowed_domains="127.0.0.1, Clinic.Example.org", **arguments)
    assert spider.allowed_domains == ["127.0.0.1", "clinic.example.org"]
    assert getattr(spider_class(**arguments), "allowed_domains", None) in (None, [])


def test_a_bad_allowed_domain_stops_the_spider_before_it_starts():
    with pytest.raises(DomainError, match="is not a host name"):
        ClinicSiteSpider(allowed_domains="http://clinic.example.org/", **START)


def _middleware(domains: str | None):
    crawler = get_crawler(ClinicSiteSpider)
    crawler.spider = ClinicSiteSpider.from_crawler(crawler, allowed_domains=domains, **START)
    middleware = AllowedDomainsMiddleware.from_crawler(crawler)
    middleware.spider_opened(crawler.spider)
    return middleware, crawler.stats


def test_requests_to_other_hosts_are_dropped_and_counted_even_when_marked_dont_filter():
    middleware, stats = _middleware("127.0.0.1,clinic.example.org")
    for url in ("http://127.0.0.1:8001/sites/a/", "http://www.clinic.example.org/team/"):
        assert middleware.process_request(Request(url, dont_filter=True)) is None
    for url in ("http://localhost:8001/sites/a/", "http://other.example.org/",
                "http://localhost:8001/sites/b/"):
        with pytest.raises(IgnoreRequest):
            middleware.process_request(Request(url, dont_filter=True))
    assert stats.get_value("offsite/filtered") == 3
    assert stats.get_value("offsite/domains") == 2


def test_without_allowed_domains_every_host_passes():
    middleware, stats = _middleware(None)
    assert middleware.process_request(Request("http://localhost:8001/", dont_filter=True)) is None
    assert stats.get_value("offsite/filtered") is None


def test_a_real_crawl_does_not_fetch_the_other_spelling_of_the_loopback(
        tmp_path_factory, sample_web_url, truth, run_crawl):
    from crawl_process import fresh_database

    site = truth[0]["website"]
    parts = urlsplit(site)
    assert parts.hostname == "127.0.0.1"
    elsewhere = parts._replace(netloc=f"localhost:{parts.port}").geturl()
    database = fresh_database(tmp_path_factory, "allowed_domains")
    run = run_crawl("clinic_site", database, "-s", "LOG_LEVEL=DEBUG",
                    start_urls=f"{site} {elsewhere}", allowed_domains="127.0.0.1")
    assert run.returncode == 0, run.log[-3000:]
    assert run.stats["offsite/filtered"] >= 1 and run.stats["offsite/domains"] == 1
    assert run.stats["response_received_count"] >= 2
    assert "Filtered offsite request to 'localhost'" in run.log
    assert "<GET http://127.0.0.1:" in run.log
    assert "Crawled (200) <GET http://localhost" not in run.log
    assert "<GET http://localhost" not in run.log.replace(
        "Filtered offsite request to 'localhost': <GET http://localhost", "")
    assert run.offline_violations == []
