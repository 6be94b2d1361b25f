"""Page extraction: plain functions from (html, url) to the contract's clinic record.

``page_partials`` reads one page into two partial records (what its schema.org data states, what
its visible text states); ``combine`` (in ``record``) merges the partials of one page or of a
whole site; ``page_record`` is both for one page. Nothing here fetches, writes or needs a running
crawler, so tests call it on saved pages.
"""
from __future__ import annotations

from clinics.vocab import TRI_STATE_FIELDS
from crawler.extract import contact, evidence, prose
from crawler.extract.claims import (in_own_voice, named_as_subject, offered_in_post,
                                    sole_treatments)
from crawler.extract.contact import to_e164
from crawler.extract.insurance import read_insurance
from crawler.extract.naming import located_name, page_name
from crawler.extract.page import Page, parse, split_sentences
from crawler.extract.people import people_in_lines, staff_credentials
from crawler.extract.price import session_price_stated
from crawler.extract.record import combine, empty_record, split_locations
from crawler.extract.reviews import reviews_on_page, stated_aggregate
from crawler.extract.statements import Statement, statements
from crawler.extract.structured import structured_facts

__all__ = ["page_record", "page_partials", "combine", "empty_record", "is_clinic",
           "reviews_on_page", "split_locations", "prose_facts", "parse", "Page"]


def _tel_link(page: Page) -> str | None:
    """A "Call now" button's number, for pages that never write the number out."""
    for link in page.root.xpath("//a[starts-with(normalize-space(@href), 'tel:')]"):
        label = f"{link.text_content()} {link.get('aria-label') or ''}".lower()
        if "fax" not in label and (phone := to_e164(link.get("href").split(":", 1)[1])):
            return phone
    return None


def _phone(page: Page, lines: list, locations: list[dict]) -> str | None:
    """The page's phone; on a multi-location page only a number that is no location's own,
    or the one number every location shares."""
    theirs = {place["phone"] for place in locations}
    phones = [phone for _, phone in contact.phones_in_lines(lines) if phone not in theirs]
    if phones:
        return phones[0]
    if len(theirs) == 1 and None not in theirs:
        return next(iter(theirs))
    return None if locations else _tel_link(page)


def _contact_lines(page: Page) -> list:
    """The clinic's own lines; when they give no phone or address (broken HTML can swallow a
    contact block into an unclosed quote), the quoted lines too, never a blog post's or another
    location's."""
    own = page.own_lines
    if contact.phones_in_lines(own) and contact.addresses_in_lines(own):
        return own
    return [line for line in page.lines
            if line.zone not in ("post", "elsewhere") and line.kind != "image"]


def _contact_facts(page: Page) -> dict:
    lines = _contact_lines(page)
    locations = contact.locations_in_lines(lines)
    address = contact.address_on_page(lines)
    towns = [] if locations or address else contact.towns_in_lines(lines)
    if not (address or locations or towns):
        address = (contact.city_on_page(lines) or contact.town_with_zip(lines)
                   or contact.city_in_prose(lines))
    address = address or {}
    places = locations or towns
    states = {place.get("state") for place in places}
    if len(places) > 1 and len(states) == 1 and None not in states and not address.get("state"):
        # Offices all in one state place the practice in it ("Kaysville, UT · Bountiful, UT").
        address = {**address, "state": states.pop()}
    if country := contact.foreign_address(lines):
        address = {**address, "country": country}
    return {"phone": _phone(page, lines, locations), "hours": contact.hours_in_lines(lines),
            "locations": locations or towns, **address,
            **(contact.geo_in_meta(page.meta) or contact.geo_in_lines(lines))}


def _offered_in_post(page: Page, name: str | None) -> list[Statement]:
    """The care the clinic says it gives in the body of a post on its own site ("IV infusion
    therapy, the treatment we offer at Central Florida Ketamine"). What a post says of
    payment stays the post's: it is often about plans and rules in general."""
    if not page.post:
        return []
    posted = named_as_subject(statements(page.lines, zone="post"), name)
    return [statement for statement in posted if offered_in_post(statement)]


