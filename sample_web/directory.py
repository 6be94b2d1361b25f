"""The directory site: paginated result pages and one detail page per listed clinic.

``/directory/`` (= ``?page=1``) ... ``/directory/?page=N`` list PAGE_SIZE clinics each, ordered by
state, city and name, with ``rel="next"``/``rel="prev"`` links. ``/directory/listing/<n>/`` shows
the clinic's name (sometimes with ", LLC"), address and phone written differently from the
clinic's own site ("Ste" for "Suite", "St" for "Street", ZIP+4, "410.555.0123"), a "Visit
website" link to the site root, and a subset of the truth's facts: some treatments, some
insurers, the self-pay price per session, the sliding scale. A few listings show a stale phone or
price; the truth lists those under ``conflicts``.
"""
from __future__ import annotations

import math
import random

from clinics.vocab import label
from sample_web import html as h
from sample_web.facts import SampleClinic

PAGE_SIZE = 20
STREET_ABBREVIATIONS = {"Street": "St", "Avenue": "Ave", "Road": "Rd", "Boulevard": "Blvd",
                        "Lane": "Ln", "Drive": "Dr", "Place": "Pl", "Parkway": "Pkwy"}
MISSING_LISTING = "/directory/listing/9999/"


def street_variant(street: str, rng: random.Random) -> str:
    """'1234 Linden Street, Suite 210' as '1234 Linden St Ste 210' or '1234 LINDEN ST., #210'."""
    base, _, suite = street.partition(", Suite ")
    number, name, kind = base.rsplit(" ", 2)
    dot = rng.choice(("", "."))
    text = f"{number} {name} {STREET_ABBREVIATIONS[kind]}{dot}"
    if suite:
        text += rng.choice((f" Ste {suite}", f", Ste. {suite}", f" #{suite}", f", Suite {suite}"))
    return text.upper() if rng.random() < 0.2 else text


def phone_variant(e164: str, rng: random.Random) -> str:
    area, exchange, line = e164[2:5], e164[5:8], e164[8:]
    return rng.choice((f"{area}.{exchange}.{line}", f"({area}) {exchange}-{line}",
                       f"{area}-{exchange}-{line}", f"+1 {area}-{exchange}-{line}"))


def _price(record: dict, stale: dict) -> str | None:
    low, high = stale.get("price_min_usd", record["price_min_usd"]), record["price_max_usd"]
    if low is None:
        return None
    if "price_min_usd" in stale or high is None:
        return f"From ${low:,} per session"
    return f"${low:,} per session" if low == high else f"${low:,}-${high:,} per session"


def _facts(clinic: SampleClinic, rng: random.Random) -> list[tuple[str, str]]:
    r = clinic.record
    shown = [t for t in r["treatments"] if rng.random() < 0.75] or r["treatments"][:1]
    facts = [("Treatments", ", ".join(label("treatments", t) for t in shown))]
    if r["insurance_accepted"] == "no":
        facts.append(("Insurance", "Not accepted (self-pay only)"))
    elif r["insurance_accepted"] == "yes":
        insurers = [i for i in r["insurers"] if rng.random() < 0.7]
        facts.append(("Insurance", "Accepted: " + ", ".join(label("insurers", i) for i in insurers)
                      if insurers else "Accepted"))
    price = _price(r, clinic.stale)
    if price and (rng.random() < 0.7 or "price_min_usd" in clinic.stale):
        facts.append(("Self-pay price", price))
    if r["sliding_scale"] is not None and rng.random() < 0.5:
        facts.append(("Sliding scale", "Yes" if r["sliding_scale"] else "No"))
    return facts


def listing_page(clinic: SampleClinic) -> str:
    r = clinic.record
    rng = random.Random(f"{clinic.page_key}:directory")
    name = r["name"] + rng.choice(("", "", "", "", ", LLC", " PLLC"))
    zip_code = r["postal_code"] + (f"-{rng.randrange(1000, 10000)}" if rng.random() < 0.2 else "")
    phone = phone_variant(clinic.stale.get("phone", r["phone"]), rng)
    facts = "\n".join(f"<dt>{h.esc(k)}</dt><dd>{h.esc(v)}</dd>" for k, v in _facts(clinic, rng))
    body = (f"<header><h1>{h.esc(name)}</h1>\n"
            f'<nav>{h.link("/directory/", "All listings")}</nav></header>\n<main>\n'
            f'<div class="listing">\n<p class="address">{h.esc(street_variant(r["street"], rng))}'
            f"<br>\n{h.esc(r['city'])}, {h.esc(r['state'])} {h.esc(zip_code)}</p>\n"
            f'<p class="phone">Phone: {h.esc(phone)}</p>\n'
            f'<p>{h.link(clinic.site_root, "Visit website", "nofollow")}</p>\n'
            f"<dl>\n{facts}\n</dl>\n</div>\n"
            "<p><small>Listings are supplied by the providers and may be out of date.</small></p>"
            f"\n</main>\n{h.back_to_index()}")
    return h.document(f"{name} - Sample Clinic Directory", body)


def list_page(listed: list[SampleClinic], page: int, pages: int) -> str:
    start = (page - 1) * PAGE_SIZE
    items = "\n".join(
        f"<li>{h.link(f'/directory/listing/{c.directory_number}/', c.record['name'])} "
        f"&ndash; {h.esc(c.record['city'])}, {h.esc(c.record['state'])}</li>"
        for c in listed[start:start + PAGE_SIZE])
    featured = (f'<p>Featured: {h.link(MISSING_LISTING, "A clinic that closed last year")}</p>'
                if page == 1 else "")
    body = ("<header><h1>Sample Clinic Directory</h1></header>\n<main>\n"
            f"<p>Clinics listed in the sample directory, page {page}.</p>\n{featured}\n"
            f'<ol start="{start + 1}">\n{items}\n</ol>\n{h.pager("/directory/", page, pages)}\n'
            f"</main>\n{h.back_to_index()}")
    return h.document(f"Sample Clinic Directory - page {page}", body)


def render(clinics: list[SampleClinic]) -> dict[str, str]:
    """{path or 'path?page=N': html} of the whole directory."""
    listed = sorted((c for c in clinics if c.directory_listed), key=lambda c: c.directory_number)
    pages = math.ceil(len(listed) / PAGE_SIZE)
    routes = {"/directory/": list_page(listed, 1, pages)}
    for page in range(2, pages + 1):
        routes[f"/directory/?page={page}"] = list_page(listed, page, pages)
    for clinic in listed:
        routes[f"/directory/listing/{clinic.directory_number}/"] = listing_page(clinic)
    return routes
