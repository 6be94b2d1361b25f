"""Fetch one page outside Scrapy (for ``python -m crawler.extract URL``), under the same rules
as the crawler: the SSRF check on the URL and on every redirect hop, a size cap, our user agent."""
from __future__ import annotations

import urllib.request

import config
from clinics import netguard
from crawler.settings import DOWNLOAD_MAXSIZE, DOWNLOAD_TIMEOUT


class RefusedURL(ValueError):
    """The URL (or a redirect to one) is not fetchable; the message names the reason."""


def _check(url: str, allow_private: bool) -> None:
    reason = netguard.refusal(url, allow_private)
    if reason:
        raise RefusedURL(f"refused to fetch {url}: {reason}")


class CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool):
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check(newurl, self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str) -> tuple[str, str]:
    """(final URL, body text) of one page; raises RefusedURL, or OSError on network failure."""
    settings = config.load()
    _check(url, settings.crawl_allow_private)
    opener = urllib.request.build_opener(CheckedRedirects(settings.crawl_allow_private))
    request = urllib.request.Request(url, headers={"User-Agent": settings.crawl_user_agent})
    with opener.open(request, timeout=DOWNLOAD_TIMEOUT) as response:
        body = response.read(DOWNLOAD_MAXSIZE + 1)
        if len(body) > DOWNLOAD_MAXSIZE:
            raise RefusedURL(f"refused {url}: larger than {DOWNLOAD_MAXSIZE} bytes")
        charset = response.headers.get_content_charset() or "utf-8"
        return response.geturl(), body.decode(charset, errors="replace")
