"""Hostile pages are answered, not suffered: a 10 MB page, 100,000 links, markup nested 10,000
deep, a gzip bomb, a page that never finishes, redirect loops. Each is rejected within bounded
time and memory and counted as ``page_rejected/<reason>``; the crawl goes on and ends cleanly.

The pages are the sample web's own (``/hostile/``), crawled for real by ``scrapy crawl``."""
from __future__ import annotations

import gzip
import socket
import struct
import time
import urllib.request
import zlib
from urllib.parse import urlsplit

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler
from sqlalchemy import func, select

from clinics.db import session_scope
from clinics.models import Clinic
from crawl_process import fresh_database
from crawler.extract.page import html_root
from crawler.middlewares import (BoundedDecompressionMiddleware, LoopSafeRedirectMiddleware,
                                 PageBoundsMiddleware)
from crawler.page_bounds import nested_deeper_than, page_refusal
from sample_web import hostile
from sample_web.words import DEMO_NOTE
from saved_html import saved_html

# Every hostile page once: what the crawl must count, reason by reason.
EXPECTED_REJECTIONS = {
    "page_rejected/too_large": 2,               # 10 MiB announced, and 10 MiB unannounced
    "page_rejected/too_many_links": 1,
    "page_rejected/too_deep": 1,
    "page_rejected/decompressed_too_large": 1,  # the gzip bomb
    "page_rejected/timeout": 1,                 # the page that never ends
    "page_rejected/redirect_loop": 1,
    "page_rejected/too_many_redirects": 1,
}
HOSTILE_CRAWL = ("-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=1",
                 "-s", "MEMUSAGE_CHECK_INTERVAL_SECONDS=0.25")
# Loose bounds for a machine shared with other work: the crawl waits out the endless page twice
# (two attempts of 2 s each); everything else is rejected in well under a second.
CRAWL_BOUND_S = 30
MEMORY_GROWTH_BOUND_MB = 150


@pytest.fixture(scope="module")
def hostile_crawl(sample_web_url, run_crawl, tmp_path_factory):
    database_url = fresh_database(tmp_path_factory, "hostile")
    run = run_crawl("clinic_site", database_url, *HOSTILE_CRAWL,
                    start_url=sample_web_url + hostile.ROOT)
    return database_url, run


def test_the_crawl_of_hostile_pages_ends_cleanly_in_bounded_time(hostile_crawl):
    database_url, run = hostile_crawl
    assert run.returncode == 0, run.log[-3000:]
    assert run.stats["finish_reason"] == "finished"
    assert run.stats["elapsed_time_seconds"] < CRAWL_BOUND_S
    assert "Traceback" not in run.log
    assert run.offline_violations == []
    with session_scope(database_url) as session:
        assert session.scalar(select(func.count(Clinic.id))) == 0


def test_every_hostile_page_is_counted_as_rejected_with_its_reason(hostile_crawl):
    _, run = hostile_crawl
    counted = {key: value for key, value in run.stats.items()
               if key.startswith("page_rejected/")}
    assert counted == EXPECTED_REJECTIONS
    assert run.stats["page_rejected"] == sum(EXPECTED_REJECTIONS.values())


def test_the_crawl_stays_within_bounded_memory(hostile_crawl):
    """The bomb inflates to 256 MiB and the large pages are 10 MiB: none of it is held."""
    _, run = hostile_crawl
    growth_mb = (run.stats["memusage/max"] - run.stats["memusage/startup"]) / 2**20
    assert growth_mb < MEMORY_GROWTH_BOUND_MB


def _get(url: str, timeout_s: float = 10) -> tuple[dict, bytes]:
    with urllib.request.urlopen(url, timeout=timeout_s) as response:
        return dict(response.headers), response.read()


def test_the_sample_web_serves_its_hostile_pages_as_described(sample_web_url):
    base = sample_web_url + hostile.ROOT
    _, index = _get(base)
    assert DEMO_NOTE in index.decode()
    assert all(f'href="{hostile.ROOT}{path}"' in index.decode() for path in hostile.PAGES)
    headers, large = _get(base + "large/")
    assert headers["Content-Length"] == str(10 * 2**20) and len(large) == 10 * 2**20
    headers, unannounced = _get(base + "large-unannounced/")
    assert "Content-Length" not in headers and len(unannounced) == 10 * 2**20
    assert DEMO_NOTE.encode() in large[:1000]
    headers, bomb = _get(base + "gzip-bomb/")
    assert headers["Content-Encoding"] == "gzip" and len(bomb) < 300_000
    assert struct.unpack("<I", bomb[-4:])[0] == 256 * 2**20
    inflated = zlib.decompressobj(31).decompress(bomb, 8 * 2**20)
    assert len(inflated) == 8 * 2**20 and not inflated.strip(b"\0")


def test_the_endless_page_never_finishes(sample_web_url):
    """It announces a megabyte and trickles a few bytes a second: no read ever times out."""
    parts = urlsplit(sample_web_url)
    received = b""
    with socket.create_connection((parts.hostname, parts.port), timeout=2) as conn:
        conn.sendall(f"GET {hostile.ROOT}endless/ HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n"
                     .encode())
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            received += conn.recv(65536)
    head, _, body = received.partition(b"\r\n\r\n")
    assert b"Content-Length: 1048576" in head
    assert DEMO_NOTE.encode() in body and len(body) < 1000


