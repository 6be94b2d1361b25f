"""A spider that fetches a list of URLs and does nothing with them: Scrapy's raw fetch rate.

Run with ``scrapy runspider bench/_raw_spider.py -a urls_file=PATH``.
"""
from __future__ import annotations

from pathlib import Path

import scrapy


class RawFetchSpider(scrapy.Spider):
    name = "raw_fetch"
    custom_settings = {"ITEM_PIPELINES": {}}

    def __init__(self, urls_file: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.urls = Path(urls_file).read_text(encoding="utf-8").split()

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response):
        return None
