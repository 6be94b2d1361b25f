"""Downloader middlewares that keep the crawler safe and polite.

``SsrfGuardMiddleware`` refuses requests the crawler must not make (see ``clinics.netguard``);
``DomainPageLimitMiddleware`` stops asking one host for more than ``DOMAIN_PAGE_LIMIT`` pages;
``BackoffRetryMiddleware`` is Scrapy's retry middleware with a growing pause before each retry,
so a struggling server is not hit again at once.

A hostile page is answered, not suffered: ``PageBoundsMiddleware``, ``LoopSafeRedirectMiddleware``
and ``BoundedDecompressionMiddleware`` reject pages that are too large (as sent or once
decompressed), too slow, too deep, too full of links, or that redirect in a loop or without end.
Each rejection is counted as ``page_rejected`` and ``page_rejected/<reason>``.
"""
from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import (DownloadCancelledError, DownloadTimeoutError, IgnoreRequest,
                               NotConfigured, ResponseDataLossError)
from scrapy.http import TextResponse, XmlResponse

from clinics import netguard
from crawler.page_bounds import page_refusal

logger = logging.getLogger(__name__)


class SsrfGuardMiddleware:
    """Every request passes here, each redirect hop and robots.txt fetch included.

    Refusals raise IgnoreRequest, counted as ``ssrf/refused`` and ``ssrf/refused/<reason>``.
    """

    def __init__(self, stats, allow_private: bool):
        self.stats = stats
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getbool("CRAWL_ALLOW_PRIVATE"))

    async def process_request(self, request):
        reason = netguard.url_refusal(request.url)
        if reason is None and not self.allow_private:
            parts = urlsplit(request.url)
            if netguard.literal_address(parts.hostname) is not None:
                reason = netguard.host_refusal(parts.hostname, parts.port)
            else:
                # Name resolution blocks; keep it off the reactor's thread.
                reason = await asyncio.get_running_loop().run_in_executor(
                    None, netguard.host_refusal, parts.hostname, parts.port)
        if reason:
            self.stats.inc_value("ssrf/refused")
            self.stats.inc_value(f"ssrf/refused/{reason}")
            raise IgnoreRequest(f"refused to fetch {request.url}: {reason}")
        return None


class DomainPageLimitMiddleware:
    """At most ``DOMAIN_PAGE_LIMIT`` requests per host in one crawl (0 turns the limit off).

    robots.txt fetches are not counted. Refusals raise IgnoreRequest (so the request's errback
    runs) and are counted as ``domain_limit/refused``.
    """

    def __init__(self, stats, limit: int):
        self.stats = stats
        self.limit = limit
        self.counts: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler):
        limit = crawler.settings.getint("DOMAIN_PAGE_LIMIT")
        if limit <= 0:
            raise NotConfigured
        return cls(crawler.stats, limit)

    def process_request(self, request):
        parts = urlsplit(request.url)
        if parts.path == "/robots.txt":
            return None
        host = (parts.hostname or "").lower()
        count = self.counts.get(host, 0)
        if count >= self.limit:
            if self.stats.get_value("domain_limit/refused") is None:
                logger.warning("Page limit of %d reached for %s", self.limit, host)
            self.stats.inc_value("domain_limit/refused")
            raise IgnoreRequest(f"page limit of {self.limit} reached for {host}")
        self.counts[host] = count + 1
        return None


class BackoffRetryMiddleware(RetryMiddleware):
    """Retries like Scrapy's middleware, after a pause of ``RETRY_BACKOFF_BASE_S`` * 2^(n-1)
    seconds before the n-th retry, at most ``RETRY_BACKOFF_MAX_S``; a ``Retry-After`` header
    (in seconds) is honoured within the same cap. The pause holds one download slot, never the
    reactor."""

    def __init__(self, settings):
        super().__init__(settings)
        self.base_s = settings.getfloat("RETRY_BACKOFF_BASE_S")
        self.max_s = settings.getfloat("RETRY_BACKOFF_MAX_S")

    def backoff_s(self, retry: object, retry_after: bytes | None = None) -> float:
        attempt = retry.meta.get("retry_times", 1) if retry is not None else 1
        pause = self.base_s * 2 ** (attempt - 1)
        if retry_after and retry_after.strip().isdigit():
            pause = max(pause, float(retry_after))
        return min(pause, self.max_s)

    async def process_response(self, request, response):
        result = super().process_response(request, response)
        if result is not response:
            await asyncio.sleep(self.backoff_s(result, response.headers.get("Retry-After")))
        return result

    async def process_exception(self, request, exception):
        result = super().process_exception(request, exception)
        if result is not None:
            await asyncio.sleep(self.backoff_s(result))
        return result


