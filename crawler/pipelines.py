"""Item pipelines: validate an item, then store it through ``clinics`` (the one write path).

Each pipeline does one thing and counts what it did in the crawl stats; a dropped item carries
its reason, so a crawl report says why records were lost and the crawl goes on.
"""
from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from scrapy.exceptions import DropItem
from scrapy.utils.job import job_dir

import config
from crawler import writer
from crawler.items import NpiCheckItem
from crawler.jobdir import Ledger
from crawler.validation import problem


def _source(item) -> str:
    return getattr(item, "source_url", None) or type(item).__name__


class ValidateItemPipeline:
    """Drops items that cannot be stored, counting ``validate/rejected/<reason>``."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item):
        reason = problem(item)
        if reason:
            self.stats.inc_value("validate/rejected")
            self.stats.inc_value(f"validate/rejected/{reason}")
            raise DropItem(f"invalid item ({reason}): {_source(item)}")
        self.stats.inc_value("validate/passed")
        return item


class IngestPipeline:
    """Stores each item through ``clinics`` in the crawl's writer process (``crawler.writer``).

    Items are written one at a time in the order they arrive, each with its own commit; the
    crawl goes on fetching and parsing meanwhile. Counts ``ingest/created``, ``ingest/updated``,
    ``ingest/unchanged``, ``ingest/reviews_added``, ``ingest/npi_verified``,
    ``ingest/npi_unverified``, ``ingest/npi_unknown_practitioner``, ``ingest/errors`` and
    ``ingest/rejected/<reason>``. After an item's commit, the unit of work it completes goes to
    the job's ledger (see ``crawler.jobdir``), rejected or not: doing it again changes nothing.
    """

    def __init__(self, stats, database_url: str, jobdir: str | None = None):
        self.stats = stats
        self.database_url = database_url
        self.ledger = Ledger(jobdir)
        self.writer: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler):
        url = crawler.settings.get("DATABASE_URL") or config.load().database_url
        return cls(crawler.stats, url, job_dir(crawler.settings))

    async def open_spider(self):
        # A fresh interpreter, not a fork of one running a reactor and threads.
        self.writer = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"),
            initializer=writer.open_writer, initargs=(self.database_url,))
        await self._on_writer(int, 0)

    async def close_spider(self):
        try:
            await self._on_writer(writer.close_writer)
        finally:
            self.writer.shutdown(wait=True)
            self.ledger.close()

    async def process_item(self, item):
        outcome, detail = await self._on_writer(*_write_call(item))
        if outcome == "rejected":
            self.stats.inc_value("ingest/rejected")
            self.stats.inc_value(f"ingest/rejected/{detail}")
        elif outcome == "error":
            self.stats.inc_value("ingest/errors")
            raise DropItem(f"not stored ({detail}): {_source(item)}")
        else:
            self.stats.inc_value(f"ingest/{outcome}")
            if detail:
                self.stats.inc_value("ingest/reviews_added", detail)
        if item.job_unit:
            self.ledger.add(item.job_unit)
        if outcome == "rejected":
            raise DropItem(f"rejected by ingest ({detail}): {_source(item)}")
        return item

    async def _on_writer(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.writer, function, *args)


def _write_call(item) -> tuple:
    """The writer function and its plain arguments for one item."""
    if isinstance(item, NpiCheckItem):
        return (writer.store_npi_check, item.practitioner_id, item.npi, item.verified,
                item.taxonomy, item.source_url)
    return writer.store_clinic, item.record(), item.source_url, item.spider, item.demo
