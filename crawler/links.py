"""Which links of a page the spiders follow. Plain functions over (html, url).

A clinic site is read through the few pages where clinics state their facts (about, team,
insurance, pricing, FAQ, locations, reviews); blogs, careers and legal pages are left alone.
"""
from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml.html import HtmlElement
from parsel import Selector

from crawler.extract.page import html_root

SKIPPED_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".zip", ".doc",
                      ".docx", ".xls", ".xlsx", ".mp3", ".mp4", ".ics", ".css", ".js", ".xml")
# Words in a link's path or text that mark a page where a clinic states its facts.
FACT_PAGE_WORDS = re.compile(
    r"about|team|staff|provider|doctor|physician|clinician|people|who-we-are|insurance|pric|"
    r"fee|cost|payment|financ|afford|faq|question|location|office|contact|visit-us|review|"
    r"testimonial|service|treatment|therap|ketamine|spravato|esketamine|stellate|sgb|condition|"
    r"new-patient|patient",
    re.IGNORECASE)
# Words that mark pages whose text is not the clinic's statement about itself (whole words, so
# that "depression" is not "press" and "postpartum" is not "post").
NOT_FACT_PAGE_WORDS = re.compile(
    r"\b(?:blogs?|news|posts?|articles?|careers?|jobs?|privacy|terms|legal|log-?in|sign-?in|"
    r"carts?|shop|events?|podcasts?|tags?|category|categories|authors?|feed|press)\b|wp-",
    re.IGNORECASE)
LOCATION_SEGMENTS = ("locations", "location", "offices", "office", "clinics")
WEBSITE_TEXT = re.compile(r"\bweb ?site\b|^(?>.*?\b(?:visit|official)\b).*\bsite\b", re.IGNORECASE)
NEXT_TEXT = re.compile(r"^\s*(next|older|more)\b|^\s*[›»]\s*$", re.IGNORECASE)


def site_root(url: str) -> str:
    """The folder a clinic's home page lives in: the prefix every page of its site shares."""
    return urldefrag(urljoin(url, "."))[0].split("?", 1)[0]


def _absolute(href: str, url: str) -> str | None:
    link = urldefrag(urljoin(url, href.strip()))[0]
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or parts.path.lower().endswith(SKIPPED_EXTENSIONS):
        return None
    return link


Document = str | HtmlElement | None


def _tree(document: Document) -> HtmlElement | None:
    """The page's tree: parsed here from HTML, or as the caller parsed it already."""
    return html_root(document) if isinstance(document, str) else document


def anchors(document: Document, url: str) -> list[tuple[str, str]]:
    """(absolute http(s) link, visible text) of each link, fragments removed, each link once.
    ``document``: the page's HTML, or its tree when the caller has parsed it already."""
    root = _tree(document)
    if root is None:
        return []
    found: dict[str, str] = {}
    for node in root.iter("a"):
        href = node.get("href")
        if href is None:
            continue
        link = _absolute(href, url)
        if link and link not in found:
            found[link] = " ".join(node.text_content().split())
    return list(found.items())


def page_links(document: Document, url: str) -> list[str]:
    """Absolute http(s) links of a page, fragments removed, each once, in page order."""
    return [link for link, _ in anchors(document, url)]


def fact_page_links(document: Document, url: str, root: str) -> list[str]:
    """Links to pages under the site's root where a clinic states its facts."""
    found = []
    for link, text in anchors(document, url):
        if not link.startswith(root) or link == root:
            continue
        path = link[len(root):]
        if NOT_FACT_PAGE_WORDS.search(path):
            continue
        if FACT_PAGE_WORDS.search(path) or FACT_PAGE_WORDS.search(text):
            found.append(link)
    return found


def is_location_page(url: str, root: str) -> bool:
    """A page of one location of a multi-location site (``<root>locations/<place>/``)."""
    segments = [s for s in url[len(root):].split("?", 1)[0].split("/") if s]
    return len(segments) >= 2 and segments[0].lower() in LOCATION_SEGMENTS


def host_links(document: Document, url: str) -> list[str]:
    """Links from a page to other pages on its host (candidate clinic sites of an index)."""
    host = urlsplit(url).netloc
    return [link for link in page_links(document, url)
            if urlsplit(link).netloc == host and link != url]


def deeper_links(document: Document, url: str, section: str) -> list[str]:
    """Links to pages below ``section`` (a listing's detail pages), queries dropped."""
    found = []
    for link in page_links(document, url):
        bare = link.split("?", 1)[0]
        if bare.startswith(section) and bare.rstrip("/") != section.rstrip("/"):
            if bare not in found:
                found.append(bare)
    return found


def next_page_link(document: Document, url: str) -> str | None:
    """The next page of paginated results: ``rel="next"``, else a link reading "Next"."""
    root = _tree(document)
    if root is None:
        return None
    for node in root.iter("a", "link"):
        if "next" in (node.get("rel") or "").lower().split() and node.get("href") is not None:
            if link := _absolute(node.get("href"), url):
                return link
    return next((link for link, text in anchors(root, url) if NEXT_TEXT.search(text)), None)


def website_link(document: Document, url: str) -> str | None:
    """The clinic's own website as a listing or review page links it ("Visit website",
    "Clinic website", "Official site"), or None."""
    for link, text in anchors(document, url):
        if WEBSITE_TEXT.search(text) and link != url:
            return link
    return None


def sitemap_locations(xml: str) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) of a sitemap or sitemap index."""
    selector = Selector(text=xml, type="xml")
    selector.remove_namespaces()
    pages = [loc.strip() for loc in selector.xpath("//url/loc/text()").getall()]
    nested = [loc.strip() for loc in selector.xpath("//sitemap/loc/text()").getall()]
    return pages, nested


def outermost(urls: list[str]) -> list[str]:
    """The URLs that are no other listed URL's sub-page: a site's own sitemap lists its home and
    its pages, and only the home starts a site visit."""
    roots = [site_root(u) for u in urls]
    return [u for u in urls
            if not any(u != other and u.startswith(root) for other, root in zip(urls, roots))]
