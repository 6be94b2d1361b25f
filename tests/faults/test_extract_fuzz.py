"""The extractor bears any page: saved clinic pages, mutated the ways broken and hostile pages
are broken (cut short, blocks repeated, tag soup, long runs of white space or of one
character, bytes that are not UTF-8), give a record without an exception, within 2 s a page."""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract import page_record
from saved_html import saved_pages

URL = "https://clinic.example/"
PAGE_BOUND_S = 2.0
LONG_RUN = 20_000
PAGES = saved_pages()

TAGS = ("div", "p", "span", "a", "li", "ul", "table", "tr", "td", "h1", "h2", "script", "style",
        "address", "blockquote", "section", "footer", "header", "img", "br", "meta", "title",
        "template", "svg", "iframe", "noscript", "button", "form", "select", "option")
SOUP_PIECES = st.one_of(
    st.sampled_from(TAGS).map(lambda tag: f"<{tag}>"),
    st.sampled_from(TAGS).map(lambda tag: f"</{tag}>"),
    st.tuples(st.sampled_from(TAGS), st.sampled_from(("class", "href", "alt", "itemtype", "id",
                                                     "hidden", "role", "aria-level")),
              st.text(max_size=20)).map(lambda t: f'<{t[0]} {t[1]}="{t[2]}">'),
    st.sampled_from(("<!--", "-->", "<![CDATA[", "]]>", "<!doctype html>", "&amp;", "&#x0;",
                     "&nbsp;", "<", ">", '"', "'", "=", "\x00", "\ufeff",
                     '<script type="application/ld+json">{"@type": "MedicalClinic", "name": ',
                     "(410) 555-0100", "$450 per infusion", "Jane Doe, MD, PhD", "★★★★☆",
                     "Baltimore, MD 21201", "We accept Aetna and Cigna.")),
    st.text(max_size=40),
)
# Runs of the characters that make backtracking patterns slow are drawn most often.
RUN_UNITS = st.one_of(
    st.sampled_from((" ", "\t", "\n", "\r\n", "\u00a0", "\u2003", " \n\t ")),
    st.sampled_from(("a", "A", "1", "1,", "1/", "1 ", ".", ",", "-", "<", ">", '"', "“", "$", "★",
                     "\x00", "\x01", "é", "aA", "Ab-", "Ab'", "word ", "Dr. ", "MD, ", "visit ",
                     "“a ", "a, ", "Jo Smith, MD ", "© ", "1.", "$1 ", "and ", "new ")),
    st.characters(),
)
RUN_LENGTHS = st.one_of(st.just(LONG_RUN), st.integers(1, LONG_RUN))


def _at(html: str, fraction: float) -> int:
    return int(len(html) * fraction)


def _in_text(html: str, fraction: float) -> int:
    """A place in the page's text (just after a tag ends), where most insertions are read."""
    at = html.find(">", _at(html, fraction))
    return len(html) if at < 0 else at + 1


@st.composite
def truncated(draw, html: str) -> str:
    return html[:_at(html, draw(st.floats(0, 1)))]


@st.composite
def duplicated(draw, html: str) -> str:
    start = _at(html, draw(st.floats(0, 1)))
    block = html[start:start + draw(st.integers(1, 3000))]
    at = _at(html, draw(st.floats(0, 1)))
    return html[:at] + block * draw(st.integers(2, 30)) + html[at:]


@st.composite
def tag_soup(draw, html: str) -> str:
    soup = "".join(draw(st.lists(SOUP_PIECES, min_size=1, max_size=200)))
    at = _in_text(html, draw(st.floats(0, 1)))
    return html[:at] + soup + html[at:]


@st.composite
def long_run(draw, html: str) -> str:
    unit = draw(RUN_UNITS)
    run = unit * (draw(RUN_LENGTHS) // len(unit) + 1)
    at = _in_text(html, draw(st.floats(0, 1)))
    return html[:at] + run + html[at:]


MUTATIONS = (truncated, duplicated, tag_soup, long_run)


@st.composite
def mutated_pages(draw) -> tuple[str, str | bytes]:
    name, html = draw(st.sampled_from(PAGES))
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        html = draw(mutation(html))
    if draw(st.booleans()):
        return name, html
    # As bytes off the wire: sometimes cut inside a character, or with bytes no UTF-8 has.
    raw = html.encode("utf-8")
    at = _at(raw, draw(st.floats(0, 1)))
    return name, raw[:at] + draw(st.sampled_from((b"", b"\xff\xfe", b"\xc3", b"\x00"))) + raw[at:]


def test_every_saved_page_is_extracted_as_it_is():
    for name, html in PAGES:
        record = page_record(html, URL)
        assert record["website"], name


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_pages())
def test_a_mutated_page_gives_a_record_in_bounded_time(case):
    name, html = case
    started = time.perf_counter()
    record = page_record(html, URL)
    elapsed_s = time.perf_counter() - started
    assert isinstance(record, dict) and record["website"]
    assert elapsed_s < PAGE_BOUND_S, f"{name}: {elapsed_s:.2f} s"