def test_the_redirect_chain_never_repeats_and_the_loop_does():
    assert hostile.next_hop("hop=7") == hostile.CHAIN + "?hop=8"
    assert hostile.next_hop("junk") == hostile.CHAIN + "?hop=1"


def test_the_gzip_bomb_is_a_valid_gzip_file():
    bomb = hostile.gzip_bomb(inflated_mib=3)
    assert gzip.decompress(bomb) == bytes(3 * 2**20)


# The page checks and the middlewares, one case at a time, without a crawl.

def test_a_page_of_a_hundred_thousand_links_is_refused_before_it_is_parsed():
    assert page_refusal(hostile.many_links_page().decode(), 5000, 200) == "too_many_links"


def test_a_page_nested_ten_thousand_deep_is_refused():
    assert page_refusal(hostile.deep_page().decode(), 5000, 200) == "too_deep"


@pytest.mark.parametrize(("levels", "deeper"), [(199, False), (200, True)])
def test_nesting_is_measured_exactly(levels, deeper):
    html = "<html><body>" + "<div>" * levels + "x" + "</div>" * levels + "</body></html>"
    assert nested_deeper_than(html_root(html), 200) is deeper  # body + divs below <html>
    assert (page_refusal(html, 5000, 200) == "too_deep") is deeper


def test_ordinary_pages_pass_and_zero_lifts_a_bound():
    for html in saved_html():
        assert page_refusal(html, 5000, 200) is None
    assert page_refusal(hostile.many_links_page().decode(), 0, 0) is None
    assert page_refusal("", 5000, 200) is None


def _crawler(**settings):
    crawler = get_crawler(settings_dict={"PAGE_MAX_LINKS": 5000, "PAGE_MAX_NESTING": 200,
                                         "REDIRECT_MAX_TIMES": 5, **settings})
    crawler.spider = Spider.from_crawler(crawler, name="test")
    return crawler


def test_the_bounds_middleware_rejects_and_counts_pages_and_final_failures():
    crawler = _crawler()
    middleware = PageBoundsMiddleware.from_crawler(crawler)
    request = Request("http://clinic.example/deep/")
    page = HtmlResponse(request.url, body=hostile.deep_page(), request=request)
    with pytest.raises(IgnoreRequest, match="too_deep"):
        middleware.process_response(request, page)
    with pytest.raises(IgnoreRequest, match="timeout"):
        middleware.process_exception(request, DownloadTimeoutError("took too long"))
    with pytest.raises(IgnoreRequest, match="too_large"):
        middleware.process_exception(request, DownloadCancelledError("too large"))
    assert middleware.process_exception(request, ConnectionRefusedError()) is None
    assert crawler.stats.get_value("page_rejected") == 3


@pytest.mark.parametrize("response_class", [XmlResponse, TextResponse, Response])
def test_sitemaps_json_and_binary_answers_are_not_read_as_pages(response_class):
    middleware = PageBoundsMiddleware.from_crawler(_crawler())
    request = Request("http://clinic.example/sitemap.xml")
    headers = {"Content-Type": "application/json"} if response_class is TextResponse else {}
    answer = response_class(request.url, body=hostile.deep_page(), headers=headers,
                            request=request)
    assert middleware.process_response(request, answer) is answer


def _redirect(request: Request, to: str) -> Response:
    return Response(request.url, status=302, headers={"Location": to}, request=request)


def test_a_redirect_back_to_a_visited_url_ends_the_chain_at_once():
    crawler = _crawler()
    middleware = LoopSafeRedirectMiddleware.from_crawler(crawler)
    first = Request("http://clinic.example/a/")
    second = middleware.process_response(first, _redirect(first, "/b/"))
    assert isinstance(second, Request) and second.url == "http://clinic.example/b/"
    with pytest.raises(IgnoreRequest, match="redirect_loop"):
        middleware.process_response(second, _redirect(second, "/a/"))
    assert crawler.stats.get_value("page_rejected/redirect_loop") == 1


def test_a_chain_beyond_redirect_max_times_is_counted():
    crawler = _crawler(REDIRECT_MAX_TIMES=3)
    middleware = LoopSafeRedirectMiddleware.from_crawler(crawler)
    request = Request("http://clinic.example/r?hop=1")
    with pytest.raises(IgnoreRequest, match="max redirections"):
        for hop in range(2, 10):
            request = middleware.process_response(request, _redirect(request, f"/r?hop={hop}"))
    assert request.meta["redirect_times"] == 3
    assert crawler.stats.get_value("page_rejected/too_many_redirects") == 1


def test_a_gzip_bomb_is_refused_once_it_inflates_beyond_the_size_bound():
    crawler = _crawler(DOWNLOAD_MAXSIZE=2**20)
    middleware = BoundedDecompressionMiddleware.from_crawler(crawler)
    request = Request("http://clinic.example/bomb/")
    bomb = Response(request.url, body=hostile.gzip_bomb(inflated_mib=16),
                    headers={"Content-Encoding": "gzip"}, request=request)
    with pytest.raises(IgnoreRequest, match="DOWNLOAD_MAXSIZE"):
        middleware.process_response(request, bomb)
    assert crawler.stats.get_value("page_rejected/decompressed_too_large") == 1
