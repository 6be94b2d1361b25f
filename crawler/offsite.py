"""Scrapy's offsite filter, binding on every request when a crawl has allowed domains.

The spiders mark requests ``dont_filter`` to fetch a page again within a job (the duplicate
filter), not to leave the allowed hosts; Scrapy's filter lets such requests through, so this one
judges them like any other. Drops are counted as Scrapy counts them: ``offsite/filtered`` (every
dropped request) and ``offsite/domains`` (each host once).
"""
from __future__ import annotations

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware


class AllowedDomainsMiddleware(OffsiteMiddleware):
    def process_request(self, request, spider=None) -> None:
        if request.dont_filter and not request.meta.get("allow_offsite"):
            request = request.replace(dont_filter=False)
        return super().process_request(request)
