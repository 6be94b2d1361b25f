"""Downloader middleware that refuses requests the crawler must not make (see ``netguard``).

Every request passes here, including each redirect hop (the redirect middleware schedules a new
request) and robots.txt fetches. Refusals raise IgnoreRequest and are counted in the stats as
``ssrf/refused`` and ``ssrf/refused/<reason>``.
"""
from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from crawler import netguard


class SsrfGuardMiddleware:
    def __init__(self, stats, allow_private: bool):
        self.stats = stats
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getbool("CRAWL_ALLOW_PRIVATE"))

    async def process_request(self, request):
        reason = netguard.url_refusal(request.url)
        if reason is None and not self.allow_private:
            parts = urlsplit(request.url)
            if netguard.literal_address(parts.hostname) is not None:
                reason = netguard.host_refusal(parts.hostname, parts.port)
            else:
                # Name resolution blocks; keep it off the reactor's thread.
                reason = await asyncio.get_running_loop().run_in_executor(
                    None, netguard.host_refusal, parts.hostname, parts.port)
        if reason:
            self.stats.inc_value("ssrf/refused")
            self.stats.inc_value(f"ssrf/refused/{reason}")
            raise IgnoreRequest(f"refused to fetch {request.url}: {reason}")
        return None
