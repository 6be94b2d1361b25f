"""Page style "prose": plain HTML with no structured data; every fact is only in sentences.

Half of these sites put insurance and prices on a second page, and some link a page that does
not exist (a 404 the crawler must survive). A fax number sometimes follows the phone number.
"""
from __future__ import annotations

import random

from sample_web import html as h
from sample_web import statements as say
from sample_web.facts import SampleClinic


def _nav(root: str, pages: list[tuple[str, str]]) -> str:
    links = [f'<a href="{h.esc(root)}">Home</a>']
    links += [f'<a href="{h.esc(root + path)}">{h.esc(text)}</a>' for path, text in pages]
    return "<nav>" + " | ".join(links) + "</nav>"


def _contact(record: dict, rng: random.Random) -> str:
    phone = say.phone_display(record["phone"], rng)
    if rng.random() < 0.5:
        parts = [h.address_block(record), f"<p>Phone: {h.esc(phone)}</p>"]
    else:
        parts = [f"<p>Visit us at {h.esc(h.address_line(record))}. Call {h.esc(phone)} to book.</p>"]
    if rng.random() < 0.3:
        fax = f"{record['phone'][:-2]}{(int(record['phone'][-2:]) + 37) % 100:02d}"
        parts.append(f"<p>Fax: {h.esc(say.phone_display(fax, rng))}</p>")
    if record["hours"]:
        parts.append(f"<p>Hours: {h.esc(record['hours'])}</p>")
    return "\n".join(parts)


def _team(record: dict, rng: random.Random) -> str:
    lines = [say.person_line(p) for p in record["practitioners"]]
    if rng.random() < 0.5:
        return h.bullet_list(lines)
    return "\n".join(f"<p>{h.esc(line)}.</p>" for line in lines)


def _page(clinic: SampleClinic, heading: str, inner: list[str], nav: str, og: bool) -> str:
    r = clinic.record
    body = "\n".join(part for part in (
        f"<header><h1>{h.esc(heading)}</h1>\n{nav}</header>", "<main>", *inner, "</main>",
        h.back_to_index()) if part)
    title = r["name"] if heading == r["name"] else f"{heading} | {r['name']}"
    return h.document(title, body, description=r["description"],
                      site_name=r["name"] if og else None)


def render(clinic: SampleClinic, base_url: str) -> dict[str, str]:
    """{path: html} of the site: the home page and, for some sites, an insurance page."""
    r, rng = clinic.record, random.Random(clinic.page_key)
    root = r["website"]
    payment = say.payment_sentences(r, rng)
    split = bool(payment) and rng.random() < 0.5
    og = rng.random() < 0.5
    extra = ([("insurance", "Insurance & pricing")] if split else [])
    extra += [("blog", "Blog")] if rng.random() < 0.2 else []
    nav = _nav(root, extra)
    home = [
        f"<p>{h.esc(r['description'])}</p>",
        h.section("What we offer", h.paragraphs(say.service_sentences(r, rng), rng.random() < 0.5)),
        "" if split else h.section("Cost and insurance", h.paragraphs(payment)),
        h.section("Visiting us", h.paragraphs(say.visit_sentences(r, rng))),
        h.section("Our clinicians", _team(r, rng)),
        h.section("What patients say", h.review_quotes(r["reviews"])),
        h.section("Find us", _contact(r, rng)),
    ]
    pages = {root: _page(clinic, r["name"], home, nav, og)}
    if split:
        phone = say.phone_display(r["phone"], rng)
        inner = [h.paragraphs(payment), f"<p>Questions about cost? Call {h.esc(phone)}.</p>"]
        pages[root + "insurance"] = _page(clinic, "Insurance and pricing", inner, nav, og)
    return pages
