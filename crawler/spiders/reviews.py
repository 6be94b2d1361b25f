"""Spider ``reviews``: a review site's clinics, each with every review over all its pages.

Arguments:
  ``-a start_url=URL``  the review site's list of clinics (``<sample>/reviews/`` on the sample web);
  ``-a demo=1``         everything found is invented demo data;
  ``-a max_review_pages=N`` (default 100) bounds one clinic's pagination.
List pages are followed by their "next" link; each clinic's review pages (below the list's folder)
are read one after another and become ONE item once the last page is read: the reviewed clinic's
name, address, phone and the website the page links (so ingest can tell which clinic it is), its
reviews, and the aggregate the site states. Nothing else the review site says is taken as a fact
about the clinic.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import scrapy
from scrapy.http import TextResponse

from crawler.extract import page_partials, parse
from crawler.extract.page import html_root
from crawler.extract.reviewed import reviewed_clinic
from crawler.items import ClinicItem
from crawler.links import deeper_links, next_page_link, site_root, website_link
from crawler.sites import record_of
from crawler.spiders.base import JobAware, flag

REVIEW_PAGE_PRIORITY = 10


@dataclass
class ReviewVisit:
    """One clinic's review pages read so far, in page order."""

    first_url: str
    pages: list[list[dict]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    website: str | None = None
    title: str | None = None
    site_name: str | None = None


def review_record(visit: ReviewVisit) -> dict:
    """Identity of the reviewed clinic (from its first page, with the clinic's website when the
    page links it), all reviews, and the stated aggregate."""
    whole = record_of(visit.pages, visit.first_url)
    return {**reviewed_clinic(visit.pages[0], visit.title), "website": visit.website,
            "reviews": whole["reviews"], "rating": whole["rating"],
            "review_count": whole["review_count"], "source_site": visit.site_name}


def _with_source(partials: list[dict], url: str) -> list[dict]:
    """Each review remembers the page it was read on."""
    return [{**p, "reviews": [{**r, "source_url": url} for r in p.get("reviews", [])]}
            for p in partials]


class ReviewsSpider(JobAware, scrapy.Spider):
    name = "reviews"

    def __init__(self, start_url: str | None = None, demo: str = "0",
                 max_review_pages: str | int = 100, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not start_url:
            raise ValueError("reviews needs -a start_url=URL")
        self.start_url = start_url
        self.section = site_root(start_url)
        self.demo = flag(demo)
        self.max_review_pages = int(max_review_pages)

    @property
    def visits(self) -> dict[str, ReviewVisit]:
        return self.crawl_state("review_visits", dict)

    async def start(self):
        yield scrapy.Request(self.start_url, callback=self.parse, dont_filter=True)

    def parse(self, response):
        """A list page: each reviewed clinic's first review page, then the next list page."""
        if not isinstance(response, TextResponse):
            return
        root = html_root(response.text)
        for url in deeper_links(root, response.url, self.section):
            if not self.already_done(url):
                yield scrapy.Request(url, callback=self.parse_reviews, meta={"clinic": url})
        if following := next_page_link(root, response.url):
            yield scrapy.Request(following, callback=self.parse, meta={"depth_reset": True})

    def parse_reviews(self, response):
        key = response.meta["clinic"]
        visit = self.visits.get(key)
        if visit is None and response.meta.get("page_number", 1) > 1:
            # This run lost the earlier pages (state not saved): read the clinic again.
            self.crawler.stats.inc_value("reviews/visit_restarted")
            yield scrapy.Request(key, callback=self.parse_reviews, meta={"clinic": key},
                                 dont_filter=True)
            return
        if visit is None:
            visit = self.visits[key] = ReviewVisit(key)
        if isinstance(response, TextResponse):
            page = parse(response.text, response.url)
            visit.pages.append(_with_source(page_partials(page, response.url), response.url))
            visit.urls.append(response.url)
            visit.website = visit.website or website_link(page.root, response.url)
            visit.title = visit.title or page.meta.get("title") or page.meta.get("h1")
            visit.site_name = visit.site_name or page.meta.get("og:site_name")
            following = next_page_link(page.root, response.url)
            if following and following not in visit.urls and len(visit.urls) < self.max_review_pages:
                yield self._next_page(following, key, len(visit.urls) + 1)
                return
        yield from self._finish(key)

    def review_page_failed(self, failure):
        """A later page that fails ends the clinic with the reviews read so far."""
        self.crawler.stats.inc_value("reviews/page_failed")
        yield from self._finish(failure.request.meta["clinic"])

    def _next_page(self, url: str, key: str, number: int) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_reviews, errback=self.review_page_failed,
                              meta={"clinic": key, "page_number": number, "depth_reset": True},
                              priority=REVIEW_PAGE_PRIORITY, dont_filter=True)

    def _finish(self, key: str):
        visit = self.visits.pop(key, None)
        if visit is None or not visit.pages:
            return
        self.crawler.stats.inc_value("reviews/clinics")
        self.crawler.stats.inc_value("reviews/pages", len(visit.pages))
        yield ClinicItem.from_record(review_record(visit), source_url=key, spider="reviews",
                                     demo=self.demo, job_unit=key)
