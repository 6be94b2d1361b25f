"""A Scrapy extension for benchmarks: writes the URL of every response the spiders receive to
the file named by ``BENCH_URLS_FILE``, so a second spider can fetch the very same pages."""
from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import NotConfigured


class FetchedUrls:
    def __init__(self, path: str):
        self.file = open(path, "w", encoding="utf-8")

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("BENCH_URLS_FILE")
        if not path:
            raise NotConfigured
        extension = cls(path)
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def response_received(self, response, request, spider):
        self.file.write(response.url + "\n")

    def spider_closed(self, spider, reason):
        self.file.close()
