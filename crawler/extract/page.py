"""A parsed page: its visible text as lines and sentences, plus its head metadata.

Markup never leaves this module: callers get plain strings. Scripts, styles, navigation and
quoted reviews are left out of the text, because a review that mentions "anxiety" says nothing
about what the clinic treats.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

BLOCK_TAGS = (
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "address", "section",
    "article", "header", "footer", "main", "aside", "table", "tr", "td", "th", "dd", "dt",
    "blockquote", "figcaption", "title",
)
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "head")
REVIEW_XPATH = ("//blockquote | //*[contains(concat(' ', normalize-space(@class), ' '), ' review ')]"
                " | //*[contains(@class, 'testimonial')]")
_ABBREVIATIONS = r"(?<!\bDr\.)(?<!\bSt\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bAve\.)(?<!\bNo\.)"
_SENTENCE_END = re.compile(_ABBREVIATIONS + r"(?<=[.!?;])\s+")
_SPACE = re.compile(r"\s+")


@dataclass
class Page:
    """Plain-text view of one HTML page; ``root`` is the untouched tree (None for junk input)."""

    html: str
    url: str
    root: lxml.html.HtmlElement | None
    lines: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def sentences(self) -> list[str]:
        """Sentences of the visible text; a semicolon also ends one (it joins separate facts)."""
        out: list[str] = []
        for line in self.lines:
            out.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
        return out


def clean(text: str | None) -> str:
    """Whitespace collapsed, ends trimmed; markup-free text stays markup-free."""
    return _SPACE.sub(" ", text or "").strip()


def plain(text: str | None) -> str:
    """Text that may carry markup (a JSON-LD value, an attribute) as plain text."""
    if not text or "<" not in text:
        return clean(text)
    try:
        fragment = lxml.html.fragment_fromstring(text, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return clean(re.sub(r"<[^>]*>", " ", text))
    for node in list(fragment.iter(*INVISIBLE_TAGS)):
        node.drop_tree()
    return clean(fragment.text_content())


def parse(html: str | bytes, url: str) -> Page:
    """Parse HTML leniently; broken or empty input gives a Page with no lines, never an error."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    root = _root(html)
    page = Page(html=html, url=url, root=root)
    if root is not None:
        page.meta = _meta(root)
        page.lines = element_lines(_text_tree(root))
    return page


def _root(html: str):
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except ValueError:
        # A str that still carries an XML encoding declaration must be parsed as bytes.
        try:
            return lxml.html.document_fromstring(html.encode("utf-8"))
        except (lxml.etree.ParserError, ValueError):
            return None
    except lxml.etree.ParserError:
        return None


def element_lines(element) -> list[str]:
    """The visible lines of an element: one per block element or <br>, whitespace collapsed."""
    for block in element.iter(*BLOCK_TAGS, "br"):
        block.tail = "\n" + (block.tail or "")
        if block.tag != "br":
            block.text = "\n" + (block.text or "")
    return [line for line in (clean(raw) for raw in element.text_content().split("\n")) if line]


def _text_tree(root):
    """A copy of the tree without the parts whose words are not the clinic's own statements."""
    tree = lxml.html.document_fromstring(lxml.html.tostring(root))
    for node in tree.xpath(REVIEW_XPATH) + list(tree.iter(*INVISIBLE_TAGS)):
        if node.getparent() is not None:
            node.drop_tree()
    return tree


def _meta(root) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in root.iter("meta"):
        key = (node.get("property") or node.get("name") or "").strip().lower()
        if key and node.get("content") and key not in found:
            found[key] = plain(node.get("content"))
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        found["title"] = clean(title.text_content())
    canonical = root.xpath("//link[@rel='canonical']/@href")
    if canonical:
        found["canonical"] = canonical[0].strip()
    h1 = root.xpath("//h1")
    if h1:
        found["h1"] = clean(h1[0].text_content())
    return found
