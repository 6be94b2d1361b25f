"""Whether a downloaded page is fit to extract: a page of a hundred thousand links, or markup
nested thousands deep, costs the extractor time and memory out of all proportion and states no
clinic's facts. Plain functions over the page's HTML, checked before any extraction.

The size of a page (decompressed too) is bounded earlier, by DOWNLOAD_MAXSIZE.
"""
from __future__ import annotations

import re

from crawler.extract.page import html_root

# libxml2's HTML parser stops reading at 255 levels of nesting and drops the rest of the page
# without a word: a bound of that size or more would never be reached.
PARSER_NESTING_CUTOFF = 255
_LINK_TAG = re.compile(r"<a[\s>]", re.IGNORECASE)


def link_count(html: str) -> int:
    """Link start tags as the page writes them (in scripts and comments too). Counted in the
    text, not the tree: a page of 100,000 links costs tens of megabytes to parse."""
    return sum(1 for _ in _LINK_TAG.finditer(html))


def nested_deeper_than(root, levels: int) -> bool:
    """True when some element sits more than ``levels`` elements below the root. One XPath
    step per level, each over the elements of one level: linear in the page's size."""
    return bool(root.xpath("/".join(["*"] * (levels + 1))))


def page_refusal(html: str, max_links: int, max_nesting: int) -> str | None:
    """"too_many_links" or "too_deep" when the page is beyond a bound (0 turns a bound off),
    else None. Unparseable or empty pages pass: extraction reads them as empty."""
    if max_links and link_count(html) > max_links:
        return "too_many_links"
    root = html_root(html) if max_nesting else None
    if root is not None and nested_deeper_than(root, min(max_nesting, PARSER_NESTING_CUTOFF - 1)):
        return "too_deep"
    return None
