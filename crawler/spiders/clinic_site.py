"""Spider ``clinic_site``: crawl clinic websites, one item per site.

``-a start_url=URL`` is a clinic site's home page or a directory page listing such sites (the
sample web's index); ``-a demo=1`` marks everything found as invented demo data. The pages of one
site are fetched one after another and read into one record; extraction lives in
``crawler.extract`` and storage in the pipelines.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import scrapy
from scrapy.http import TextResponse

from crawler.extract import combine, is_clinic, page_partials
from crawler.items import ClinicItem
from crawler.links import directory_links, same_site_links, site_root

TRUE_WORDS = {"1", "true", "yes", "on"}


@dataclass
class SiteVisit:
    """The pages of one site read so far and the ones still to read."""

    root: str
    partials: list[dict]
    seen: set[str]
    pending: list[str] = field(default_factory=list)


class ClinicSiteSpider(scrapy.Spider):
    name = "clinic_site"
    # A clinic site's facts sit on a few pages; more pages mostly repeat them.
    max_pages_per_site = 6

    def __init__(self, start_url: str | None = None, demo: str = "0", *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not start_url:
            raise ValueError("clinic_site needs -a start_url=URL")
        self.start_url = start_url
        self.demo = str(demo).strip().lower() in TRUE_WORDS

    async def start(self):
        yield scrapy.Request(self.start_url, callback=self.parse)

    def parse(self, response):
        """The start page: a clinic's home page, or a directory of clinic sites."""
        if not isinstance(response, TextResponse):
            return
        partials = page_partials(response.text, response.url)
        if is_clinic(combine(partials)):
            yield from self._begin_site(response, partials)
            return
        for url in directory_links(response.text, response.url):
            yield scrapy.Request(url, callback=self.parse_site_home)

    def parse_site_home(self, response):
        if not isinstance(response, TextResponse):
            return
        partials = page_partials(response.text, response.url)
        if not is_clinic(combine(partials)):
            self.crawler.stats.inc_value("clinic_site/not_a_clinic")
            return
        yield from self._begin_site(response, partials)

    def parse_site_page(self, response, site: SiteVisit):
        if isinstance(response, TextResponse):
            site.partials.extend(page_partials(response.text, response.url))
            site.pending.extend(same_site_links(response.text, response.url, site.root))
        yield from self._next_page(site)

    def site_page_failed(self, failure):
        """A missing or refused page of a site loses that page, not the whole clinic."""
        self.crawler.stats.inc_value("clinic_site/page_failed")
        yield from self._next_page(failure.request.cb_kwargs["site"])

    def _begin_site(self, response, partials: list[dict]):
        root = site_root(response.url)
        site = SiteVisit(root, list(partials), {response.url, root},
                         same_site_links(response.text, response.url, root))
        yield from self._next_page(site)

    def _next_page(self, site: SiteVisit):
        while site.pending and len(site.seen) <= self.max_pages_per_site:
            url = site.pending.pop(0)
            if url not in site.seen:
                site.seen.add(url)
                # The visit's own "seen" set prevents loops; the shared duplicate filter would
                # silently end the chain and lose the clinic.
                yield scrapy.Request(url, callback=self.parse_site_page,
                                     errback=self.site_page_failed, cb_kwargs={"site": site},
                                     dont_filter=True)
                return
        yield self._item(site)

    def _item(self, site: SiteVisit) -> ClinicItem:
        record = combine(site.partials)
        record["website"] = site.root
        record["reviews"] = [{**review, "source_url": site.root} for review in record["reviews"]]
        return ClinicItem.from_record(record, source_url=site.root, demo=self.demo)
