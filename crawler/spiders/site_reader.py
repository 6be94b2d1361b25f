"""Reading one clinic site into items: shared by the ``clinic_site`` and ``directory`` spiders.

A visit starts at a site's home page, fetches the pages where the clinic states its facts in
parallel (at most ``max_pages_per_site``, at most ``max_hops`` links away from the home page),
and yields one item per location once the last of them has answered. Requests carry only the
site's root and their hop count; the pages' facts stay in the visit, kept in ``spider.state`` so
that a job stopped cleanly (``JOBDIR``) resumes with them.
"""
from __future__ import annotations

import scrapy
from scrapy.http import TextResponse

from crawler.extract import Page, combine, is_clinic, page_partials, parse
from crawler.items import ClinicItem
from crawler.links import fact_page_links, is_location_page, site_root
from crawler.sites import SiteVisit, is_listing, location_records
from crawler.spiders.base import JobAware

# Pages of a site already being read go before new sites, so visits finish and free memory.
SITE_PAGE_PRIORITY = 10


def visible_text(page: Page) -> str:
    """The words of a page's body, scripts and styles left out."""
    if page.root is None:
        return ""
    parts = page.root.xpath("//body//text()[not(ancestor::script or ancestor::style)]")
    return " ".join(" ".join(parts).split())


class SiteReader(JobAware):
    """Mixin for a ``scrapy.Spider``: ``site_request(url)`` starts reading a clinic site."""

    max_pages_per_site = 20
    max_hops = 2
    demo = False

    @property
    def site_visits(self) -> dict[str, SiteVisit]:
        return self.crawl_state("site_visits", dict)

    @property
    def finished_sites(self) -> set[str]:
        return self.crawl_state("finished_sites", set)

    def site_request(self, url: str, **kwargs) -> scrapy.Request | None:
        """The request for a clinic site's home page, or None when this job stored it already."""
        if self.already_done(url):
            return None
        return scrapy.Request(url, callback=self.parse_site_home, **kwargs)

    def parse_site_home(self, response):
        if not isinstance(response, TextResponse):
            return
        page = parse(response.text, response.url)
        partials = page_partials(page, response.url)
        if not is_clinic(combine(partials)):
            self.crawler.stats.inc_value("clinic_site/not_a_clinic")
            return
        yield from self.begin_visit(response, page, partials)

    def begin_visit(self, response, page: Page, partials: list[dict]):
        root = site_root(response.url)
        if root in self.site_visits or root in self.finished_sites:
            return
        entry = response.meta.get("redirect_urls", [response.url])[0]
        visit = SiteVisit(root, entry, response.url, pages={response.url: partials},
                          seen={response.url, root})
        self.site_visits[root] = visit
        yield from self._follow(visit, response, page, hop=0)
        yield from self._finish_if_done(visit)

    def parse_site_page(self, response):
        visit = self.site_visits.get(response.meta["root"])
        if visit is None:
            yield from self._restart_visit(response.meta["root"])
            return
        url = response.meta.get("page", response.url)
        if isinstance(response, TextResponse):
            page = parse(response.text, response.url)
            visit.pages[url] = page_partials(page, response.url)
            if is_location_page(url, visit.root):
                visit.location_texts[url] = visible_text(page)
            yield from self._follow(visit, response, page, hop=response.meta["hop"])
        visit.pending.discard(url)
        yield from self._finish_if_done(visit)

    def site_page_failed(self, failure):
        """A missing, refused or robots-forbidden page loses that page, not the clinic."""
        self.crawler.stats.inc_value("clinic_site/page_failed")
        meta = failure.request.meta
        visit = self.site_visits.get(meta["root"])
        if visit is not None:
            visit.pending.discard(meta.get("page", failure.request.url))
            yield from self._finish_if_done(visit)

    def _restart_visit(self, root: str):
        """A page answered for a visit this run does not hold (state lost): read the site anew."""
        if root in self.finished_sites:
            return
        self.crawler.stats.inc_value("clinic_site/visit_restarted")
        request = self.site_request(root, dont_filter=True)
        if request is not None:
            yield request

    def _follow(self, visit: SiteVisit, response, page: Page, hop: int):
        if hop >= self.max_hops or not self._depth_allows(response):
            return
        for url in fact_page_links(page.root, response.url, visit.root):
            if url in visit.seen or len(visit.seen) >= self.max_pages_per_site + 1:
                continue
            visit.seen.add(url)
            visit.pending.add(url)
            # The visit's own "seen" set prevents loops; the shared duplicate filter would drop
            # a page another visit already asked for and leave this visit waiting for it.
            yield scrapy.Request(url, callback=self.parse_site_page, errback=self.site_page_failed,
                                 meta={"root": visit.root, "hop": hop + 1, "page": url},
                                 priority=SITE_PAGE_PRIORITY, dont_filter=True)

    def _depth_allows(self, response) -> bool:
        """Scrapy drops requests beyond DEPTH_LIMIT silently; a visit must not wait for them."""
        limit = self.crawler.settings.getint("DEPTH_LIMIT")
        return not limit or response.meta.get("depth", 0) + 1 <= limit

    def _finish_if_done(self, visit: SiteVisit):
        if visit.pending:
            return
        del self.site_visits[visit.root]
        self.finished_sites.add(visit.root)
        if is_listing(visit):
            self.crawler.stats.inc_value("clinic_site/listing_not_site")
            return
        located = [(record, url) for record, url in location_records(visit) if is_clinic(record)]
        if not located:
            self.crawler.stats.inc_value("clinic_site/not_a_clinic")
        for number, (record, source_url) in enumerate(located, start=1):
            self.crawler.stats.inc_value("clinic_site/locations")
            yield ClinicItem.from_record(
                record, source_url=source_url, spider="clinic_site", demo=self.demo,
                job_unit=visit.entry_url if number == len(located) else None)
