"""Scrapy extensions of the project.

``StatsFile`` writes a crawl's final stats as JSON to the file named by the ``STATS_FILE``
setting, so whoever started the crawl process (the crawl-job worker, a test, a benchmark) reads
what happened without parsing the log.
"""
from __future__ import annotations

import json
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured


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
