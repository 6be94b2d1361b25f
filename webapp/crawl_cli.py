"""Operator commands for crawl sources, jobs and the worker (what the admin pages do):

    flask --app webapp sources add NAME --spider clinic_site --url URL [--url URL ...]
          [--allowed-domain HOST ...] [--schedule weekly] [--page-limit N] [--demo]
    flask --app webapp sources list | sources disable NAME | sources enable NAME
    flask --app webapp crawl NAME            (queues a job and prints its id)
    flask --app webapp worker [--once]       (runs queued jobs; --once stops when none is left)
    flask --app webapp jobs list | jobs show ID [--json]
    flask --app webapp schedule run          (queues the sources that are due)
"""
from __future__ import annotations

import json
import signal
import threading
from contextlib import contextmanager

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

import search_index
from clinics import audit, jobs
from clinics.db import session_scope
from clinics.job_figures import job_summary
from clinics.models import CrawlJob, CrawlSource
from clinics.sources import SCHEDULES, SPIDERS, SourceError, SourceSpec, add_source, describe, \
    source_by_name
from clinics.worker import Worker, WorkerBusy

CLI_ACTOR = "cli"


def _database_url() -> str:
    return current_app.config["DATABASE_URL"]


def _source(session, name: str) -> CrawlSource:
    source = source_by_name(session, name)
    if source is None:
        raise click.ClickException(f"No source is named “{name}”; see `sources list`.")
    return source


sources_group = AppGroup("sources", help="Crawl sources: what the crawler visits, and how often.")


@sources_group.command("add")
@click.argument("name")
@click.option("--spider", required=True, type=click.Choice(sorted(SPIDERS)))
@click.option("--url", "urls", required=True, multiple=True, help="A start URL (repeatable).")
@click.option("--allowed-domain", "domains", multiple=True,
              help="A host the crawl may visit, with its subdomains (repeatable; default: the "
                   "start URLs' hosts).")
@click.option("--schedule", type=click.Choice(list(SCHEDULES)), default=None)
@click.option("--page-limit", type=click.IntRange(1), default=None,
              help="Most pages one run may fetch.")
@click.option("--demo", is_flag=True, help="Everything it finds is invented demo data.")
def sources_add_command(name, spider, urls, domains, schedule, page_limit, demo) -> None:
    """Add a crawl source; its start URLs must not point inside the network."""
    spec = SourceSpec(name, spider, list(urls), schedule, page_limit, demo, tuple(domains))
    with session_scope(_database_url()) as session:
        try:
            source = add_source(session, spec, current_app.config["CRAWL_ALLOW_PRIVATE"])
        except SourceError as error:
            raise click.ClickException(str(error)) from error
        audit.record(session, CLI_ACTOR, "source.add", f"source {source.name}",
                     after=describe(source))
        click.echo(f"Added source {source.name} ({source.spider}), allowed domains: "
                   f"{', '.join(source.allowed_domains)}.")


@sources_group.command("list")
def sources_list_command() -> None:
    """Every source, one a line: name, spider, schedule, enabled, start URLs, allowed
    domains."""
    with session_scope(_database_url()) as session:
        for source in session.scalars(select(CrawlSource).order_by(CrawlSource.name)):
            state = "enabled" if source.enabled else "disabled"
            click.echo("\t".join([source.name, source.spider, source.schedule or "-", state,
                                  " ".join(source.start_urls),
                                  ",".join(source.allowed_domains or []) or "-"]))


def _set_enabled(name: str, enabled: bool) -> None:
    with session_scope(_database_url()) as session:
        source = _source(session, name)
        before = describe(source)
        source.enabled = enabled
        audit.record(session, CLI_ACTOR, "source.enable" if enabled else "source.disable",
                     f"source {source.name}", before=before, after=describe(source))
    click.echo(f"{'Enabled' if enabled else 'Disabled'} source {name}.")


@sources_group.command("disable")
@click.argument("name")
def sources_disable_command(name) -> None:
    """Stop crawling a source (its schedule pauses; its data stays)."""
    _set_enabled(name, False)


@sources_group.command("enable")
@click.argument("name")
def sources_enable_command(name) -> None:
    _set_enabled(name, True)


