"""Prometheus metrics at /metrics, served only when METRICS_ENABLED is on (404 otherwise).

Counted as requests are answered: requests by endpoint, method and status; request latency; time
spent searching. Read when Prometheus scrapes: crawl jobs by status with the pages fetched and
items scraped of those jobs (from their figures in the database), and the live index generation
with its document count. With METRICS_TOKEN set, a scrape must bring it as a bearer token.

Under gunicorn each worker is its own process: with PROMETHEUS_MULTIPROC_DIR set (an empty folder,
before the server starts) prometheus_client writes each process's counts there and the scrape adds
them up, whichever worker answers it. While metrics are off no hook is installed at all.
"""
from __future__ import annotations

import hmac
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from flask import Blueprint, Flask, Response, abort, current_app, request
from prometheus_client import (CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter,
                               Histogram, generate_latest, multiprocess)
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinics.jobs import FINISHED
from clinics.models import CrawlJob
from search_index import SearchRequest, SearchResults, search
from search_index.generations import current
from search_index.readers import thread_view
from webapp.db import get_session

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

bp = Blueprint("metrics", __name__)

EXTENSION = "clinics_metrics"
# Every status is reported, 0 included, so a series never vanishes when its last job moves on.
JOB_STATUSES = ("queued", "running", *FINISHED)
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Pages and API answers take milliseconds; a slow one takes a second or more.
LATENCY_BUCKETS_S = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
SEARCH_BUCKETS_S = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 1.0)

REQUESTS = Counter("clinics_http_requests", "Requests answered, by endpoint, method and status.",
                   ["endpoint", "method", "status"])
LATENCY = Histogram("clinics_http_request_duration_seconds",
                    "Time from the request's arrival in the app to its response, in seconds.",
                    ["endpoint", "method"], buckets=LATENCY_BUCKETS_S)
SEARCH_TIME = Histogram("clinics_search_duration_seconds",
                        "Time spent in the search index per search, in seconds, by face.",
                        ["face"], buckets=SEARCH_BUCKETS_S)


def enabled() -> bool:
    return bool(current_app.extensions.get(EXTENSION))


def timed_search(face: str, wanted: SearchRequest, index_dir: Path) -> SearchResults:
    """``search_index.search``, its time observed under ``face`` ("public", "api") when metrics
    are on; failed searches are timed too."""
    if not enabled():
        return search(wanted, index_dir=index_dir)
    started = time.perf_counter()
    try:
        return search(wanted, index_dir=index_dir)
    finally:
        SEARCH_TIME.labels(face).observe(time.perf_counter() - started)


# The counter and histogram of each (endpoint, method, status), found once: ``labels()`` costs
# more than the count itself. Bounded by the app's routes, the methods above and the statuses.
_series: dict[tuple[str, str, str], tuple] = {}


def _series_of(endpoint: str, method: str, status: str) -> tuple:
    found = _series.get((endpoint, method, status))
    if found is None:
        found = (REQUESTS.labels(endpoint, method, status), LATENCY.labels(endpoint, method))
        _series[(endpoint, method, status)] = found
    return found


def _record(environ: WSGIEnvironment, answer: tuple[str, str | None], seconds: float) -> None:
    status_line, endpoint = answer
    method = environ.get("REQUEST_METHOD", "")
    requests, latency = _series_of(endpoint or "unmatched",
                                   method if method in KNOWN_METHODS else "other", status_line[:3])
    requests.inc()
    latency.observe(seconds)


class Counting:
    """WSGI middleware that counts each request and times it, from the app's call to the
    response's start. Below Flask it pays for none of the context-local lookups of a request
    hook, and it sees the answers Flask gives before routing (an untrusted Host) too."""

    def __init__(self, wsgi_app: WSGIApplication):
        self.wsgi_app = wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse):
        started = time.perf_counter()
        answers: list[tuple[str, str | None]] = []

        def recording(status: str, headers: list[tuple[str, str]], exc_info=None):
            # Flask's request object is in the environ until its context ends, after this call;
            # its endpoint is None when no route matched.
            answered = environ.get("werkzeug.request")
            answers.append((status, getattr(answered, "endpoint", None)))
            return start_response(status, headers, exc_info)

        try:
            return self.wsgi_app(environ, recording)
        finally:
            # No answer means the app raised past its error handlers: a 500 to the server.
            _record(environ, answers[-1] if answers else ("500", None),
                    time.perf_counter() - started)


