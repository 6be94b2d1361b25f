"""Page style "multipage": a small practice site whose facts are spread over five pages.

home/ (description, services, conditions, contact, hours, testimonials), team/ (practitioners,
credentials, NPIs), insurance/ (insurance, insurers, sliding scale, payment plans), pricing/
(session prices, packages, free consultation) and faq/ (telehealth, aftercare, new patients as
questions and answers, with FAQPage JSON-LD). No page has clinic markup; every page names the
clinic and gives its address and phone in the footer.
"""
from __future__ import annotations

import random

from sample_web import blocks, phrasing
from sample_web import html as h
from sample_web.facts import SampleClinic

PAGES = (("team/", "Our team"), ("insurance/", "Insurance"), ("pricing/", "Pricing"),
         ("faq/", "FAQ"))
FAQ_FACTS = ("accepting_new_patients", "telehealth", "aftercare")


def _faq(record: dict, rng: random.Random) -> tuple[str, str]:
    pairs = phrasing.faq(record, rng, FAQ_FACTS)
    pairs.append(("How do I book?",
                  "Call us or use the contact details at the bottom of the page."))
    html = "\n".join(f'<div class="faq"><h3>{h.esc(q)}</h3>\n<p>{h.esc(a)}</p></div>'
                     for q, a in pairs)
    data = {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [
        {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}}
        for q, a in pairs]}
    return html, h.json_ld(data)


def _insurance(record: dict, rng: random.Random) -> str:
    sentences = phrasing.insurance(record, rng)
    sentences += phrasing.tri_state(record, rng, ("sliding_scale", "payment_plans"))
    return h.paragraphs(sentences or ["Questions about billing? Call our office."])


def _pricing(record: dict, rng: random.Random) -> str:
    sentences = phrasing.price(record, rng)
    sentences += phrasing.tri_state(record, rng, ("free_consultation",))
    return h.paragraphs(sentences or ["Call us for current prices."])


def render(clinic: SampleClinic, base_url: str, extra_nav: list[tuple[str, str]] = ()
           ) -> dict[str, str]:
    """{path: html}: home, team, insurance, pricing and FAQ pages."""
    r, rng = clinic.record, random.Random(clinic.page_key)
    root = clinic.site_root
    links = [(root, "Home")] + [(root + path, text) for path, text in PAGES] + list(extra_nav)
    footer = blocks.footer(r, root, rng)

    def page(heading: str, inner: list[str], head: str = "") -> str:
        title = r["name"] if heading == r["name"] else f"{heading} - {r['name']}"
        return h.site_page(title, heading, links, inner, footer=footer, head=head,
                           description=r["description"])

    faq_html, faq_data = _faq(r, rng)
    home = [f"<p>{h.esc(r['description'])}</p>",
            h.section("What we offer", h.paragraphs(phrasing.services(r, rng))),
            h.section("Visit us", blocks.contact(r, rng)),
            h.section("Kind words", blocks.testimonials(r["reviews"], rng.choice(h.DATE_FORMATS)))]
    return {
        root: page(r["name"], home),
        root + "team/": page("Our team", [blocks.team(r["practitioners"])]),
        root + "insurance/": page("Insurance and payment", [_insurance(r, rng)]),
        root + "pricing/": page("Pricing", [_pricing(r, rng)]),
        root + "faq/": page("Frequently asked questions", [faq_html], head=faq_data),
    }
