"""Page extraction: plain functions from (html, url) to the contract's clinic record.

``page_record`` reads one page; ``combine`` (in ``record``) merges the pages of one site. Nothing
here fetches, writes or needs a running crawler, so tests call it on saved pages.
"""
from __future__ import annotations

from clinics.vocab import TRI_STATE_FIELDS
from crawler.extract import contact, prose
from crawler.extract.page import Page, parse
from crawler.extract.people import people_in_lines
from crawler.extract.price import price_in_sentences
from crawler.extract.record import combine, empty_record
from crawler.extract.reviews import reviews_on_page, summary
from crawler.extract.structured import structured_facts

__all__ = ["page_record", "page_partials", "combine", "empty_record", "is_clinic"]


# Longer than any clinic's name: a title that swallowed half a broken page.
MAX_NAME_LENGTH = 150


def _name(page: Page) -> str | None:
    meta = page.meta
    title = (meta.get("title") or "").split(" | ")[0].strip()
    candidates = (meta.get("og:site_name"), meta.get("h1"), title)
    return next((name for name in candidates if name and len(name) <= MAX_NAME_LENGTH), None)


def prose_facts(page: Page) -> dict:
    """What the visible text of the page states."""
    sentences = page.sentences()
    parts = prose.clauses(sentences)
    insurance_accepted, insurers = prose.insurance(parts)
    price_min, price_max = price_in_sentences(sentences)
    reviews = reviews_on_page(page)
    rating, review_count = summary(reviews)
    facts = {
        "name": _name(page), "website": page.meta.get("canonical"),
        "description": page.meta.get("description") or page.meta.get("og:description"),
        "phone": contact.phone_in_text(page.text), "hours": contact.hours_in_lines(page.lines),
        **(contact.address_on_page(page) or {}),
        "treatments": prose.mentioned("treatments", parts),
        "conditions": prose.mentioned("conditions", parts),
        "insurance_accepted": insurance_accepted, "insurers": insurers,
        **{fact: prose.tri_state(fact, parts) for fact in TRI_STATE_FIELDS},
        "price_min_usd": price_min, "price_max_usd": price_max,
        "practitioners": people_in_lines(page.lines), "reviews": reviews,
        "rating": rating, "review_count": review_count,
    }
    return {key: value for key, value in facts.items() if value not in (None, [], "", "unknown")}


def page_partials(html: str | bytes, url: str) -> list[dict]:
    """[structured data facts, visible text facts] of one page, structured data first."""
    page = parse(html, url)
    if page.root is None:
        return []
    structured = structured_facts(page.html, url)
    visible = prose_facts(page)
    if visible.get("hours"):
        # People read the visible hours; openingHours is a machine code saying the same.
        structured.pop("hours", None)
    return [structured, visible]


def page_record(html: str | bytes, url: str) -> dict:
    """The full record one page states; the page's own URL stands in for an unstated website."""
    record = combine(page_partials(html, url))
    record["website"] = record["website"] or url
    return record


def is_clinic(record: dict) -> bool:
    """A page speaks for a clinic when it names one and gives a phone number or a ZIP code."""
    return bool(record.get("name") and (record.get("phone") or record.get("postal_code")))
