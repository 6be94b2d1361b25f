"""Every pattern that reads scraped text runs in linear time: each input here is what makes a
backtracking pattern of that shape take quadratic (or worse) time, 50,000 characters long.
A linear pattern answers in milliseconds; the bound is loose, and far below the minutes a
quadratic pattern takes at this length. The time measured is this process's CPU time, so that
other work on a shared machine (a test suite running beside it) cannot fail these tests."""
from __future__ import annotations

import json
import time

import pytest

from crawler import links
from crawler.extract import naming, page, page_record, people, reviews
from crawler.extract.page import html_root, is_post_page, plain

LONG = 50_000
BOUND_S = 0.5
PAGE_BOUND_S = 2.0


def _run(text: str, unit: str) -> str:
    return text + (unit * (LONG // len(unit) + 1))[:LONG]


CASES = {
    # "“word word word ..." with no closing quote: the words and the text before the quote
    # could each take the same characters.
    "a quotation that never closes": lambda: page._QUOTED.match(_run("“", "word ")),
    "a quotation closed far from its attribution": lambda: page._QUOTED.match(
        _run("“", "word ") + "” " + _run("", "x ")),
    # A long word with a capital at every other letter: each capital could start a name.
    "capitals inside one long word": lambda: list(people._INLINE_PERSON.finditer(_run("", "aA"))),
    "hyphens and capitals": lambda: list(people._INLINE_PERSON.finditer(_run("", "Ab-"))),
    "apostrophes and capitals": lambda: list(people._INLINE_PERSON.finditer(_run("", "Ab'"))),
    # Raw JSON-LD (honorificSuffix) and raw alt text keep their whitespace runs.
    "a whitespace run in an honorific suffix": lambda: people._SEPARATORS.split(_run("MD", " ")
                                                                              + "x"),
    "a whitespace run in a logo's alt text": lambda: naming._LOGO_WORDS.sub(" ", _run("", " ")
                                                                            + "x"),
    "tabs in a logo's alt text": lambda: naming._LOGO_WORDS.search(_run("", "\t") + "x"),
    # A long run of digits (or digits and commas) before no "reviews".
    "a long number": lambda: reviews._COUNT.search(_run("", "1")),
    "a long list of numbers": lambda: reviews._COUNT.search(_run("", "1,")),
    # An unclosed "<" run in a value that lxml refuses (a control character): the tag pattern.
    "unclosed angle brackets in a refused value": lambda: plain(_run("\x01", "<")),
    # "visit visit visit ..." in a link's text with no "site" after it.
    "a link text of repeated visits": lambda: links.WEBSITE_TEXT.search(_run("", "visit ")),
    # Every "Name Name, MD" in a line asks whether a place word ends the text before it.
    "a line naming thousands of doctors": lambda: people._inline_people(_run("", "Jo Smith, MD ")),
}


@pytest.mark.parametrize("case", CASES)
def test_a_pattern_over_adversarial_text_answers_at_once(case):
    started = time.process_time()
    CASES[case]()
    assert time.process_time() - started < BOUND_S


def test_json_ld_with_a_whitespace_run_after_its_type_is_read_at_once():
    script = '{"@type":' + " " * LONG + "x}"
    root = html_root(f"<html><head><script type='application/ld+json'>{script}</script>"
                     "</head><body><p>Clinic</p></body></html>")
    started = time.process_time()
    assert is_post_page(root) is False
    assert time.process_time() - started < BOUND_S


def test_the_fixed_patterns_still_find_what_they_found():
    assert page._QUOTED.match("“I was skeptical at first but it helped me.” - Jane D")
    assert page._QUOTED.match('"One two three four five six"')
    assert not page._QUOTED.match("“Far too short.”")
    names = [m.group("name") for m in people._INLINE_PERSON.finditer(
        "Led by Maya Ortiz, MD, with Dr. Erin O'Neil-Walsh, CRNA and 'Sam Lee, DO'")]
    assert names == ["Maya Ortiz", "Erin O'Neil-Walsh", "Sam Lee"]
    assert people._SEPARATORS.split("MD, PhD | FAPA - DABPN") == ["MD", "PhD", "FAPA", "DABPN"]
    assert people._SEPARATORS.split("a , ,b") == ["a", "", "b"]
    assert naming._LOGO_WORDS.sub(" ", "Solace Wellness logo").strip() == "Solace Wellness"
    assert naming._LOGO_WORDS.sub(" ", "home  Logo  Acme").strip() == "Acme"
    count = reviews._COUNT.search("4.9 average from 1,234 verified reviews")
    assert count.group(1) == "1,234"
    assert reviews._COUNT.search("Rated 4.8 ★ ,1,200 reviews").group(1) == "1,200"
    assert plain("\x01a <b>bold</b> c") == "\x01a bold c"
    assert links.WEBSITE_TEXT.search("Visit the clinic's official site")
    assert not links.WEBSITE_TEXT.search("Visit us today")
    assert is_post_page(html_root('<script type="application/ld+json">{"@type": [ '
                                  '"BlogPosting"]}</script><p>x</p>'))


def _page_with(value: str) -> str:
    """A page carrying ``value`` where scraped text enters extraction unchanged: the title,
    meta data, JSON-LD, a logo's alt text, headings, paragraphs, a review, an address."""
    data = json.dumps({"@context": "https://schema.org", "@type": "MedicalClinic",
                       "name": value, "description": value, "telephone": value,
                       "address": {"streetAddress": value},
                       "employee": [{"@type": "Person", "name": value,
                                     "honorificSuffix": value, "jobTitle": value}]})
    return (f"<html><head><title>{value}</title><meta name='description' content='{value}'>"
            f"<script type='application/ld+json'>{data}</script></head><body><header>"
            f"<img class='logo' alt='{value}'></header><h1>{value}</h1><p>{value}</p>"
            f"<blockquote class='review'>{value}</blockquote><ul><li>{value}</li></ul>"
            f"<address>{value}</address><footer><p>&copy; 2024 {value}</p></footer></body>"
            "</html>")


@pytest.mark.parametrize("unit", [" ", "\t", "1", "1,", "aA", "Ab-", "“a ", "visit ",
                                  "Jo Smith, MD "])
def test_a_page_full_of_adversarial_text_is_extracted_within_bounds(unit):
    """Ten thousand characters in each of fifteen places: a page of 150 KB of hostile text."""
    html = _page_with(_run("", unit)[:10_000])
    started = time.process_time()
    page_record(html, "https://clinic.example/")
    assert time.process_time() - started < PAGE_BOUND_S


def test_reviews_nested_deep_by_unclosed_tags_are_each_read_once():
    """Broken HTML that never closes its review blocks nests each review inside the one before;
    every element is read once, so forty of them take no longer than forty side by side."""
    review = ('<blockquote class="review"><p>Rated 5 out of 5</p><p>The staff here were kind '
              'and the infusions helped me a great deal.</p><cite>Patient {name}</cite><div>')
    names = [chr(65 + n // 26) + chr(97 + n % 26) for n in range(40)]
    html = "<h1>Reviews</h1>" + "".join(review.format(name=name) for name in names)
    started = time.process_time()
    record = page_record(html, "https://clinic.example/reviews")
    assert time.process_time() - started < PAGE_BOUND_S
    assert [r["author"] for r in record["reviews"]] == [f"Patient {name}" for name in names]
