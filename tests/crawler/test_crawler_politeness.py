"""Per-host page limit, retries that back off, and a job directory that survives a kill."""
from __future__ import annotations

import asyncio

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler.jobdir import RUNNING_MARKER, JobDirGuard, Ledger
from crawler.middlewares import BackoffRetryMiddleware, DomainPageLimitMiddleware


def _limit(limit: int) -> DomainPageLimitMiddleware:
    return DomainPageLimitMiddleware.from_crawler(
        get_crawler(settings_dict={"DOMAIN_PAGE_LIMIT": limit}))


def test_a_host_gets_at_most_its_page_limit():
    guard = _limit(2)
    for path in ("/a", "/b", "/robots.txt"):
        assert guard.process_request(Request("http://clinic.example" + path)) is None
    with pytest.raises(IgnoreRequest, match="page limit"):
        guard.process_request(Request("http://clinic.example/c"))
    assert guard.process_request(Request("http://other.example/a")) is None
    assert guard.stats.get_value("domain_limit/refused") == 1


def test_no_limit_when_it_is_zero():
    with pytest.raises(NotConfigured):
        _limit(0)


def _retry(**settings) -> BackoffRetryMiddleware:
    values = {"RETRY_TIMES": 3, "RETRY_BACKOFF_BASE_S": 0.01, "RETRY_BACKOFF_MAX_S": 0.05,
              **settings}
    crawler = get_crawler(settings_dict=values)
    crawler.spider = Spider.from_crawler(crawler, name="test")
    return BackoffRetryMiddleware.from_crawler(crawler)


def test_a_server_error_is_retried_after_a_growing_pause():
    middleware = _retry()
    request = Request("http://clinic.example/")
    pauses = []
    for _ in range(3):
        retry = asyncio.run(middleware.process_response(request, Response(request.url, status=503)))
        assert isinstance(retry, Request)
        pauses.append(middleware.backoff_s(retry))
        request = retry
    assert pauses == [0.01, 0.02, 0.04]
    assert middleware.crawler.stats.get_value("retry/count") == 3
    response = Response(request.url, status=503)
    assert asyncio.run(middleware.process_response(request, response)) is response


def test_retry_after_is_honoured_within_the_cap():
    middleware = _retry()
    retry = Request("http://clinic.example/", meta={"retry_times": 1})
    assert middleware.backoff_s(retry, b"30") == 0.05


def test_a_good_response_passes_at_once():
    middleware = _retry()
    request = Request("http://clinic.example/")
    response = Response(request.url, status=200)
    assert asyncio.run(middleware.process_response(request, response)) is response


def test_a_job_that_closed_keeps_its_scrapy_state(tmp_path):
    (tmp_path / "requests.seen").write_text("abc\n")
    crawler = get_crawler(settings_dict={"JOBDIR": str(tmp_path)})
    guard = JobDirGuard.from_crawler(crawler)
    assert (tmp_path / RUNNING_MARKER).exists()
    guard.spider_closed(None, "finished")
    assert not (tmp_path / RUNNING_MARKER).exists()
    JobDirGuard.from_crawler(get_crawler(settings_dict={"JOBDIR": str(tmp_path)}))
    assert (tmp_path / "requests.seen").exists()


def test_a_job_that_was_killed_starts_clean_but_keeps_its_ledger(tmp_path):
    (tmp_path / RUNNING_MARKER).touch()
    (tmp_path / "requests.seen").write_text("abc\n")
    (tmp_path / "requests.queue").mkdir()
    (tmp_path / "requests.queue" / "p0").write_bytes(b"half a record")
    ledger = Ledger(str(tmp_path))
    ledger.add("http://clinic.example/")
    ledger.close()
    crawler = get_crawler(settings_dict={"JOBDIR": str(tmp_path)})
    JobDirGuard.from_crawler(crawler)
    assert not (tmp_path / "requests.seen").exists()
    assert not (tmp_path / "requests.queue").exists()
    assert Ledger(str(tmp_path)).keys() == {"http://clinic.example/"}
    assert crawler.stats.get_value("jobdir/unclean_restart") == 1


def test_no_job_directory_no_guard():
    with pytest.raises(NotConfigured):
        JobDirGuard.from_crawler(get_crawler())
