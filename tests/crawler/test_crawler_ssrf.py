"""The SSRF guard refuses what the crawler must never fetch, on every request it sees."""
from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from clinics import netguard
from crawler.fetch import CheckedRedirects, RefusedURL
from crawler.middlewares import SsrfGuardMiddleware

REFUSED = [
    ("http://10.0.0.1/", "private_address"),
    ("http://192.168.1.20:8080/admin", "private_address"),
    ("http://169.254.169.254/latest/meta-data/", "private_address"),
    ("http://127.0.0.1:8001/", "private_address"),
    ("http://[::1]/", "private_address"),
    ("http://[::ffff:127.0.0.1]/", "private_address"),
    ("http://[fe80::1]/", "private_address"),
    ("http://0.0.0.0/", "private_address"),
    ("http://localhost/", "private_address"),
    ("file:///etc/passwd", "scheme"),
    ("ftp://files.example.org/list", "scheme"),
    ("data:text/html,<h1>x</h1>", "scheme"),
    ("http:///no-host", "no_host"),
]


def _guard(allow_private: bool = False) -> SsrfGuardMiddleware:
    crawler = get_crawler(settings_dict={"CRAWL_ALLOW_PRIVATE": allow_private})
    return SsrfGuardMiddleware.from_crawler(crawler)


@pytest.mark.parametrize(("url", "reason"), REFUSED)
def test_refused_urls_raise_ignore_request_and_are_counted(url, reason):
    guard = _guard()
    with pytest.raises(IgnoreRequest, match=reason):
        asyncio.run(guard.process_request(Request(url)))
    assert guard.stats.get_value("ssrf/refused") == 1
    assert guard.stats.get_value(f"ssrf/refused/{reason}") == 1


def test_a_public_address_passes():
    guard = _guard()
    assert asyncio.run(guard.process_request(Request("http://93.184.215.14/clinic"))) is None
    assert guard.stats.get_value("ssrf/refused") is None


def test_allowing_private_addresses_still_refuses_other_schemes():
    guard = _guard(allow_private=True)
    assert asyncio.run(guard.process_request(Request("http://127.0.0.1:8001/"))) is None
    with pytest.raises(IgnoreRequest):
        asyncio.run(guard.process_request(Request("file:///etc/passwd")))


def test_a_name_that_does_not_resolve_is_refused():
    assert netguard.refusal("http://no-such-host.invalid/", allow_private=False) == "unresolvable"


def test_the_guard_runs_before_robots_txt_is_fetched():
    from crawler import settings

    assert settings.DOWNLOADER_MIDDLEWARES["crawler.middlewares.SsrfGuardMiddleware"] < 100


@pytest.mark.parametrize("target", ["http://10.0.0.1/", "file:///etc/passwd",
                                    "http://169.254.169.254/"])
def test_the_extract_command_checks_every_redirect_hop(target):
    with pytest.raises(RefusedURL):
        CheckedRedirects(allow_private=False).redirect_request(
            None, None, 302, "Found", {}, target)