@click.command("crawl")
@click.argument("name")
@with_appcontext
def crawl_command(name) -> None:
    """Queue a crawl of the source NAME and print the job's id (the waiting one's, if any)."""
    with session_scope(_database_url()) as session:
        source = _source(session, name)
        try:
            job, created = jobs.enqueue(session, source, CLI_ACTOR)
        except jobs.JobError as error:
            raise click.ClickException(str(error)) from error
        if created:
            audit.record(session, CLI_ACTOR, "job.queue", f"job {job.id}",
                         after={"source": source.name})
        click.echo(job.id)
        if not created:
            click.echo(f"Source {name} already has job {job.id} waiting.", err=True)


def index_after_job(database_url: str, index_dir) -> callable:
    """The worker's step after a job: re-index the clinics the crawl saw or changed."""
    def update(job: CrawlJob) -> dict:
        touched = search_index.touched_since(database_url, job.started_at)
        return search_index.update(touched, database_url=database_url, index_dir=index_dir)
    return update


@click.command("worker")
@click.option("--once", is_flag=True, help="Run queued jobs until none is left, then exit.")
@click.option("--setting", "-s", "crawl_settings", multiple=True, metavar="NAME=VALUE",
              help="A Scrapy setting for every crawl this worker runs (repeatable).")
@with_appcontext
def worker_command(once: bool, crawl_settings: tuple[str, ...]) -> None:
    """Claim queued crawl jobs and run each as a `scrapy crawl` process."""
    extra = dict(setting.partition("=")[::2] for setting in crawl_settings)
    config = current_app.config
    worker = Worker(config["DATABASE_URL"], crawl_settings=extra,
                    after_job=index_after_job(config["DATABASE_URL"], config["INDEX_DIR"]))
    click.echo(f"Worker {worker.worker_id} started.", err=True)
    try:
        with _stopping_on_signals(worker):
            ran = worker.run(once=once)
    except WorkerBusy as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Worker ran {ran} job(s).", err=True)


@contextmanager
def _stopping_on_signals(worker: Worker):
    """SIGTERM or Ctrl+C stops the worker after closing its crawl cleanly; the handlers
    before are put back afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    for signum in previous:
        signal.signal(signum, lambda *_: worker.stop_requested.set())
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


jobs_group = AppGroup("jobs", help="Crawl jobs: queued, running and finished.")


@jobs_group.command("list")
@click.option("--limit", default=20, show_default=True)
def jobs_list_command(limit: int) -> None:
    """The newest jobs, one a line: id, status, source, pages, items, queued at."""
    with session_scope(_database_url()) as session:
        for job in session.scalars(select(CrawlJob).order_by(CrawlJob.id.desc()).limit(limit)):
            summary = job_summary(job)
            click.echo("\t".join(str(v) for v in (
                job.id, job.status, summary["source"] or job.spider,
                summary["stats"]["pages_fetched"], summary["stats"]["items_scraped"],
                summary["created_at"])))


@jobs_group.command("show")
@click.argument("job_id", type=click.IntRange(1, 2**31 - 1))
@click.option("--json", "as_json", is_flag=True, help="Print the job as one JSON object.")
def jobs_show_command(job_id: int, as_json: bool) -> None:
    """A job's status and figures."""
    with session_scope(_database_url()) as session:
        job = session.get(CrawlJob, job_id)
        if job is None:
            raise click.ClickException(f"There is no job {job_id}.")
        summary = job_summary(job)
    if as_json:
        click.echo(json.dumps(summary, sort_keys=True))
        return
    for key, value in summary.items():
        click.echo(f"{key}: {json.dumps(value) if isinstance(value, dict) else value}")


schedule_group = AppGroup("schedule", help="Scheduled crawls.")


@schedule_group.command("run")
def schedule_run_command() -> None:
    """Queue every source whose scheduled run is due (the worker does this on its own too)."""
    with session_scope(_database_url()) as session:
        queued = jobs.queue_due(session)
    click.echo(f"Queued {len(queued)} job(s): {' '.join(map(str, queued))}".rstrip(": "))


COMMANDS = (sources_group, crawl_command, worker_command, jobs_group, schedule_group)
