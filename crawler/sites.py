"""From the pages of one clinic site to one record per location.

A site's pages arrive in any order (they are fetched in parallel), so the order in which their
facts are combined is fixed here: the home page first, then the others by URL. A site with
several location pages (``<root>locations/<place>/``, each stating its own address) is a chain:
each location becomes one record from its own pages first, then the pages the locations share.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from clinics.normalize import street_key
from crawler.extract import combine, split_locations
from crawler.links import is_location_page


@dataclass
class SiteVisit:
    """One clinic site being read: the facts of each page read so far, the pages in flight.

    ``entry_url`` is the link the visit started from; it names the unit of work in a job's
    ledger. ``pages`` maps a page URL to its partial records, structured data first;
    ``location_texts`` keeps the visible text of location pages, which name the people who work
    there while a shared team page gives their credentials.
    """

    root: str
    entry_url: str
    home_url: str
    pages: dict[str, list[dict]] = field(default_factory=dict)
    location_texts: dict[str, str] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)

    def ordered_urls(self) -> list[str]:
        return sorted(self.pages, key=lambda url: (url != self.home_url, url))


def _address_key(partials: list[dict]) -> tuple | None:
    stated = next((p for p in partials if p.get("postal_code")), None)
    return (stated["postal_code"], street_key(stated.get("street"))) if stated else None


def _union(items: list[dict], key) -> list[dict]:
    found: dict = {}
    for item in items:
        found.setdefault(key(item), item)
    return list(found.values())


def _review_key(review: dict) -> tuple:
    return (" ".join((review.get("text") or "").lower().split()),
            (review.get("author") or "").lower(), review.get("published"))


def _person_key(person: dict) -> str:
    return " ".join(person["name"].lower().split())


def stated_aggregate(pages: list[list[dict]]) -> tuple[float | None, int]:
    """The rating and count a source states of itself ("4.6 from 212 reviews"), from the first
    page that states both; (None, 0) when none does (ingest then rates the reviews themselves)."""
    for partials in pages:
        for partial in partials:
            if partial.get("rating") is not None and partial.get("review_count"):
                return partial["rating"], partial["review_count"]
    return None, 0


def _page_list(partials: list[dict], key: str) -> list[dict]:
    """A page's people or reviews as its best reading gives them (structured data first)."""
    return next((p[key] for p in partials if p.get(key)), [])


def record_of(pages: list[list[dict]], website: str) -> dict:
    """One record from the partials of several pages, earlier pages winning conflicts.

    Staff and reviews are united over pages (a home page that features one doctor does not hide
    the team page), each person and each review once; within a page, its best reading counts
    (the structured data when it lists any). A review read on no particular page is attributed
    to ``website``.
    """
    record = combine([p for page in pages for p in page])
    record["practitioners"] = _union(
        [person for page in pages for person in _page_list(page, "practitioners")], _person_key)
    record["credentials"] = list(dict.fromkeys(
        token for person in record["practitioners"] for token in person.get("credentials", [])))
    reviews = _union([r for page in pages for r in _page_list(page, "reviews")], _review_key)
    record["reviews"] = [{**r, "source_url": r.get("source_url") or website} for r in reviews]
    record["rating"], record["review_count"] = stated_aggregate(pages)
    record["website"] = website
    return record


def is_listing(visit: SiteVisit) -> bool:
    """Pages outside any location section stating different ZIP codes: a list of clinics (a
    directory, a review site) entered as if it were one clinic's site, not a clinic site."""
    keys = [_address_key(partials) for url, partials in visit.pages.items()
            if not is_location_page(url, visit.root)]
    return len({key[0] for key in keys if key}) > 1


def _people_named(record: dict, text: str) -> list[dict]:
    """The shared team's people that a location's own page names; everyone when it names none
    (a team page that does not say who works where applies to every location)."""
    folded = " ".join(text.lower().split())
    named = [p for p in record["practitioners"] if _person_key(p) in folded]
    return named or record["practitioners"]


def _location_pages(visit: SiteVisit, urls: list[str]) -> list[list[str]]:
    """URLs of the location pages, grouped by the address each states, in URL order."""
    by_location: dict[tuple, list[str]] = {}
    for url in urls:
        key = _address_key(visit.pages[url])
        if key and is_location_page(url, visit.root):
            by_location.setdefault(key, []).append(url)
    return list(by_location.values())


def _chain_location(visit: SiteVisit, own: list[str], shared: list[str], brand: str | None):
    record = record_of([visit.pages[url] for url in own + shared], own[0])
    record["organization"] = record["organization"] or brand
    record["organization_website"] = visit.root
    record["practitioners"] = _people_named(
        record, " ".join(visit.location_texts.get(url, "") for url in own))
    record["credentials"] = list(dict.fromkeys(
        token for person in record["practitioners"] for token in person.get("credentials", [])))
    return record, own[0]


def location_records(visit: SiteVisit) -> list[tuple[dict, str]]:
    """(record, source URL) per location of the site; a one-location site gives one pair.

    A chain with a page per location: each location's website and source are its own page, its
    organization is the brand the home page names, its staff those its page names. A site that
    lists several addresses on its pages but has no location pages: one record per address with
    the shared facts, the root as website and source.
    """
    urls = visit.ordered_urls()
    groups = _location_pages(visit, urls)
    if len(groups) >= 2:
        shared = [url for url in urls if not is_location_page(url, visit.root)]
        brand = combine(visit.pages.get(visit.home_url, [])).get("name")
        return [_chain_location(visit, own, shared, brand) for own in groups]
    record = record_of([visit.pages[url] for url in urls], visit.root)
    return [(one, visit.root) for one in split_locations(record)]
