"""`flask demo-data`: fill an empty directory from the sample web, the way `make run` needs it.

It starts the sample web on loopback, crawls it with a real ``scrapy crawl`` process (the same
path a real crawl takes), and builds the search index. The crawl is marked as demo data so that
the site says so on every page.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator
from urllib.parse import urlsplit

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

import config
from clinics import db
from clinics.crawl_runner import run_crawl
from clinics.ingest import clinic_count
from clinics.models import CrawlJob, CrawlSource
from search_index import rebuild

DEMO_SOURCE = "Sample web (invented demo clinics)"
FAST_LOOPBACK_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "32", "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    # Every invented site shares one loopback host, so a per-host page cap would cut them short.
    "DOMAIN_PAGE_LIMIT": "0",
}


def _free_port(preferred: int) -> int:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", preferred)) != 0:
            return preferred
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def sample_web_running(port: int, seed: int) -> Iterator[str]:
    """The sample web served on 127.0.0.1 for as long as the block runs."""
    server = subprocess.Popen(
        [sys.executable, "-m", "sample_web", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--seed", str(seed)], cwd=config.ROOT, stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise click.ClickException("the sample web did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def demo_web_port(database_url: str) -> int | None:
    """The loopback port the demo crawl read the sample web at (its sources' links point there),
    or None when no demo crawl has run."""
    with db.session_scope(database_url) as session:
        source = session.scalar(select(CrawlSource).where(CrawlSource.name == DEMO_SOURCE))
        start_urls = list(source.start_urls or []) if source is not None else []
    for url in start_urls:
        parts = urlsplit(url)
        if parts.hostname == "127.0.0.1" and parts.port:
            return parts.port
    return None


@contextmanager
def demo_web_beside(database_url: str) -> Iterator[str | None]:
    """The sample web served again where the demo crawl read it, for as long as the block runs,
    so every "where we saw this" link of the demo opens. Yields its URL, or None (and serves
    nothing) when no demo crawl ran or something else holds that port."""
    port = demo_web_port(database_url)
    if port is None or _free_port(port) != port:
        yield None
        return
    with sample_web_running(port, config.load().sample_web_seed) as url:
        yield url


def _record_job(database_url: str, url: str, spider: str, arguments: dict[str, str],
                returncode: int, started: datetime) -> None:
    """One CrawlJob row per spider run, so the admin's job list shows what really ran."""
    with db.session_scope(database_url) as session:
        source = session.scalar(select(CrawlSource).where(CrawlSource.name == DEMO_SOURCE))
        if source is None:
            source = CrawlSource(name=DEMO_SOURCE, spider="clinic_site", is_demo=True,
                                 start_urls=[url])
            session.add(source)
        source.start_urls = [url]
        session.add(CrawlJob(
            source=source, spider=spider, args=arguments,
            status="done" if returncode == 0 else "failed", created_at=started,
            started_at=started, finished_at=datetime.now(timezone.utc),
            error=None if returncode == 0 else f"scrapy exited with {returncode}",
        ))


def _demo_crawls(url: str) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    """The clinics' own sites first (they outrank the rest), then the directory, the review site
    and the NPI registry stand-in, as a real deployment would crawl its sources."""
    return [
        ("clinic_site", {"start_url": url, "demo": "1"}, {}),
        ("directory", {"start_url": url + "directory/", "demo": "1", "follow_websites": "0"}, {}),
        ("reviews", {"start_url": url + "reviews/", "demo": "1"}, {}),
        ("npi_registry", {}, {"NPI_API_URL": url + "npi/api/"}),
    ]


def _crawl_everything(url: str, database_url: str):
    """Run each demo crawl in turn, recording each as a job; stop at the first that fails."""
    outcome = None
    for spider, arguments, settings in _demo_crawls(url):
        click.echo(f"Crawling the sample web with {spider} ...")
        started = datetime.now(timezone.utc)
        outcome = run_crawl(spider, arguments, {**FAST_LOOPBACK_SETTINGS, **settings},
                            env={"CRAWL_ALLOW_PRIVATE": "1", "DATABASE_URL": database_url},
                            log_name=f"demo-data-{spider}.log")
        _record_job(database_url, url, spider, arguments, outcome.returncode, started)
        if not outcome.ok:
            break
    return outcome


@click.command("demo-data")
@click.option("--force", is_flag=True, help="crawl the sample web even when clinics exist")
@with_appcontext
def demo_data_command(force: bool) -> None:
    """Crawl the sample web into an empty database and build the search index."""
    settings = config.load()
    database_url = current_app.config["DATABASE_URL"]
    db.migrate(database_url)
    with db.session_scope(database_url) as session:
        existing = clinic_count(session)
    if existing and not force:
        click.echo(f"The database already holds {existing} clinics; not crawling the sample web.")
    else:
        port = _free_port(settings.sample_web_port)
        with sample_web_running(port, settings.sample_web_seed) as url:
            outcome = _crawl_everything(url, database_url)
        if not outcome.ok:
            raise click.ClickException(f"the crawl failed; see {outcome.log_path}")
    summary = rebuild(database_url=database_url, index_dir=current_app.config["INDEX_DIR"])
    click.echo(f"Search index built: {json.dumps(summary, default=str, sort_keys=True)}")
