"""Page style "microdata": a site-builder home page marked up with schema.org microdata only.

One ``itemscope`` MedicalClinic holds the name, url, description, PostalAddress, telephone,
openingHours, availableService, priceRange, isAcceptingNewPatients, employees as Person items
(honorificPrefix, name, honorificSuffix, jobTitle) and reviews with their ratings; there is no
JSON-LD. Insurance and payment facts are only in the visible prose.
"""
from __future__ import annotations

import random

from clinics.vocab import label
from sample_web import blocks, phrasing, staff
from sample_web import html as h
from sample_web.facts import SampleClinic
from sample_web.statements import phone_display

SCHEMA = "https://schema.org/"


def _scope(kind: str, prop: str | None = None, tag: str = "div") -> str:
    prop_attr = f' itemprop="{prop}"' if prop else ""
    return f'<{tag}{prop_attr} itemscope itemtype="{SCHEMA}{kind}">'


def _address(r: dict) -> str:
    return (_scope("PostalAddress", "address", "p")
            + f'<span itemprop="streetAddress">{h.esc(r["street"])}</span><br>\n'
            f'<span itemprop="addressLocality">{h.esc(r["city"])}</span>, '
            f'<span itemprop="addressRegion">{h.esc(r["state"])}</span> '
            f'<span itemprop="postalCode">{h.esc(r["postal_code"])}</span></p>')


def _person(person: dict) -> str:
    parts = [_scope("Person", "employee", "li")]
    if staff.honorific(person):
        parts.append('<span itemprop="honorificPrefix">Dr.</span> ')
    parts.append(f'<span itemprop="name">{h.esc(person["name"])}</span>, '
                 f'<span itemprop="honorificSuffix">{h.esc(staff.degrees(person))}</span>')
    for title in staff.boards(person):
        parts.append(f', <span itemprop="jobTitle">{h.esc(title)}</span>')
    if person["npi_stated"]:
        parts.append(f' &middot; NPI <span itemprop="identifier">{h.esc(person["npi"])}</span>')
    parts.append("</li>")
    return "".join(parts)


def _review(review: dict, date_style: str) -> str:
    return (_scope("Review", "review")
            + f'\n<p itemprop="reviewBody">{h.esc(review["text"])}</p>\n<p>'
            + _scope("Rating", "reviewRating", "span")
            + f'<meta itemprop="ratingValue" content="{review["rating"]}">'
            f'<meta itemprop="bestRating" content="5">{h.stars(review["rating"])}</span> '
            f'by <span itemprop="author">{h.esc(review["author"])}</span> on '
            f'<time itemprop="datePublished" datetime="{review["published"]}">'
            f'{h.esc(h.date_text(review["published"], date_style))}</time></p>\n</div>')


def _aggregate(r: dict) -> str:
    if not r["reviews"]:
        return ""
    return (_scope("AggregateRating", "aggregateRating", "p")
            + f'Rated <span itemprop="ratingValue">{r["rating"]}</span> out of '
            f'<span itemprop="bestRating">5</span> by '
            f'<span itemprop="reviewCount">{r["review_count"]}</span> patients</p>')


def _services(r: dict) -> str:
    items = [_scope("MedicalTherapy", "availableService", "li")
             + f'<span itemprop="name">{h.esc(label("treatments", t))}</span></li>'
             for t in r["treatments"]]
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def render(clinic: SampleClinic, base_url: str) -> dict[str, str]:
    """{path: html}: the home page only."""
    r, rng = clinic.record, random.Random(clinic.page_key)
    root = clinic.site_root
    phone = phone_display(r["phone"], rng)
    facts = [f'<link itemprop="url" href="{h.esc(base_url + root)}">']
    facts += [f'<meta itemprop="openingHours" content="{h.esc(line)}">'
              for line in clinic.opening_hours]
    if blocks.price_range(r):
        facts.append(f'<meta itemprop="priceRange" content="{h.esc(blocks.price_range(r))}">')
    if r["accepting_new_patients"] is not None:
        value = "true" if r["accepting_new_patients"] else "false"
        facts.append(f'<meta itemprop="isAcceptingNewPatients" content="{value}">')
    hours = f"<p>Open {h.esc(r['hours'])}</p>" if r["hours"] else ""
    inner = [
        _scope("MedicalClinic"), *facts,
        f'<p class="name"><strong itemprop="name">{h.esc(r["name"])}</strong></p>',
        f'<p itemprop="description">{h.esc(r["description"])}</p>',
        h.section("Services", _services(r) + "\n" + h.paragraphs(phrasing.services(r, rng))),
        h.section("Fees and insurance", h.paragraphs(phrasing.payment(r, rng), together=True)),
        h.section("Good to know", h.paragraphs(phrasing.visit(r, rng))),
        h.section("Our clinicians", "<ul>\n" + "\n".join(_person(p) for p in r["practitioners"])
                  + "\n</ul>"),
        h.section("Patient stories", _aggregate(r) + "\n" + "\n".join(
            _review(x, rng.choice(h.DATE_FORMATS)) for x in r["reviews"]) if r["reviews"] else ""),
        h.section("Location", _address(r) + "\n"
                  + f'<p>Tel: <span itemprop="telephone">{h.esc(phone)}</span></p>\n' + hours),
        "</div>",
    ]
    page = h.site_page(r["name"], r["name"], [(root, "Home")], inner,
                       footer=blocks.footer(r, root, rng), description=r["description"])
    return {root: page}
