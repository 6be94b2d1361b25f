"""Scrapy extensions of the project.

``StatsFile`` writes a crawl's final stats as JSON to the file named by the ``STATS_FILE``
setting, so whoever started the crawl process (the crawl-job worker, a test, a benchmark) reads
what happened without parsing the log. ``LiveStats`` writes them every few seconds while the
crawl runs, for the job's page.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.robotstxt import RobotParser
from scrapy.utils.asyncio import create_looping_call


class StatsFile:
    def __init__(self, crawler, path: Path):
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("STATS_FILE")
        if not path:
            raise NotConfigured
        extension = cls(crawler, Path(path))
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider, reason):
        # The core stats extension, enabled before this one, has set the finish time by now.
        stats = self.crawler.stats.get_stats()
        self.path.write_text(json.dumps(stats, default=str, sort_keys=True), encoding="utf-8")


def write_json_atomically(path: Path, data: dict) -> None:
    """Readers (the worker) never see a half-written file: write aside, then rename."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, default=str, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)


class LiveStats:
    """Writes the crawl's stats every ``LIVE_STATS_INTERVAL`` seconds to ``LIVE_STATS_FILE``, so
    the job page shows pages, items, rejects and errors while the crawl runs. At the close it
    adds what the sites' robots.txt said (``robots_verdicts``) and writes once more; enabled
    before ``StatsFile``, so the final stats include them."""

    def __init__(self, crawler, path: Path, interval_s: float):
        self.crawler, self.path, self.interval_s = crawler, path, interval_s
        self.task = None

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("LIVE_STATS_FILE")
        if not path:
            raise NotConfigured
        extension = cls(crawler, Path(path), crawler.settings.getfloat("LIVE_STATS_INTERVAL", 2.0))
        extension.connect_signals()
        return extension

    def connect_signals(self):
        self.crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        self.crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_opened(self, spider):
        settings = self.crawler.settings
        self.crawler.stats.set_value("politeness/user_agent", settings.get("USER_AGENT"))
        self.crawler.stats.set_value("politeness/download_delay_s",
                                     settings.getfloat("DOWNLOAD_DELAY"))
        self.task = create_looping_call(self.write)
        self.task.start(self.interval_s)

    def write(self):
        write_json_atomically(self.path, self.crawler.stats.get_stats())

    def spider_closed(self, spider, reason):
        self.add_closing_stats(spider)
        self.write()

    def add_closing_stats(self, spider):
        """Stop the live writes and add what the sites' robots.txt said."""
        if self.task is not None and self.task.running:
            self.task.stop()
        for key, value in robots_verdicts(self.crawler, getattr(spider, "start_urls", [])).items():
            self.crawler.stats.set_value(key, value)


def robots_verdicts(crawler, start_urls) -> dict:
    """``politeness/robots/<host>`` ("allowed", "disallowed" for the start page, or "none" when
    the site has no readable robots.txt) and ``politeness/crawl_delay_s/<host>`` when it asks
    for one, read from the robots.txt middleware's parsers."""
    middleware = next((m for m in crawler.engine.downloader.middleware.middlewares
                       if isinstance(m, RobotsTxtMiddleware)), None)
    if middleware is None:
        return {}
    agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT")
    starts = {urlsplit(url).netloc: url for url in start_urls or []}
    found = {}
    for host, parser in getattr(middleware, "_parsers", {}).items():
        if not isinstance(parser, RobotParser):
            found[f"politeness/robots/{host}"] = "none"
            continue
        start = starts.get(host, f"http://{host}/")
        found[f"politeness/robots/{host}"] = ("allowed" if parser.allowed(start, agent)
                                              else "disallowed")
        delay = parser.crawl_delay(agent)
        if delay is not None:
            found[f"politeness/crawl_delay_s/{host}"] = float(delay)
    return found
