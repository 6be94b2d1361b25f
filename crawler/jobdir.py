"""Crawls that survive being killed: what ``JOBDIR`` keeps, and what it cannot keep.

Scrapy writes a job's request queue and spider state only when the crawl closes cleanly; after a
SIGKILL (or a second Ctrl-C, a lost machine) the queue files are half-written and the seen-requests
file names requests that were never answered, so resuming from them would silently skip pages.
``JobDirGuard`` notices that the previous run never closed and discards those files; the
``done_units`` ledger, appended after each unit of work (a clinic site, a listing) is committed to
the database, lets the restarted crawl skip the units that are already stored. A unit in flight
when the crawl died is simply done again: storing a record twice changes nothing.
"""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.job import job_dir

logger = logging.getLogger(__name__)

RUNNING_MARKER = "crawl.running"
LEDGER = "done_units.txt"
# Files Scrapy itself keeps in a job directory; untrustworthy after an unclean stop.
SCRAPY_STATE = ("requests.queue", "requests.seen", "spider.state")


class Ledger:
    """Keys of the units of work a job has stored, one per line, flushed as they are added."""

    def __init__(self, jobdir: str | None):
        self.path = Path(jobdir, LEDGER) if jobdir else None
        self._handle = None

    def keys(self) -> set[str]:
        if self.path is None or not self.path.exists():
            return set()
        return set(self.path.read_text(encoding="utf-8").splitlines())

    def add(self, key: str) -> None:
        if self.path is None:
            return
        if self._handle is None:
            self._handle = self.path.open("a", encoding="utf-8")
        self._handle.write(key.replace("\n", " ") + "\n")
        # A SIGKILL loses Python's buffer, not the kernel's: flushing is enough.
        self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def discard_scrapy_state(jobdir: Path) -> None:
    for name in SCRAPY_STATE:
        path = jobdir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


class JobDirGuard:
    """Extension: marks a job as running and, when the last run never closed, starts clean."""

    def __init__(self, jobdir: Path, stats):
        self.marker = jobdir / RUNNING_MARKER
        if self.marker.exists():
            logger.warning("The previous run of job %s did not close; its queue is discarded "
                           "and units already stored are skipped", jobdir)
            discard_scrapy_state(jobdir)
            stats.set_value("jobdir/unclean_restart", 1)
        jobdir.mkdir(parents=True, exist_ok=True)
        self.marker.touch()

    @classmethod
    def from_crawler(cls, crawler):
        jobdir = job_dir(crawler.settings)
        if not jobdir:
            raise NotConfigured
        guard = cls(Path(jobdir), crawler.stats)
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def spider_closed(self, spider, reason):
        # The scheduler has written its queue by now; the job can be resumed as Scrapy knows how.
        self.marker.unlink(missing_ok=True)