# What Prometheus scrapes ---------------------------------------------------------------------

def crawl_families(session: Session) -> list[Metric]:
    """Jobs by status, and the pages and items of those jobs, in one grouped query."""
    pages = CrawlJob.stats["response_received_count"].as_integer()
    items = CrawlJob.stats["item_scraped_count"].as_integer()
    statement = (select(CrawlJob.status, func.count(), func.coalesce(func.sum(pages), 0),
                        func.coalesce(func.sum(items), 0)).group_by(CrawlJob.status))
    found = {status: (0, 0, 0) for status in JOB_STATUSES}
    found.update({row[0]: tuple(int(v) for v in row[1:]) for row in session.execute(statement)})
    families = [
        GaugeMetricFamily("clinics_crawl_jobs", "Crawl jobs by status.", labels=["status"]),
        GaugeMetricFamily("clinics_crawl_pages_fetched",
                          "Pages fetched by the crawl jobs of each status.", labels=["status"]),
        GaugeMetricFamily("clinics_crawl_items_scraped",
                          "Items scraped by the crawl jobs of each status.", labels=["status"]),
    ]
    for status, values in sorted(found.items()):
        for family, value in zip(families, values):
            family.add_metric([status], value)
    return families


def index_families(index_dir: Path) -> list[Metric]:
    """The live generation (its folder name and Whoosh's generation number) and how many
    clinics it holds; ``clinics_index_up`` is 0 when it cannot be opened."""
    up = GaugeMetricFamily("clinics_index_up", "1 when the live search index can be opened.")
    try:
        live = current(index_dir)
        snapshot = thread_view(index_dir).snapshot
    except Exception:  # a scrape reports an unreadable index as a value, never as an error
        current_app.logger.exception("metrics: the search index could not be read")
        up.add_metric([], 0)
        return [up]
    up.add_metric([], 1)
    name = live.name if live is not None else ""
    info = GaugeMetricFamily("clinics_index_generation_info",
                             "The live index generation's folder, as a label.",
                             labels=["generation"])
    info.add_metric([name], 1)
    return [up, info,
            GaugeMetricFamily("clinics_index_generation",
                              "Whoosh's generation number of the live index.",
                              value=snapshot.version),
            GaugeMetricFamily("clinics_index_documents", "Clinics in the live index.",
                              value=snapshot.live_count)]


def _database_families() -> list[Metric]:
    up = GaugeMetricFamily("clinics_database_up", "1 when the crawl figures could be read.")
    try:
        families = crawl_families(get_session())
    except Exception:  # the database being away is a value to report
        get_session().rollback()
        current_app.logger.exception("metrics: the crawl figures could not be read")
        up.add_metric([], 0)
        return [up]
    up.add_metric([], 1)
    return [up, *families]


class _Families:
    """A collector over families read once, for one scrape."""

    def __init__(self, families: Iterable[Metric]):
        self.families = list(families)

    def collect(self) -> Iterator[Metric]:
        return iter(self.families)


def _counted_registry() -> CollectorRegistry:
    """Every process's counts in multiprocess mode, else this process's own."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def _authorised() -> bool:
    token = current_app.config.get("METRICS_TOKEN") or ""
    if not token:
        return True
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


@bp.get("/metrics")
def metrics() -> Response:
    if not enabled():
        abort(404)
    if not _authorised():
        return Response("a bearer token is required\n", 401, mimetype="text/plain",
                        headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    scraped = CollectorRegistry()
    scraped.register(_Families([*_database_families(),
                                *index_families(current_app.config["INDEX_DIR"])]))
    body = generate_latest(_counted_registry()) + generate_latest(scraped)
    return Response(body, content_type=CONTENT_TYPE_LATEST,
                    headers={"Cache-Control": "no-store"})


def init_app(app: Flask) -> None:
    """Count requests, only when METRICS_ENABLED is on (the blueprint serves /metrics)."""
    on = bool(app.config.get("METRICS_ENABLED"))
    app.extensions[EXTENSION] = on
    if on:
        app.wsgi_app = Counting(app.wsgi_app)