def prose_facts(page: Page) -> dict:
    """What the visible page states, markup aside, each fact with the sentence that states it."""
    said = statements(page.lines)
    contact_facts = _contact_facts(page)
    reviews = reviews_on_page(page)
    rating, review_count = stated_aggregate(page)
    facts = {
        "name": page_name(page, contact_facts.get("city")),
        "website": page.meta.get("canonical") or page.meta.get("og:url"),
        "description": page.meta.get("description") or page.meta.get("og:description"),
        **contact_facts,
        "practitioners": people_in_lines(page.own_lines), "reviews": reviews,
        "rating": rating, "review_count": review_count if rating is not None else None,
    }
    found: dict = {}
    said = named_as_subject(said, facts["name"])
    if page.article:
        # An article discusses care and its cost in general; only the clinic's own voice in
        # it says what this clinic gives, takes or charges.
        said = [statement for statement in said if in_own_voice(statement)]
    facts.update(_offerings(said + _offered_in_post(page, facts["name"]), page.url, found,
                            _summary(page, facts.get("description"))))
    facts.update(_payment(said, page.url, found))
    evidence.credentials(found, page.url, facts["practitioners"], page.texts)
    facts["staff_credentials"] = _staff(said, page.url, found)
    facts = {key: value for key, value in facts.items() if value not in (None, [], "", "unknown")}
    return {**facts, "evidence": found} if found else facts


def _summary(page: Page, description: str | None) -> list[Statement]:
    """The page's own summary of itself (its meta description), read like a sentence of it
    for the illnesses it names: "Ketamine infusions for depression, anxiety and PTSD in
    Charleston". An article's summary describes the article, not the clinic; the treatments a
    summary names may be ones it compares or prices, so only the page's text offers them."""
    if not description or page.article:
        return []
    return [Statement(sentence, quote=sentence) for sentence in split_sentences(description)]


def _offerings(said: list, url: str, found: dict, summary: list[Statement]) -> dict:
    facts: dict = {}
    for field in ("treatments", "conditions"):
        stated = prose.supported(field, said + summary if field == "conditions" else said)
        if field == "treatments" and "iv_ketamine" not in stated:
            if (implied := prose.implied_infusion(said)) is not None:
                stated["iv_ketamine"] = implied
        if field == "treatments" and (sole := sole_treatments(said)) is not None:
            stated = {token: statement for token, statement in stated.items() if token in sole}
        for token, statement in stated.items():
            evidence.add(found, field, url, statement, token)
        facts[field] = list(stated)
    for fact in TRI_STATE_FIELDS:
        facts[fact], statement = prose.tri_state_stated(fact, said)
        if facts[fact] is not None:
            evidence.add(found, fact, url, statement)
    return facts


def _staff(said: list, url: str, found: dict) -> list[str]:
    """Credentials the clinic gives its staff as a whole, each with the sentence that gives it."""
    tokens: list[str] = []
    for statement in said:
        for token in staff_credentials(statement.text):
            if token not in tokens:
                tokens.append(token)
                evidence.add(found, "credentials", url, statement, token)
    return tokens


def _payment(said: list, url: str, found: dict) -> dict:
    """Insurance, superbills and the session price, as the clinic's statements give them."""
    reading = read_insurance(said)
    facts = {"insurance_accepted": reading.verdict, "insurers": [], "insurance_treatments": []}
    for statement in reading.because:
        evidence.add(found, "insurance_accepted", url, statement)
    if reading.verdict == "yes":
        for token, statement in reading.insurers.items():
            facts["insurers"].append(token)
            evidence.add(found, "insurers", url, statement, token)
        for token, statement in reading.treatments().items():
            facts["insurance_treatments"].append(token)
            evidence.add(found, "insurance_treatments", url, statement, token)
    superbill = reading.superbill or reading.superbill_denied
    if superbill is not None:
        facts["superbill"] = reading.superbill is not None
        evidence.add(found, "superbill", url, superbill)
    low, high, sources = session_price_stated(said)
    facts.update(price_min_usd=low, price_max_usd=high)
    for field, amount in (("price_min_usd", low), ("price_max_usd", high)):
        if amount is not None:
            evidence.add(found, field, url, sources.get(amount))
    return facts


def page_partials(document: str | bytes | Page, url: str) -> list[dict]:
    """[structured data facts, visible text facts] of one page, structured data first.
    ``document``: the page's HTML, or the ``Page`` that ``parse`` made of it."""
    page = document if isinstance(document, Page) else parse(document, url)
    if page.root is None:
        return []
    structured = structured_facts(page.html, url, page.root)
    visible = prose_facts(page)
    if located := located_name(structured.get("name"), page,
                               structured.get("city") or visible.get("city")):
        # The schema.org data names the brand; this page is one of its locations.
        structured["name"] = located
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
    """A page speaks for a clinic when it names one and gives a phone number, a ZIP code or
    several locations."""
    return bool(record.get("name") and (record.get("phone") or record.get("postal_code")
                                        or record.get("locations")))
