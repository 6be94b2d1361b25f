"""Running a claimed crawl job on Scrapyd (``CRAWL_BACKEND=scrapyd``) instead of beside its worker.

The worker still claims the job, heartbeats and closes it, so the queue, retries, alerts, the
index update and the job pages work as for a local crawl. What changes is where the crawl runs:

- ``schedule.json`` queues it on the least busy node of ``SCRAPYD_URL``, under a Scrapyd job id
  of its own (``job-<id>-<random>``), with the same spider arguments and settings a local crawl
  gets, less the ones naming files on the worker's machine (``JOBDIR``, the stats files);
- the crawl writes its figures into its job record itself (``CRAWL_JOB_ID``, see
  ``crawler.job_record``): a Scrapyd node shares the database, not the worker's disk;
- ``listjobs.json`` tells the worker when it has finished; ``cancel.json`` stops it (INT, Scrapy's
  clean close, then KILL if it does not close in time);
- the tail of its log, which the node serves, is copied to the job's log file for the job page.

A crawl whose worker dies does not go on alone: once its job is failed and queued again, the
crawl's next write finds the job no longer its own and closes it.
"""
from __future__ import annotations

import logging
import os
import secrets
import time
from pathlib import Path

from clinics import jobs
from clinics.db import session_scope
from clinics.models import CrawlJob
from clinics.scrapyd_api import JobState, ScrapydError, ScrapydNode

logger = logging.getLogger(__name__)

# Settings that name files on the worker's own machine; a Scrapyd node has a disk of its own.
WORKER_LOCAL_SETTINGS = ("JOBDIR", "LIVE_STATS_FILE", "STATS_FILE")
# Polls in a row in which the node does not know the job before it counts as lost.
MISSING_POLLS = 3
# How much of the node's log is copied: its end while the crawl runs, more once it has ended.
LIVE_LOG_BYTES = 64 * 1024
FINAL_LOG_BYTES = 8 * 1024 * 1024


def pick_node(urls: tuple[str, ...]) -> ScrapydNode:
    """The node with the fewest pending and running jobs; nodes that do not answer are passed
    over. Raises ScrapydError when none answers."""
    best, silent = None, []
    for node in map(ScrapydNode, urls):
        try:
            status = node.daemon_status()
        except ScrapydError as error:
            silent.append(str(error))
            continue
        load = int(status.get("pending", 0)) + int(status.get("running", 0))
        if best is None or load < best[0]:
            best = (load, node)
    if best is None:
        raise ScrapydError("no Scrapyd node answers: " + "; ".join(silent))
    return best[1]