def reject_page(stats, url: str, reason: str) -> None:
    """Count (and log) one page the crawl refused to read."""
    logger.warning("Rejected %s: %s", url, reason)
    stats.inc_value("page_rejected")
    stats.inc_value(f"page_rejected/{reason}")


class PageBoundsMiddleware:
    """Pages beyond ``PAGE_MAX_LINKS`` links or ``PAGE_MAX_NESTING`` levels of markup never reach
    extraction (IgnoreRequest, so the request's errback runs); downloads Scrapy gave up on (over
    DOWNLOAD_MAXSIZE, over DOWNLOAD_TIMEOUT, cut short) are counted once retries are spent.
    Placed after the retry middleware (a lower number), it sees only final failures, and
    responses already decompressed and redirected."""

    FAILURES = ((DownloadCancelledError, "too_large"), (DownloadTimeoutError, "timeout"),
                (ResponseDataLossError, "truncated"))

    def __init__(self, stats, max_links: int, max_nesting: int):
        self.stats = stats
        self.max_links = max_links
        self.max_nesting = max_nesting

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(crawler.stats, settings.getint("PAGE_MAX_LINKS"),
                   settings.getint("PAGE_MAX_NESTING"))

    def process_response(self, request, response):
        if not isinstance(response, TextResponse) or isinstance(response, XmlResponse):
            return response
        if b"json" in (response.headers.get("Content-Type") or b"").lower():
            return response
        reason = page_refusal(response.text, self.max_links, self.max_nesting)
        if reason:
            reject_page(self.stats, response.url, reason)
            raise IgnoreRequest(f"rejected {response.url}: {reason}")
        return response

    def process_exception(self, request, exception):
        """A counted rejection goes on as IgnoreRequest: the request's errback still runs, and
        the log holds one warning instead of a download error's traceback."""
        for kind, reason in self.FAILURES:
            if isinstance(exception, kind):
                reject_page(self.stats, request.url, reason)
                raise IgnoreRequest(f"rejected {request.url}: {reason}") from exception
        return None


class _LoopSafe:
    """A redirect back to a URL the chain already visited ends the chain at once
    ("redirect_loop"); a chain longer than REDIRECT_MAX_TIMES ends as Scrapy ends it
    ("too_many_redirects"). Both are counted."""

    def process_response(self, request, response):
        try:
            result = super().process_response(request, response)
        except IgnoreRequest:
            reject_page(self.crawler.stats, request.url, "too_many_redirects")
            raise
        if isinstance(result, Request) and result is not request:
            visited = [*request.meta.get("redirect_urls", []), request.url]
            if result.url in visited:
                reject_page(self.crawler.stats, request.url, "redirect_loop")
                raise IgnoreRequest(f"rejected {request.url}: redirect_loop")
        return result


class LoopSafeRedirectMiddleware(_LoopSafe, RedirectMiddleware):
    """Scrapy's redirect middleware (3xx answers), loops cut short and counted."""


class LoopSafeMetaRefreshMiddleware(_LoopSafe, MetaRefreshMiddleware):
    """Scrapy's meta refresh middleware, loops cut short and counted."""


class BoundedDecompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression, which stops at DOWNLOAD_MAXSIZE (a gzip bomb), with that
    refusal counted as "decompressed_too_large"."""

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            reject_page(self.stats, request.url, "decompressed_too_large")
            raise
