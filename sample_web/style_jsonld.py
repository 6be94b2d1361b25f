"""Page style "jsonld": one home page with a schema.org MedicalClinic in JSON-LD.

Structured data carries what schema.org can say (address, phone, geo, hours, services, price
range, staff, reviews); the visible prose carries the rest (insurance, sliding scale, conditions).
"""
from __future__ import annotations

import random

from clinics.vocab import label
from sample_web import html as h
from sample_web import statements as say
from sample_web.facts import SampleClinic


def _person(person: dict) -> dict:
    shown = [say.CREDENTIAL_DISPLAY[c] for c in person["credentials"]]
    degrees = [text for text in shown if not text.startswith("board")]
    node = {"@type": "Person", "name": person["name"], "honorificSuffix": ", ".join(degrees)}
    if say.DOCTOR_CREDENTIALS & set(person["credentials"]):
        node["honorificPrefix"] = "Dr."
    titles = [text for text in shown if text.startswith("board")]
    if titles:
        node["jobTitle"] = titles[0][0].upper() + titles[0][1:]
    return node


def _review(review: dict) -> dict:
    return {
        "@type": "Review", "author": {"@type": "Person", "name": review["author"]},
        "reviewRating": {"@type": "Rating", "ratingValue": review["rating"], "bestRating": 5},
        "reviewBody": review["text"], "datePublished": review["published"],
    }


def _price_range(record: dict) -> str | None:
    low, high = record["price_min_usd"], record["price_max_usd"]
    if low is None or high is None:
        return None
    return f"${low}" if low == high else f"${low}-${high}"


def clinic_node(clinic: SampleClinic, home: str) -> dict:
    r = clinic.record
    node = {
        "@context": "https://schema.org", "@type": "MedicalClinic", "@id": home + "#clinic",
        "name": r["name"], "url": home, "description": r["description"],
        "telephone": f"+1-{r['phone'][2:5]}-{r['phone'][5:8]}-{r['phone'][8:]}",
        "address": {"@type": "PostalAddress", "streetAddress": r["street"],
                    "addressLocality": r["city"], "addressRegion": r["state"],
                    "postalCode": r["postal_code"], "addressCountry": "US"},
        "geo": {"@type": "GeoCoordinates", "latitude": r["lat"], "longitude": r["lon"]},
        "availableService": [{"@type": "MedicalTherapy", "name": label("treatments", t)}
                             for t in r["treatments"]],
        "paymentAccepted": "Cash, Credit Card",
        "employee": [_person(p) for p in r["practitioners"]],
    }
    optional = {
        "openingHours": clinic.opening_hours or None, "priceRange": _price_range(r),
        "isAcceptingNewPatients": r["accepting_new_patients"],
        "review": [_review(x) for x in r["reviews"]] or None,
        "aggregateRating": {"@type": "AggregateRating", "ratingValue": r["rating"],
                            "reviewCount": r["review_count"], "bestRating": 5}
        if r["reviews"] else None,
    }
    node.update({key: value for key, value in optional.items() if value is not None})
    return node


def render(clinic: SampleClinic, base_url: str) -> dict[str, str]:
    """{path: html} of the site; this style has only its home page."""
    r, rng = clinic.record, random.Random(clinic.page_key)
    home = base_url + r["website"]
    contact = [h.address_block(r), f"<p>Call us: {h.esc(say.phone_display(r['phone'], rng))}</p>"]
    if r["hours"]:
        contact.append(f"<p>Hours: {h.esc(r['hours'])}</p>")
    body = "\n".join(part for part in (
        f"<header><h1>{h.esc(r['name'])}</h1></header>", "<main>",
        f'<p class="intro">{h.esc(r["description"])}</p>',
        h.section("Services", h.paragraphs(say.service_sentences(r, rng))),
        h.section("Insurance and payment", h.paragraphs(say.payment_sentences(r, rng))),
        h.section("Your visit", h.paragraphs(say.visit_sentences(r, rng), together=True)),
        h.section("Our team", h.bullet_list([say.person_line(p) for p in r["practitioners"]])),
        h.section("Reviews", h.review_quotes(r["reviews"])),
        h.section("Contact", "\n".join(contact)), "</main>", h.back_to_index(),
    ) if part)
    page = h.document(r["name"], body, head=h.json_ld(clinic_node(clinic, home)),
                      description=r["description"], canonical=home)
    return {r["website"]: page}
