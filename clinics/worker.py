"""The crawl worker: claims queued jobs and runs each as its own ``scrapy crawl`` process.

Each job gets its own log file, its own ``JOBDIR`` (a retry reuses it, so units already stored
are skipped) and a live-figures file the crawl rewrites every few seconds. While the crawl runs,
the worker records a heartbeat with those figures and watches for a cancel request: the crawl
then gets SIGINT, Scrapy's signal for a clean close, and what it stored stays stored. The crawl
dies with its worker (``start_crawl(die_with_parent=True)``); a job whose heartbeat stops is
failed and queued once more by the next worker that looks (``clinics.jobs.reap_dead``).

When a job ends, ``after_job`` (given by the caller: the web app's CLI updates the search index
for the clinics the crawl touched) runs before the job is marked finished, so a job shown as
done is already searchable. On SQLite one worker runs at a time (a lock file beside the
database); PostgreSQL lets any number share the queue. With ``CRAWL_BACKEND=scrapyd`` the crawl
runs on a Scrapyd node instead (``clinics.scrapyd_backend``), watched the same way.
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from filelock import FileLock, Timeout

import config
from clinics import alerts, jobs, logs
from clinics.crawl_runner import crawl_command, start_crawl
from clinics.db import session_scope, sqlite_path
from clinics.job_figures import politeness
from clinics.models import CrawlJob, CrawlSource
from clinics.scrapyd_backend import ScrapydRun

logger = logging.getLogger(__name__)

# The sample web is ours and on loopback: no politeness delay or per-host cap is owed to it.
DEMO_SOURCE_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "32", "CONCURRENT_REQUESTS_PER_DOMAIN": "32", "DOMAIN_PAGE_LIMIT": "0",
}
# How long a crawl asked to stop may take to close before it is killed.
CLEAN_STOP_S = 60
AfterJob = Callable[[CrawlJob], dict]


class WorkerBusy(RuntimeError):
    """Another worker already serves this SQLite database."""


def read_stats(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class Worker:
    def __init__(self, database_url: str, *, after_job: AfterJob | None = None,
                 crawl_settings: dict[str, str] | None = None,
                 settings: config.Settings | None = None):
        self.database_url = database_url
        self.after_job = after_job
        self.crawl_settings = dict(crawl_settings or {})
        self.settings = settings or config.load()
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.stop_requested = threading.Event()

    # The loop -----------------------------------------------------------------------------

    def run(self, once: bool = False) -> int:
        """Run jobs until stopped (or, with ``once``, until the queue is empty); returns how
        many ran. Raises WorkerBusy when another worker holds this SQLite database."""
        ran = 0
        with self._sole_worker_on_sqlite():
            while not self.stop_requested.is_set():
                self.housekeeping()
                with session_scope(self.database_url) as session:
                    job = jobs.claim(session, self.worker_id)
                    job_id = job.id if job else None
                if job_id is None:
                    if once:
                        break
                    self.stop_requested.wait(self.settings.worker_poll_s)
                    continue
                with logs.job_context(job_id):
                    self.run_job(job_id)
                ran += 1
        return ran

    def housekeeping(self) -> None:
        """Fail (and queue again) jobs of dead workers; queue the sources that are due."""
        with session_scope(self.database_url) as session:
            for failed_id, retry_id in jobs.reap_dead(session, self.settings.worker_dead_after_s):
                logger.warning("job %s lost its worker; retry queued as %s", failed_id, retry_id)
                alerts.notify(self._judge(session, failed_id), self.settings)
            for job_id in jobs.queue_due(session):
                logger.info("scheduled crawl queued as job %s", job_id)

    @contextmanager
    def _sole_worker_on_sqlite(self) -> Iterator[None]:
        path = sqlite_path(self.database_url)
        if path is None:
            yield
            return
        lock = FileLock(str(path) + ".worker.lock")
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise WorkerBusy(f"Another worker is already running on {path}; on SQLite one "
                             "worker runs the queue.") from None
        try:
            yield
        finally:
            lock.release()

    # One job ------------------------------------------------------------------------------

    def job_paths(self, job: CrawlJob) -> dict[str, Path]:
        root = self.settings.var_dir / "jobs" / str(job.id)
        return {"root": root, "jobdir": Path(job.jobdir) if job.jobdir else root / "jobdir",
                "log": self.settings.log_dir / f"job-{job.id}.log",
                "live": root / "live-stats.json", "final": root / "stats.json"}

    def job_settings(self, job: CrawlJob, paths: dict[str, Path]) -> dict[str, str]:
        found = {"JOBDIR": str(paths["jobdir"]), "LIVE_STATS_FILE": str(paths["live"]),
                 "STATS_FILE": str(paths["final"]),
                 "LIVE_STATS_INTERVAL": str(self.settings.crawl_live_stats_s)}
        source = job.source
        if source is not None and source.is_demo:
            found.update(DEMO_SOURCE_SETTINGS)
        if source is not None and source.page_limit:
            found["CLOSESPIDER_PAGECOUNT"] = str(source.page_limit)
        return {**found, **self.crawl_settings}

    def command(self, job: CrawlJob, paths: dict[str, Path]) -> list[str]:
        return crawl_command(job.spider, dict(job.args or {}), self.job_settings(job, paths))

    def run_job(self, job_id: int) -> str:
        """Run one claimed job to its end; returns its final status."""
        if self.settings.crawl_backend == "scrapyd":
            return ScrapydRun(self, job_id, CLEAN_STOP_S).run()
        with session_scope(self.database_url) as session:
            job = session.get(CrawlJob, job_id)
            paths = self.job_paths(job)
            paths["root"].mkdir(parents=True, exist_ok=True)
            job.log_path, job.jobdir = str(paths["log"]), str(paths["jobdir"])
            argv = self.command(job, paths)
        for stale in (paths["live"], paths["final"]):
            stale.unlink(missing_ok=True)
        try:
            process = start_crawl(argv, paths["log"], {"DATABASE_URL": self.database_url},
                                  die_with_parent=True)
        except OSError as error:
            return self._close(job_id, "failed", {}, f"the crawl could not start: {error}")
        with session_scope(self.database_url) as session:
            session.get(CrawlJob, job_id).pid = process.pid
        with process:
            cancelled = self._watch(job_id, process, paths["live"])
        stats = read_stats(paths["final"]) or read_stats(paths["live"])
        status, error = self._outcome(process.returncode, cancelled, paths["log"])
        return self._close(job_id, status, stats, error)

    def _watch(self, job_id: int, process: subprocess.Popen, live: Path) -> bool:
        """Heartbeat until the crawl ends; True when it ended because an admin cancelled it."""
        asked_at, cancelled = None, False
        while True:
            try:
                process.wait(timeout=self.settings.worker_heartbeat_s)
                return cancelled
            except subprocess.TimeoutExpired:
                pass
            with session_scope(self.database_url) as session:
                cancel = jobs.heartbeat(session, job_id, self.worker_id, read_stats(live))
            if asked_at is None and (cancel or self.stop_requested.is_set()):
                process.send_signal(signal.SIGINT)
                asked_at, cancelled = time.monotonic(), cancel
            elif asked_at is not None and time.monotonic() - asked_at > CLEAN_STOP_S:
                process.kill()

    def _outcome(self, returncode: int, cancelled: bool, log: Path) -> tuple[str, str | None]:
        if cancelled:
            return "cancelled", None
        if self.stop_requested.is_set():
            return "failed", "the worker was stopped before the crawl ended"
        if returncode == 0:
            return "done", None
        return "failed", f"scrapy exited with status {returncode}; see {log}"

    def _close(self, job_id: int, status: str, stats: dict, error: str | None) -> str:
        """Update the index, then mark the job finished, raise alerts, note the politeness
        figures on its source, and queue it again once when the worker was stopped."""
        with session_scope(self.database_url) as session:
            job = session.get(CrawlJob, job_id)
            if self.after_job is not None and status != "failed":
                stats = {**stats, "index": self._after(job)}
            if not jobs.finish(session, job_id, self.worker_id, status, stats, error):
                return session.get(CrawlJob, job_id).status
            session.refresh(job)
            self._note_politeness(job.source, stats)
            raised = self._judge(session, job_id)
            if self.stop_requested.is_set() and status == "failed":
                jobs.retry_once(session, job)
        alerts.notify(raised, self.settings)
        return status

    def _after(self, job: CrawlJob) -> dict:
        try:
            return self.after_job(job)
        except Exception as error:  # noqa: BLE001 - the crawl's data is stored; say what failed
            logger.exception("updating after job %s failed", job.id)
            return {"error": f"{type(error).__name__}: {error}"}

    def _judge(self, session, job_id: int) -> list:
        raised = alerts.judge(session, session.get(CrawlJob, job_id))
        session.commit()
        return raised

    @staticmethod
    def _note_politeness(source: CrawlSource | None, stats: dict) -> None:
        if source is None or not stats:
            return
        source.politeness = {**politeness(stats), "checked_at": jobs.now_utc().isoformat()}
