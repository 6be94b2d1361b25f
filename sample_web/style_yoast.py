"""Page style "yoast": a WordPress home page whose SEO plugin writes one JSON-LD ``@graph``.

The graph holds WebPage, BreadcrumbList, WebSite, Organization and the clinic node
(MedicalClinic, or ["MedicalBusiness", "MedicalClinic"]) cross-referenced by ``@id``, with
``openingHoursSpecification``, a telephone list, the state sometimes spelled out, and coordinates
sometimes as strings. A clinic without a stated price says ``"priceRange": "$$"``, which is not a
price. Insurance, payment and visit facts are only in the visible prose.
"""
from __future__ import annotations

import random

from clinics.geo import STATE_NAMES
from clinics.vocab import label
from sample_web import blocks, phrasing
from sample_web import html as h
from sample_web.facts import SampleClinic


def _clinic_node(clinic: SampleClinic, home: str, rng: random.Random) -> dict:
    r = clinic.record
    region = STATE_NAMES[r["state"]] if rng.random() < 0.4 else r["state"]
    as_text = rng.random() < 0.5
    node = {
        "@type": rng.choice(("MedicalClinic", ["MedicalBusiness", "MedicalClinic"])),
        "@id": home + "#local-main-place", "name": r["name"], "url": home,
        "description": r["description"],
        "parentOrganization": {"@id": home + "#organization"},
        "telephone": [r["phone"]],
        "address": {"@type": "PostalAddress", "@id": home + "#local-main-place-address",
                    "streetAddress": r["street"], "addressLocality": r["city"],
                    "addressRegion": region, "postalCode": r["postal_code"],
                    "addressCountry": "US"},
        "geo": {"@type": "GeoCoordinates",
                "latitude": str(r["lat"]) if as_text else r["lat"],
                "longitude": str(r["lon"]) if as_text else r["lon"]},
        "availableService": [{"@type": "MedicalTherapy", "name": label("treatments", t)}
                             for t in r["treatments"]],
        "currenciesAccepted": "USD",
    }
    if clinic.opening_hours:
        node["openingHoursSpecification"] = blocks.opening_hours_specification(
            clinic.opening_hours)
    price_range = blocks.price_range(r)
    if price_range or r["price_min_usd"] is None:
        node["priceRange"] = price_range or "$$"
    if r["accepting_new_patients"] is not None:
        node["isAcceptingNewPatients"] = r["accepting_new_patients"]
    return node


def graph(clinic: SampleClinic, home: str, rng: random.Random) -> dict:
    r = clinic.record
    nodes = [
        {"@type": "WebPage", "@id": home, "url": home, "name": f"{r['name']} - Home",
         "isPartOf": {"@id": home + "#website"}, "about": {"@id": home + "#local-main-place"},
         "breadcrumb": {"@id": home + "#breadcrumb"}, "inLanguage": "en-US",
         "datePublished": "2024-02-11T15:04:22+00:00"},
        {"@type": "BreadcrumbList", "@id": home + "#breadcrumb",
         "itemListElement": [{"@type": "ListItem", "position": 1, "name": "Home"}]},
        {"@type": "WebSite", "@id": home + "#website", "url": home, "name": r["name"],
         "publisher": {"@id": home + "#organization"}, "inLanguage": "en-US"},
        {"@type": "Organization", "@id": home + "#organization", "name": r["name"], "url": home,
         "logo": {"@type": "ImageObject", "@id": home + "#logo",
                  "url": home + "wp-content/uploads/logo.png"}},
        _clinic_node(clinic, home, rng),
    ]
    return {"@context": "https://schema.org", "@graph": nodes}


def render(clinic: SampleClinic, base_url: str) -> dict[str, str]:
    """{path: html}: the home page only."""
    r, rng = clinic.record, random.Random(clinic.page_key)
    root = clinic.site_root
    home = base_url + root
    inner = [
        '<article class="page type-page status-publish">',
        '<div class="entry-content">',
        f"<p>{h.esc(r['description'])}</p>",
        h.section("Treatments", h.paragraphs(phrasing.services(r, rng))),
        h.section("Insurance and fees", h.paragraphs(phrasing.payment(r, rng))),
        h.section("Before your first visit", h.paragraphs(phrasing.visit(r, rng))),
        h.section("Meet the team", blocks.team(r["practitioners"])),
        h.section("Testimonials", blocks.testimonials(r["reviews"], rng.choice(h.DATE_FORMATS))),
        h.section("Contact us", blocks.contact(r, rng)),
        "</div>", "</article>",
    ]
    head = ('<link rel="https://api.w.org/" href="' + h.esc(home) + 'wp-json/">\n'
            '<meta name="generator" content="WordPress 6.5">\n'
            + h.json_ld(graph(clinic, home, rng)))
    page = h.site_page(f"{r['name']} - Home", r["name"], [(root, "Home")], inner,
                       footer=blocks.footer(r, root, rng), head=head,
                       description=r["description"], canonical=home, site_name=r["name"])
    return {root: page}
