"""A parsed page: its visible text as lines that remember where they stood, plus head metadata.

Markup never leaves this module: callers get plain strings. Each line knows its kind (a heading,
a list item or table row, a link or button, an image's alt text, or running text), the headings
of the section it sits in, and its zone: "main" for the clinic's own words, "review" for quoted
patients (a testimonial that mentions anxiety says nothing about what the clinic treats), "post"
for a blog or news article (a post about Medicare's rules is not a statement about insurance the
clinic takes), "elsewhere" for a location page's list of the brand's other locations (their
addresses are not this clinic's).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

BLOCK_TAGS = frozenset((
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "address", "section",
    "article", "header", "footer", "main", "aside", "table", "tr", "dd", "dt", "dl",
    "blockquote", "figcaption", "figure", "title", "summary", "details", "form", "label",
    "button", "hr", "body", "thead", "tbody", "caption", "pre",
))
SECTION_TAGS = frozenset(("section", "article", "aside", "header", "footer", "main"))
HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6, "dt": 7, "summary": 7}
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "head",
                  "select", "option")
REVIEW_XPATH = ("//blockquote | //body//*[contains(@class, 'review')]"
                " | //body//*[contains(@class, 'testimonial')] | //*[contains(@itemtype, '/Review')]"
                " | //*[contains(@typeof, 'Review')]")
_REVIEW_CLASS = re.compile(r"(?<![a-z])(?:reviews?|testimonials?)(?![a-z])", re.IGNORECASE)
_POST_CLASS = re.compile(r"(?<![\w-])(?:post|type-post|blog-post|single-post|news-article)(?![\w-])")
_POST_BODY = re.compile(r"entry-content|post-content|blog-content|article-body")
# Builders' lists of blog teasers: Squarespace summary blocks, WordPress and Elementor post grids.
_POST_LIST = re.compile(r"(?<![\w-])(?:summary-block-collection-type-blog|wp-block-latest-posts"
                        r"|elementor-posts|(?:latest|recent)-posts|blog-(?:list|feed|grid|roll|teasers?))"
                        r"(?![\w-])")
_POST_TYPE = re.compile(r"/(?:BlogPosting|NewsArticle|Article)$")
_JUNK_CLASS = re.compile(r"cookie|gdpr|consent|skip-link|screen-reader-text|sr-only|sponsored"
                         r"|advert|adsbygoogle|ad-slot|related-listings|nearby-clinics",
                         re.IGNORECASE)
REVIEW_HEADING = re.compile(
    r"testimonial|\breviews?\b|what (?:our )?(?:patients|clients|people) (?:say|are saying)"
    r"|patient stories|success stories|kind words|in (?:their|our patients['’]?|our clients['’]?) "
    r"(?:own )?words|(?:patients|clients)['’] words|hear from (?:our )?(?:patients|clients)",
    re.IGNORECASE)
# A paragraph that is one quotation ("“I'd done Spravato for months elsewhere...”"): a patient's
# words, even without a testimonial's markup.
_QUOTED = re.compile(r"^[“\"](?:\S+\s+){5,}[^\s”\"]*[”\"](?:\s*[-–—]\s*[^.!?]{0,60})?$")
BLOG_HEADING = re.compile(
    r"^(?:(?:from|on) (?:our|the) (?:blog|journal)|(?:the |our )?blog|(?:latest|recent) "
    r"(?:from (?:our|the) )?(?:blog|posts?|articles?|journal|news|insights|stories|updates))\b"
    r"|^(?:related|more|other|popular|featured|recommended|similar) (?:blog )?(?:posts?"
    r"|articles?|reading|resources|stories|topics|content|insights|news)\b"
    r"|^(?:you (?:may|might) also (?:like|enjoy)|further reading|keep reading|read next"
    r"|(?:in )?the news|news(?: (?:&|and) (?:events|updates|articles))?|articles?"
    r"|(?:our )?insights|(?:educational )?resources)\s*:?$", re.IGNORECASE)
# Page furniture that builders draw with <div>s: a footer or sidebar starts outside the section
# before it, as <footer> and <aside> do.
_LANDMARK_CLASS = re.compile(r"(?<![a-z])(?:footer|sidebar|widget-area|colophon)(?![a-z])",
                             re.IGNORECASE)
_LANDMARK_ROLES = ("contentinfo", "complementary", "banner")
OTHER_PLACES_HEADING = re.compile(
    r"\b(?:other|more|nearby|additional)\b(?:\s+\S+){0,2}?\s+(?:locations?|offices?|clinics?)\b"
    r"|\balso (?:serving|visit)", re.IGNORECASE)
_ABBREVIATIONS = (r"(?<!\bDr\.)(?<!\bSt\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bAve\.)"
                  r"(?<!\bNo\.)(?<!\bSte\.)(?<!\bBlvd\.)(?<!\bvs\.)(?<!\b[A-Z]\.)(?<!\bMt\.)"
                  r"(?<!\bFt\.)(?<!\bJr\.)(?<!\bSr\.)(?<!\bProf\.)(?<!\be\.g\.)(?<!\bi\.e\.)")
_SENTENCE_END = re.compile(_ABBREVIATIONS + r"(?<=[.!?;])\s+")
_SPACE = re.compile(r"\s+")
# A line drawn as a list item without a list: "✅ Adults living with ...", "• Same-day visits".
_BULLET = re.compile(r"^[✅✔✓☑•▪►➤→*–-]\s")
# A linked heading of this many words is an article's title, not a service's name.
TEASER_TITLE_WORDS = 5
# A teaser's excerpt runs to a line or two between its title and its "Read more".
TEASER_LINES = 3
_READ_MORE = re.compile(r"^(?:read more|continue reading|read (?:the )?(?:full )?(?:article|post"
                        r"|story))\b", re.IGNORECASE)
# A paragraph runs to a few hundred characters; a "line" of a megabyte is a hostile page, and
# everything read from a line is read from its first MAX_LINE_CHARS.
MAX_LINE_CHARS = 5000
# A clinic's page has a few hundred lines; a page of tens of thousands is read in part.
MAX_LINES, TAIL_LINES = 3000, 500


@dataclass(frozen=True)
class Line:
    """One visible line. ``kind``: heading, item, link, image or text; ``zone``: main, review
    or post; ``headings``: the section headings above it, outermost first; ``linked``: all of
    it is a link's text (a heading that is a teaser's title, a menu entry)."""

    text: str
    kind: str = "text"
    headings: tuple[str, ...] = ()
    zone: str = "main"
    linked: bool = False


@dataclass
class Page:
    """Plain-text view of one HTML page; ``root`` is the untouched tree (None for junk input)."""

    html: str
    url: str
    root: lxml.html.HtmlElement | None
    lines: list[Line] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    # A dated article (a blog post, a news item): it discusses care in general, so only the
    # clinic's own voice in it says what the clinic gives.
    article: bool = False
    # The page is itself a blog or news post: its body is read as a post, not as the clinic's
    # own lines.
    post: bool = False

    @property
    def own_lines(self) -> list[Line]:
        """Lines in the clinic's own voice: no quoted reviews, no blog articles."""
        return [line for line in self.lines if line.zone == "main" and line.kind != "image"]

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.own_lines]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


