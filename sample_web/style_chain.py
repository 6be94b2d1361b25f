"""Page style "chain": one brand's site with several locations.

The root lists the locations; each location page (``locations/<city>/``) has its own name,
address, phone, hours, whether it takes new patients, its team and reviews, and a small JSON-LD
MedicalClinic with ``parentOrganization``. Services and prices (``services/``), insurance and
payment (``insurance/``) and the whole team with where each person works (``team/``) are shared
pages that hold for every location. Shared pages list every location's address and phone in the
footer, so none of them names one phone as the brand's.
"""
from __future__ import annotations

import random

from sample_web import blocks, phrasing
from sample_web import html as h
from sample_web.facts import Chain, SampleClinic
from sample_web.statements import phone_display

SHARED = (("services/", "Services and prices"), ("insurance/", "Insurance"), ("team/", "Our team"))


def _location_node(clinic: SampleClinic, base_url: str) -> dict:
    r = clinic.record
    node = {
        "@context": "https://schema.org", "@type": "MedicalClinic", "name": r["name"],
        "url": base_url + r["website"], "telephone": r["phone"],
        "parentOrganization": {"@type": "Organization", "name": clinic.chain.brand,
                               "url": base_url + clinic.site_root},
        "address": {"@type": "PostalAddress", "streetAddress": r["street"],
                    "addressLocality": r["city"], "addressRegion": r["state"],
                    "postalCode": r["postal_code"], "addressCountry": "US"},
        "geo": {"@type": "GeoCoordinates", "latitude": r["lat"], "longitude": r["lon"]},
    }
    if clinic.opening_hours:
        node["openingHours"] = clinic.opening_hours
    if r["accepting_new_patients"] is not None:
        node["isAcceptingNewPatients"] = r["accepting_new_patients"]
    return node


def _footer(chain: Chain, rng: random.Random) -> str:
    lines = [f"<li>{h.link(c.record['website'], c.record['name'])}: "
             f"{h.esc(h.address_line(c.record))} &middot; "
             f"{h.esc(phone_display(c.record['phone'], rng))}</li>" for c in chain.locations]
    return (f"<p>{h.link(chain.locations[0].site_root, chain.brand)} locations:</p>\n"
            "<ul>\n" + "\n".join(lines) + "\n</ul>")


def _location(clinic: SampleClinic, base_url: str, links: list, footer: str) -> str:
    r, rng = clinic.record, random.Random(clinic.page_key)
    team = "<ul>\n" + "\n".join(f"<li>{h.esc(p['name'])}</li>" for p in r["practitioners"]) + \
        "\n</ul>\n<p>" + h.link(clinic.site_root + "team/", "Credentials of our team") + "</p>"
    inner = [
        f"<p>{h.esc(r['description'])}</p>",
        h.section("Contact this location", blocks.contact(r, rng)),
        h.section("New patients", h.paragraphs(
            phrasing.tri_state(r, rng, ("accepting_new_patients",)))),
        h.section("Clinicians at this location", team),
        h.section("Patient reviews", blocks.testimonials(r["reviews"], rng.choice(h.DATE_FORMATS))),
    ]
    return h.site_page(r["name"], r["name"], links, inner, footer=footer,
                       head=h.json_ld(_location_node(clinic, base_url)),
                       description=r["description"], canonical=base_url + r["website"])


def _where(chain: Chain) -> dict[str, str]:
    places: dict[str, list[str]] = {}
    for clinic in chain.locations:
        for person in clinic.record["practitioners"]:
            places.setdefault(person["name"], []).append(clinic.record["city"])
    return {name: " and ".join(cities) for name, cities in places.items()}


def _team(chain: Chain) -> list[dict]:
    seen: dict[str, dict] = {}
    for clinic in chain.locations:
        for person in clinic.record["practitioners"]:
            seen.setdefault(person["name"], person)
    return list(seen.values())


def render(chain: Chain, base_url: str) -> dict[str, str]:
    """{path: html}: root, shared pages and one page per location."""
    first = chain.locations[0]
    r, rng = first.record, random.Random(f"{first.page_key}:chain")
    root = first.site_root
    links = [(root, "Home")] + [(root + path, text) for path, text in SHARED]
    footer = _footer(chain, rng)
    states = sorted({c.record["state"] for c in chain.locations})
    listing = "<ul>\n" + "\n".join(
        f"<li>{h.link(c.record['website'], c.record['name'])} ({h.esc(c.record['city'])}, "
        f"{h.esc(c.record['state'])})</li>" for c in chain.locations) + "\n</ul>"
    home = [f"<p>{h.esc(chain.brand)} has {len(chain.locations)} locations in "
            f"{h.esc(', '.join(states))}. One team, one standard of care.</p>",
            h.section("Our locations", listing)]
    services = (phrasing.services(r, rng) + phrasing.price(r, rng)
                + phrasing.tri_state(r, rng, ("free_consultation", "aftercare", "telehealth")))
    insurance = (phrasing.insurance(r, rng)
                 + phrasing.tri_state(r, rng, ("sliding_scale", "payment_plans")))
    shared_note = "<p>These apply at every one of our locations.</p>"
    pages = {
        root: h.site_page(chain.brand, chain.brand, links, home, footer=footer),
        root + "services/": h.site_page(f"Services - {chain.brand}", "Services and prices", links,
                                        [shared_note, h.paragraphs(services)], footer=footer),
        root + "insurance/": h.site_page(
            f"Insurance - {chain.brand}", "Insurance and payment", links,
            [shared_note, h.paragraphs(insurance or ["Call any location about billing."])],
            footer=footer),
        root + "team/": h.site_page(f"Team - {chain.brand}", "Our team", links,
                                    [blocks.team(_team(chain), _where(chain))], footer=footer),
    }
    for clinic in chain.locations:
        pages[clinic.record["website"]] = _location(clinic, base_url, links, footer)
    return pages
