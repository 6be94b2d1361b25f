"""Spider ``directory``: a listing site of clinics, and the clinics' own sites it links to.

Arguments:
  ``-a start_url=URL``  the first page of results (``<sample>/directory/`` on the sample web);
  ``-a demo=1``         everything found is invented demo data;
  ``-a max_result_pages=N`` (default 500) bounds the pagination;
  ``-a follow_websites=0`` reads the listings only.
Result pages are followed by their "next" link; each detail page (a page below the directory's
folder) becomes one item with the directory as its source. Its "Visit website" link is read in
the same run as the ``clinic_site`` spider reads a site, and those items say ``clinic_site``.
"""
from __future__ import annotations

import scrapy
from scrapy.http import TextResponse

from crawler.extract import combine, page_partials, parse
from crawler.extract.naming import listing_name
from crawler.extract.page import html_root
from crawler.items import ClinicItem
from crawler.links import deeper_links, next_page_link, site_root, website_link
from crawler.sites import stated_aggregate
from crawler.spiders.base import flag
from crawler.spiders.site_reader import SiteReader


def listing_record(html: str, url: str) -> dict:
    """A directory's detail page as a record: the listing's facts, named as the listing heads
    them; the clinic's website only as the listing links it, never the listing's own address."""
    page = parse(html, url)
    partials = page_partials(page, url)
    record = combine(partials)
    record["name"] = record["name"] or listing_name(page)
    record["website"] = website_link(page.root, url)
    record["rating"], record["review_count"] = stated_aggregate([partials])
    record["reviews"] = [{**review, "source_url": url} for review in record["reviews"]]
    return record


class DirectorySpider(SiteReader, scrapy.Spider):
    name = "directory"

    def __init__(self, start_url: str | None = None, demo: str = "0",
                 max_result_pages: str | int = 500, follow_websites: str = "1", *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not start_url:
            raise ValueError("directory needs -a start_url=URL")
        self.start_url = start_url
        self.section = site_root(start_url)
        self.demo = flag(demo)
        self.max_result_pages = int(max_result_pages)
        self.follow_websites = flag(follow_websites)

    async def start(self):
        yield scrapy.Request(self.start_url, callback=self.parse, dont_filter=True)

    def parse(self, response):
        """A page of results: its detail pages, then the next page of results."""
        if not isinstance(response, TextResponse):
            return
        self.crawler.stats.inc_value("directory/result_pages")
        root = html_root(response.text)
        for url in deeper_links(root, response.url, self.section):
            if not self.already_done(url):
                yield scrapy.Request(url, callback=self.parse_listing)
        pages_read = self.crawl_state("result_pages", set)
        pages_read.add(response.url)
        following = next_page_link(root, response.url)
        if following and len(pages_read) < self.max_result_pages:
            # Each page of results starts its depth anew: pagination is bounded above.
            yield scrapy.Request(following, callback=self.parse, meta={"depth_reset": True})

    def parse_listing(self, response):
        if not isinstance(response, TextResponse):
            return
        record = listing_record(response.text, response.url)
        website = record["website"]
        if self.follow_websites and website:
            # The clinic's own site is a new site: DEPTH_LIMIT applies within it from zero.
            if request := self.site_request(website, meta={"depth_reset": True}):
                yield request
        yield ClinicItem.from_record(record, source_url=response.url, spider="directory",
                                     demo=self.demo, job_unit=response.url)