def split_sentences(text: str) -> list[str]:
    """Sentences of one line; a semicolon also ends one (it joins separate facts)."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


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
        return clean(re.sub(r"<[^<>]*>", " ", text))
    for node in list(fragment.iter(*INVISIBLE_TAGS)):
        node.drop_tree()
    return clean(fragment.text_content())


def parse(html: str | bytes, url: str) -> Page:
    """Parse HTML leniently; broken or empty input gives a Page with no lines, never an error."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    root = html_root(html)
    page = Page(html=html, url=url, root=root)
    if root is not None:
        page.meta = _meta(root)
        post_page = is_post_page(root)
        page.lines = _Reader(post_page).read(root)
        page.post = post_page or _titled_by_post(root)
        page.article = is_article(page.meta, url)
    return page


# Where sites keep their posts: "/blog/why-ketamine", "/insights/cost-guide".
_ARTICLE_PATH = re.compile(r"/(?:blogs?|news|insights|articles?|posts?|journal|stories)/[^/?#]")


def is_article(meta: dict[str, str], url: str) -> bool:
    """A blog post or news item, known by its publication date or by where its site keeps it."""
    if meta.get("article:published_time"):
        return True
    return bool(_ARTICLE_PATH.search(urlsplit(url or "").path.lower()))


def html_root(html: str):
    """The lxml tree of a page, or None for empty or unparseable input."""
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


