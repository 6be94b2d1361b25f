"""Spider ``clinic_site``: clinic websites, one item per clinic location.

Arguments:
  ``-a start_url=URL``  a clinic site's home page, a sitemap (or sitemap index) listing clinic
                        sites, or an index page linking to clinic sites on its own host;
  ``-a start_urls="URL URL ..."`` several of those, separated by white space (a crawl source
                        lists the sites it covers);
  ``-a demo=1``         everything found is invented demo data (the sample web);
  ``-a max_pages_per_site=N`` (default 20).
Each site stays within its root (the folder of its home page: the host on the real web,
``/sites/<slug>/`` on the sample web). Extraction lives in ``crawler.extract``, the site-level
glue in ``crawler.sites`` and ``site_reader``, storage in the pipelines.
"""
from __future__ import annotations

import scrapy
from scrapy.http import TextResponse

from crawler.extract import combine, is_clinic, page_partials, parse
from crawler.links import host_links, outermost, sitemap_locations
from crawler.spiders.base import flag
from crawler.spiders.site_reader import SiteReader

SITEMAP_STARTS = (b"<?xml", b"<urlset", b"<sitemapindex")


def is_sitemap(response) -> bool:
    return (response.url.split("?", 1)[0].endswith(".xml")
            or response.body.lstrip()[:200].startswith(SITEMAP_STARTS))


class ClinicSiteSpider(SiteReader, scrapy.Spider):
    name = "clinic_site"

    def __init__(self, start_url: str | None = None, demo: str = "0",
                 max_pages_per_site: str | int = SiteReader.max_pages_per_site,
                 start_urls: str = "", *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_urls = list(dict.fromkeys(([start_url] if start_url else [])
                                             + start_urls.split()))
        if not self.start_urls:
            raise ValueError("clinic_site needs -a start_url=URL or -a start_urls='URL URL'")
        self.demo = flag(demo)
        self.max_pages_per_site = int(max_pages_per_site)

    async def start(self):
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response):
        """The start page: a sitemap, a clinic's home page, or an index of clinic sites."""
        if not isinstance(response, TextResponse):
            return
        if is_sitemap(response):
            yield from self.parse_sitemap(response)
            return
        page = parse(response.text, response.url)
        partials = page_partials(page, response.url)
        if is_clinic(combine(partials)):
            yield from self.begin_visit(response, page, partials)
            return
        for url in host_links(page.root, response.url):
            if request := self.site_request(url):
                yield request

    def parse_sitemap(self, response):
        pages, nested = sitemap_locations(response.text)
        for url in nested:
            yield scrapy.Request(url, callback=self.parse_sitemap)
        for url in outermost(pages):
            if request := self.site_request(url):
                yield request
