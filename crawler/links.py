"""Which links of a page the spider follows: pages of the same clinic site, or, from a
directory page, the sites it lists. Plain functions over (html, url)."""
from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit

from parsel import Selector

SKIPPED_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".zip", ".doc",
                      ".docx", ".xls", ".xlsx", ".mp3", ".mp4", ".ics", ".css", ".js", ".xml")


def site_root(url: str) -> str:
    """The folder a clinic's home page lives in: the prefix every page of its site shares."""
    return urldefrag(urljoin(url, "."))[0].split("?", 1)[0]


def page_links(html: str, url: str) -> list[str]:
    """Absolute http(s) links of a page, fragments removed, each once, in page order."""
    found: list[str] = []
    if not html.strip():
        return found
    for href in Selector(text=html).css("a::attr(href)").getall():
        link = urldefrag(urljoin(url, href.strip()))[0]
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or parts.path.lower().endswith(SKIPPED_EXTENSIONS):
            continue
        if link not in found:
            found.append(link)
    return found


def same_site_links(html: str, url: str, root: str) -> list[str]:
    """Links to other pages under the site's root."""
    return [link for link in page_links(html, url) if link.startswith(root) and link != root]


def directory_links(html: str, url: str) -> list[str]:
    """Links from a directory page to other pages on its host (candidate clinic sites)."""
    host = urlsplit(url).netloc
    return [link for link in page_links(html, url)
            if urlsplit(link).netloc == host and link != url]