def is_post_page(root) -> bool:
    """A blog or news post: WordPress marks its body, schema.org data types it as an article.
    The class must be WordPress's own "single-post": themes add look-alikes to plain pages
    (Astra's "ast-single-post")."""
    body = root.find(".//body")
    if body is not None and "single-post" in (body.get("class") or "").split():
        return True
    scripts = root.xpath("//script[@type='application/ld+json']/text()")
    return any(re.search(r'"@type"\s*:\s*(?:\[\s*)?"(?:BlogPosting|NewsArticle|Article)"', text)
               for text in scripts)


def _titled_by_post(root) -> bool:
    """The page's title heading sits in a post's body, or the page holds one post and no
    other: the page is that post, not a list of teasers under a title of its own."""
    posts = [node for node in root.iter("article") if _POST_CLASS.search(node.get("class") or "")]
    if len(posts) == 1:
        return True
    titles = root.xpath("//h1")
    if not titles:
        return False
    for ancestor in titles[0].iterancestors():
        classes = ancestor.get("class") or ""
        if (ancestor.tag == "article" and _POST_CLASS.search(classes)) or _POST_BODY.search(classes):
            return True
    return False


def element_lines(element) -> list[str]:
    """The visible lines of one element (a review, an address block), as plain strings."""
    return [line.text for line in _Reader(False).read(element)]


class _Reader:
    """Walks a tree in document order, cutting lines at block elements and <br>."""

    def __init__(self, post_page: bool):
        self.post_page = post_page
        self.lines: list[Line] = []
        self.parts: list[tuple[str, str, str, str]] = []
        self.headings: dict[int, str] = {}
        self.level = 7
        # Headings that are links to an article ("Can Ketamine Help With PTSD?"): a teaser's
        # title, whose excerpt under it speaks for that article, not for this page.
        self.teasers: set[str] = set()

    def read(self, root) -> list[Line]:
        self._walk(root, kind="text", zone="main", in_link="")
        self._flush()
        if len(self.lines) > MAX_LINES:
            # The page's head and its footer, where a clinic's name and contact lines sit.
            return self.lines[:MAX_LINES - TAIL_LINES] + self.lines[-TAIL_LINES:]
        return self.lines

    def _walk(self, node, kind: str, zone: str, in_link: str) -> None:
        """``in_link``: the tag of the link or button the node sits in ("a", "button"), or ""."""
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in INVISIBLE_TAGS or not tag or _is_junk(node):
            return
        kind, zone = self._context(node, tag, kind, zone)
        in_link = in_link or (tag if tag in ("a", "button") else "")
        if tag in BLOCK_TAGS or tag == "br":
            self._flush()
        if tag in ("td", "th") and self.parts:
            self.parts.append((" | ", kind, in_link, zone))
        if tag == "img" and node.get("alt"):
            self._flush()
            self.parts.append((node.get("alt"), "image", "", zone))
            self._flush()
        self.parts.append((node.text or "", kind, in_link, zone))
        outer = self._enter_section(tag if not _is_landmark(node, tag) else "footer")
        for child in node:
            self._walk(child, kind, zone, in_link)
            if child.tail:
                self.parts.append((child.tail, kind, in_link, zone))
        if tag in BLOCK_TAGS:
            self._flush()
        if outer is not None:
            self.headings = outer

    def _enter_section(self, tag: str) -> dict[int, str] | None:
        """A sectioning element scopes the headings inside it; a page's header, footer or
        sidebar also starts outside the section that precedes it."""
        if tag not in SECTION_TAGS:
            return None
        outer = dict(self.headings)
        if tag in ("header", "footer", "aside"):
            self.headings = {k: v for k, v in self.headings.items() if k == 1}
        return outer

    def _context(self, node, tag: str, kind: str, zone: str) -> tuple[str, str]:
        if tag in HEADING_LEVELS or node.get("role") == "heading":
            kind = "heading"
            self.level = HEADING_LEVELS.get(tag) or _aria_level(node)
        elif tag in ("li", "tr") and kind != "heading":
            kind = "item"
        if zone == "main" and _is_review(node, tag):
            zone = "review"
        elif zone == "main" and _is_post(node, tag, self.post_page):
            zone = "post"
        return kind, zone

    def _flush(self) -> None:
        text = clean("".join(part for part, _, _, _ in self.parts))[:MAX_LINE_CHARS]
        parts, self.parts = [p for p in self.parts if p[0].strip()], []
        if not text:
            return
        kinds = {kind for _, kind, _, _ in parts}
        linked = all(link for _, _, link, _ in parts)
        kind = ("image" if "image" in kinds else "heading" if kinds == {"heading"}
                else "link" if linked else "item" if "item" in kinds or _BULLET.match(text)
                else "text")
        headings = tuple(self.headings[level] for level in sorted(self.headings))
        zone = parts[0][3]
        # The page's own title (h1) may be "Reviews of ..."; its sections are what count.
        if zone == "main":
            zone = _section_zone([self.headings[level] for level in self.headings if level > 1],
                                 kind)
        # A heading that toggles an accordion panel is a button, not a link to an article.
        if kind == "heading" and all(link == "a" for _, _, link, _ in parts) \
                and self.level > 1 and _is_teaser_title(text):
            self.teasers.add(text)
            zone = "post" if zone == "main" else zone
        elif zone == "main" and self.teasers.intersection(self.headings.values()):
            zone = "post"
        if zone == "main" and kind in ("text", "item") and _QUOTED.match(text):
            zone = "review"
        self.lines.append(Line(text, kind, headings, zone, linked))
        if kind == "link" and _READ_MORE.match(text):
            self._mark_teaser()
        if kind == "heading":
            self.headings = {k: v for k, v in self.headings.items() if k < self.level}
            self.headings[self.level] = text

    def _mark_teaser(self) -> None:
        """An article title, a line or two of excerpt and "Read more": a teaser, whose words
        speak for the article it links to."""
        above = self.lines[-TEASER_LINES - 2:-1]
        titles = [n for n, line in enumerate(above) if line.kind == "heading"]
        if not titles or not _is_teaser_title(above[titles[-1]].text):
            return
        first = len(self.lines) - 1 - len(above) + titles[-1]
        for n in range(first, len(self.lines) - 1):
            if self.lines[n].zone == "main":
                self.lines[n] = replace(self.lines[n], zone="post")


