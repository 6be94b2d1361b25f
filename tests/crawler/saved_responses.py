"""Hand-written pages in the sample web's URL layout (tests/data/crawl/) served to spider callbacks
without a network, and a tiny stand-in for Scrapy's engine that follows what callbacks yield.

The stand-in does what matters to the spiders' logic: duplicate filtering (unless
``dont_filter``), one redirect, errbacks for missing or robots-forbidden pages, and request depth.
"""
from __future__ import annotations

import json
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from twisted.python.failure import Failure

DATA = Path(__file__).resolve().parent.parent / "data"
BASE_URL = "http://127.0.0.1:8001"
ROUTES = {
    "/": "index.html",
    "/sitemap.xml": "sitemap.xml",
    "/sites/alpha-ketamine/": "sites/alpha/home.html",
    "/sites/alpha-ketamine/team/": "sites/alpha/team.html",
    "/sites/alpha-ketamine/insurance/": "sites/alpha/insurance.html",
    "/sites/alpha-ketamine/pricing/": "sites/alpha/pricing.html",
    "/sites/alpha-ketamine/faq/": "sites/alpha/faq.html",
    "/sites/beta-wellness/": "sites/beta/home.html",
    "/sites/beta-wellness/locations/towson/": "sites/beta/towson.html",
    "/sites/beta-wellness/locations/columbia/": "sites/beta/columbia.html",
    "/sites/beta-wellness/services/": "sites/beta/services.html",
    "/sites/beta-wellness/insurance/": "sites/beta/insurance.html",
    "/sites/beta-wellness/team/": "sites/beta/team.html",
    "/directory/": "directory/page1.html",
    "/directory/?page=1": "directory/page1.html",
    "/directory/?page=2": "directory/page2.html",
    "/directory/listing/1/": "directory/listing1.html",
    "/reviews/": "reviews/list.html",
    "/reviews/clinic/1/": "reviews/clinic1_page1.html",
    "/reviews/clinic/1/?page=2": "reviews/clinic1_page2.html",
}
REDIRECTS = {"/sites/beta-wellness": "/sites/beta-wellness/"}
ROBOTS_FORBIDDEN = ("/private/", "/sites/alpha-ketamine/private/")


def url(path: str) -> str:
    return BASE_URL + path


def _path(address: str) -> str:
    parts = urlsplit(address)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def saved_response(address: str, request: Request | None = None) -> TextResponse:
    """The saved page at a URL of the layout, as Scrapy would hand it to a callback."""
    name = ROUTES[_path(address)]
    body = (DATA / "crawl" / name).read_bytes()
    kind = XmlResponse if name.endswith(".xml") else HtmlResponse
    return kind(url=address, body=body, encoding="utf-8", request=request or Request(address))


def npi_answer(name: str, address: str, request: Request | None = None) -> TextResponse:
    body = (DATA / "npi" / name).read_bytes()
    json.loads(body)
    return TextResponse(url=address, body=body, encoding="utf-8",
                        headers={"Content-Type": "application/json"},
                        request=request or Request(address))


def _answer(request: Request, depth: int):
    """(response or None, reason) for one request, following one redirect."""
    path = _path(request.url)
    if path.startswith(ROBOTS_FORBIDDEN):
        return None, "Forbidden by robots.txt"
    meta = {**request.meta, "depth": depth}
    if path in REDIRECTS:
        meta["redirect_urls"] = [request.url]
        request = request.replace(url=url(REDIRECTS[path]), meta=meta)
        path = REDIRECTS[path]
    else:
        request = request.replace(meta=meta)
    if path not in ROUTES:
        return None, "404 Not Found"
    return saved_response(request.url, request), ""


class Engine:
    """Feeds requests to their callbacks in order until nothing is left; keeps what it saw."""

    def __init__(self):
        self.requested: list[Request] = []
        self.items: list = []
        self._seen: set[str] = set()

    def run(self, outputs) -> list:
        queue = deque((output, 0) for output in outputs)
        while queue:
            output, depth = queue.popleft()
            if not isinstance(output, Request):
                self.items.append(output)
                continue
            if not output.dont_filter and output.url in self._seen:
                continue
            self._seen.add(output.url)
            self.requested.append(output)
            queue.extend((next_output, depth + 1) for next_output in self._call(output, depth))
        return self.items

    def _call(self, request: Request, depth: int):
        response, reason = _answer(request, depth)
        if response is not None:
            return list(request.callback(response, **request.cb_kwargs) or [])
        if request.errback is None:
            return []
        failure = Failure(IgnoreRequest(f"{reason}: {request.url}"))
        failure.request = request
        return list(request.errback(failure) or [])


def html_page(address: str, body: bytes) -> HtmlResponse:
    """A page written inline by a test."""
    return HtmlResponse(url=address, body=body, encoding="utf-8", request=Request(address))