class ScrapydRun:
    """One claimed job, run on Scrapyd for ``worker`` (a ``clinics.worker.Worker``)."""

    def __init__(self, worker, job_id: int, clean_stop_s: float):
        self.worker, self.job_id, self.clean_stop_s = worker, job_id, clean_stop_s
        self.settings = worker.settings
        self.project = self.settings.scrapyd_project
        self.scrapyd_job = f"job-{job_id}-{secrets.token_hex(4)}"
        self.log_url: str | None = None

    def run(self) -> str:
        """Run the job to its end on Scrapyd; returns its final status."""
        spider, args, settings, log = self._prepare()
        try:
            node, version = self._schedule(spider, args, settings)
        except ScrapydError as error:
            return self.worker._close(self.job_id, "failed", {},
                                      f"Scrapyd could not take the crawl: {error}")
        logger.info("job %s runs on Scrapyd %s as %s (version %s)", self.job_id, node.url,
                    self.scrapyd_job, version)
        ended, cancelled = self._watch(node, log)
        self._copy_log(node, log, FINAL_LOG_BYTES)
        stats = self._recorded_stats()
        status, error = self._outcome(node, ended, cancelled, stats)
        return self.worker._close(self.job_id, status, stats, error)

    def _schedule(self, spider: str, args: dict[str, str],
                  settings: dict[str, str]) -> tuple[ScrapydNode, str]:
        """Queue the crawl on the least busy node, naming the project's newest version there
        (so the node need not list the spiders of the version again)."""
        node = pick_node(self.settings.scrapyd_urls)
        version = node.newest_version(self.project)
        if version is None:
            raise ScrapydError(f"{node.url} has no version of the project {self.project}; "
                               "deploy it with `flask --app webapp scrapyd deploy`")
        node.schedule(self.project, spider, self.scrapyd_job, settings, args, version)
        return node, version

    def crawl_settings(self, job: CrawlJob, paths: dict[str, Path]) -> dict[str, str]:
        found = {name: value for name, value in self.worker.job_settings(job, paths).items()
                 if name not in WORKER_LOCAL_SETTINGS}
        return {**found, "CRAWL_JOB_ID": str(job.id), "CRAWL_JOB_WORKER": self.worker.worker_id}

    def _prepare(self) -> tuple[str, dict[str, str], dict[str, str], Path]:
        with session_scope(self.worker.database_url) as session:
            job = session.get(CrawlJob, self.job_id)
            paths = self.worker.job_paths(job)
            paths["log"].parent.mkdir(parents=True, exist_ok=True)
            paths["log"].unlink(missing_ok=True)
            job.log_path, job.pid = str(paths["log"]), None
            return job.spider, dict(job.args or {}), self.crawl_settings(job, paths), paths["log"]

    # While it runs ------------------------------------------------------------------------

    def _watch(self, node: ScrapydNode, log: Path) -> tuple[str, bool]:
        """Heartbeat until the node says the crawl has finished. Returns how it ended
        ("finished", "lost": the node forgot it, "silent": the node stopped answering) and
        whether an admin cancelled it."""
        asked_at, cancelled, missing, silent_since = None, False, 0, None
        while True:
            state = self._state(node)
            if state is None:
                silent_since = silent_since or time.monotonic()
                if time.monotonic() - silent_since > self.settings.worker_dead_after_s:
                    return "silent", cancelled
            else:
                silent_since = None
                if state.state == "finished":
                    return "finished", cancelled
                missing = missing + 1 if state.state is None else 0
                if missing >= MISSING_POLLS:
                    return "lost", cancelled
                self._copy_log(node, log, LIVE_LOG_BYTES)
            with session_scope(self.worker.database_url) as session:
                cancel = jobs.heartbeat(session, self.job_id, self.worker.worker_id, None)
            if asked_at is None and (cancel or self.worker.stop_requested.is_set()):
                self._cancel(node, "INT")
                asked_at, cancelled = time.monotonic(), cancel
            elif asked_at is not None and time.monotonic() - asked_at > self.clean_stop_s:
                self._cancel(node, "KILL")
            time.sleep(self.settings.worker_heartbeat_s)

    def _state(self, node: ScrapydNode) -> JobState | None:
        """The job's state on its node, or None when the node does not answer."""
        try:
            state = node.job_state(self.project, self.scrapyd_job)
        except ScrapydError as error:
            logger.warning("job %s: %s", self.job_id, error)
            return None
        self.log_url = state.log_url or self.log_url
        return state

    def _cancel(self, node: ScrapydNode, signal: str) -> None:
        try:
            node.cancel(self.project, self.scrapyd_job, signal)
        except ScrapydError as error:
            logger.warning("job %s could not be cancelled on Scrapyd: %s", self.job_id, error)

    def _copy_log(self, node: ScrapydNode, log: Path, max_bytes: int) -> None:
        """Replace the job's log file with the end of the node's log, whole lines only."""
        if self.log_url is None:
            return
        try:
            tail = node.log_tail(self.log_url, max_bytes)
        except ScrapydError as error:
            logger.warning("job %s: %s", self.job_id, error)
            return
        if len(tail) >= max_bytes:
            tail = tail.partition(b"\n")[2]
        header = f"Scrapyd job {self.scrapyd_job} on {node.url}{self.log_url}\n".encode()
        partial = log.with_name(log.name + ".partial")
        partial.write_bytes(header + tail)
        os.replace(partial, log)

    # Once it has ended --------------------------------------------------------------------

    def _recorded_stats(self) -> dict:
        """The figures the crawl wrote into its job record; final once it has closed."""
        with session_scope(self.worker.database_url) as session:
            return dict(session.get(CrawlJob, self.job_id).stats or {})

    def _outcome(self, node: ScrapydNode, ended: str, cancelled: bool,
                 stats: dict) -> tuple[str, str | None]:
        if cancelled:
            return "cancelled", None
        if self.worker.stop_requested.is_set():
            return "failed", "the worker was stopped before the crawl ended"
        if stats.get("finish_reason"):
            return "done", None
        if ended == "silent":
            return "failed", f"Scrapyd at {node.url} stopped answering while the crawl ran"
        if ended == "lost":
            return "failed", (f"Scrapyd at {node.url} no longer knows job {self.scrapyd_job} "
                              "(was it restarted?)")
        return "failed", (f"the crawl on Scrapyd ({self.scrapyd_job}) ended without closing; "
                          "see its log")
