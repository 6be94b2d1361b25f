"""A crawl that writes its figures into its own job record, for crawls that run away from their
worker (on a Scrapyd node): ``-s CRAWL_JOB_ID=<id> -s CRAWL_JOB_WORKER=<worker id>``.

The same figures ``LiveStats`` writes to a file (and the same politeness notes and robots.txt
verdicts) go, every ``LIVE_STATS_INTERVAL`` seconds and once more at the close, into the job's
``stats`` in ``DATABASE_URL``, where the job pages and the worker read them. A write that finds
the job no longer running for that worker (it was finished, or failed and queued again after its
worker died) closes the crawl: no crawl goes on writing behind the back of its job's retry.

Writes run in a thread of their own, so the reactor never waits on the database.
"""
from __future__ import annotations

import asyncio
import json
import logging
from concurrent.futures import Future, ThreadPoolExecutor

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import SQLAlchemyError

import config
from clinics import jobs
from clinics.db import session_scope
from crawler.extensions import LiveStats

logger = logging.getLogger(__name__)
CLOSE_REASON = "job_no_longer_running"


class JobRecordStats(LiveStats):
    def __init__(self, crawler, job_id: int, worker_id: str, database_url: str,
                 interval_s: float):
        super().__init__(crawler, None, interval_s)
        self.job_id, self.worker_id, self.database_url = job_id, worker_id, database_url
        self.writes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="job-record")
        self.last: Future | None = None
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        job_id, worker_id = settings.getint("CRAWL_JOB_ID"), settings.get("CRAWL_JOB_WORKER")
        if not job_id or not worker_id:
            raise NotConfigured
        extension = cls(crawler, job_id, worker_id,
                        settings.get("DATABASE_URL") or config.load().database_url,
                        settings.getfloat("LIVE_STATS_INTERVAL", 2.0))
        extension.connect_signals()
        return extension

    def write(self):
        """A live write; skipped while the last one is still going."""
        if self.last is not None:
            if not self.last.done():
                return
            if self.last.exception() is not None:
                logger.error("storing the figures of job %s failed", self.job_id,
                             exc_info=self.last.exception())
            elif self.last.result() is False and not self.closing:
                self._stop_crawl()
                return
        self.last = self.writes.submit(self._store, self._stats())

    async def spider_closed(self, spider, reason):
        self.closing = True
        self.add_closing_stats(spider)
        try:
            await asyncio.wrap_future(self.writes.submit(self._store, self._stats()))
        finally:
            self.writes.shutdown(wait=True)

    def _stats(self) -> dict:
        """The stats as the job record holds them: JSON, times as text (as StatsFile writes)."""
        return json.loads(json.dumps(self.crawler.stats.get_stats(), default=str))

    def _store(self, stats: dict) -> bool | None:
        """True when written, False when the job is no longer this crawl's, None when the
        database could not be reached (the next write tries again)."""
        try:
            with session_scope(self.database_url) as session:
                return jobs.record_stats(session, self.job_id, self.worker_id, stats)
        except SQLAlchemyError as error:
            logger.warning("the figures of job %s could not be stored: %s", self.job_id, error)
            return None

    def _stop_crawl(self) -> None:
        self.closing = True
        logger.warning("job %s is no longer running for worker %s; closing the crawl",
                       self.job_id, self.worker_id)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason=CLOSE_REASON))