def _is_landmark(node, tag: str) -> bool:
    return tag == "div" and (node.get("role") in _LANDMARK_ROLES
                             or bool(_LANDMARK_CLASS.search(_classes(node))))


def _is_teaser_title(text: str) -> bool:
    """A linked heading long enough to be an article's title, or a question; a short one
    ("IV Ketamine", "Spravato Treatment") is a service card's link to its own page."""
    return len(text.split()) >= TEASER_TITLE_WORDS or text.rstrip().endswith("?")


def _section_zone(section: list[str], kind: str) -> str:
    """The zone a section's heading gives the clinic's own lines under it: a blog teaser strip
    ("From our blog") is posts, a list of the brand's "Other locations" is elsewhere, a
    "What our patients say" section is reviews."""
    if any(BLOG_HEADING.search(h) for h in section):
        return "post"
    if kind == "heading":
        return "main"
    if any(REVIEW_HEADING.search(h) for h in section):
        return "review"
    if any(OTHER_PLACES_HEADING.search(h) for h in section):
        return "elsewhere"
    return "main"


def _aria_level(node) -> int:
    level = node.get("aria-level") or ""
    return int(level) if level.isdigit() and 1 <= int(level) <= 6 else 7


def _classes(node) -> str:
    return f"{node.get('class') or ''} {node.get('id') or ''}"


def _is_junk(node) -> bool:
    hidden = node.get("hidden") is not None and node.tag != "input" and not _is_panel(node)
    return bool(hidden or _JUNK_CLASS.search(_classes(node)))


def _is_panel(node) -> bool:
    """A collapsed accordion panel: hidden until the button before it opens it. Its words are
    the page's own (an FAQ's answers), unlike text hidden for no one to read."""
    toggle = node.getprevious()
    return toggle is not None and isinstance(toggle.tag, str) and (
        toggle.get("aria-expanded") is not None or bool(toggle.get("aria-controls")))


def _is_review(node, tag: str) -> bool:
    if tag in ("body", "html", "main"):
        return False
    return (tag == "blockquote" or bool(_REVIEW_CLASS.search(_classes(node)))
            or "/Review" in (node.get("itemtype") or "")
            or (node.get("typeof") or "").endswith("Review"))


def _is_post(node, tag: str, post_page: bool) -> bool:
    if tag == "article" and (_POST_CLASS.search(node.get("class") or "") or post_page):
        return True
    if post_page and (tag == "main" or _POST_BODY.search(node.get("class") or "")):
        return True
    return bool(_POST_TYPE.search(node.get("itemtype") or "")
                or _POST_LIST.search(node.get("class") or ""))


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
