"""Page blocks the newer clinic styles share: contact details, team, testimonials, footer."""
from __future__ import annotations

import random

from sample_web import html as h
from sample_web import staff
from sample_web.statements import phone_display

DAY_NAMES = {"Mo": "Monday", "Tu": "Tuesday", "We": "Wednesday", "Th": "Thursday",
             "Fr": "Friday", "Sa": "Saturday", "Su": "Sunday"}
DAY_ORDER = list(DAY_NAMES)


def contact(record: dict, rng: random.Random) -> str:
    """Address, phone and hours, laid out one of a few ways."""
    phone = phone_display(record["phone"], rng)
    tel = f'<a href="tel:{h.esc(record["phone"])}">{h.esc(phone)}</a>'
    if rng.random() < 0.5:
        parts = [h.address_block(record), f"<p>Phone: {tel}</p>"]
    else:
        parts = [f"<p>{h.esc(h.address_line(record))}</p>", f"<p>Call {tel} to book.</p>"]
    if record["hours"]:
        parts.append(f"<p>Hours: {h.esc(record['hours'])}</p>")
    return "\n".join(parts)


def team(practitioners: list[dict], where: dict[str, str] | None = None) -> str:
    """One entry per person: credentials line, board certification, NPI, and (for a chain's team
    page) the locations where the person sees patients."""
    items = []
    for person in practitioners:
        text, bio = staff.line(person)
        parts = [f"<h3>{h.esc(text)}</h3>"]
        if bio:
            parts.append(f"<p>{h.esc(bio)}</p>")
        if person["npi_stated"]:
            parts.append(f'<p class="npi">NPI: {h.esc(person["npi"])}</p>')
        if where and person["name"] in where:
            parts.append(f"<p>Sees patients at: {h.esc(where[person['name']])}</p>")
        items.append('<div class="team-member">\n' + "\n".join(parts) + "\n</div>")
    return "\n".join(items)


def testimonials(reviews: list[dict], date_style: str) -> str:
    """Testimonials with a star widget, the author and an absolute date."""
    blocks = []
    for review in reviews:
        label = f"{review['rating']} out of 5 stars"
        blocks.append(
            f'<blockquote class="testimonial">\n<p>{h.esc(review["text"])}</p>\n'
            f'<footer><span class="stars" aria-label="{label}">{h.stars(review["rating"])}</span> '
            f'&mdash; {h.esc(review["author"])}, '
            f'<time datetime="{review["published"]}">'
            f'{h.esc(h.date_text(review["published"], date_style))}</time></footer>\n</blockquote>')
    return "\n".join(blocks)


def footer(record: dict, root: str, rng: random.Random) -> str:
    """Name, address, phone and a link to the site's home on every page of a site."""
    phone = phone_display(record["phone"], rng)
    return (f"<p>{h.link(root, record['name'])} &middot; {h.esc(h.address_line(record))} "
            f"&middot; {h.esc(phone)}</p>")


def opening_hours_specification(lines: list[str]) -> list[dict]:
    """schema.org OpeningHoursSpecification nodes for lines like 'Mo-Fr 09:00-17:00'."""
    nodes = []
    for line in lines:
        days, times = line.split(" ")
        first, _, last = days.partition("-")
        span = DAY_ORDER[DAY_ORDER.index(first):DAY_ORDER.index(last or first) + 1]
        opens, closes = times.split("-")
        days = [DAY_NAMES[d] for d in span]
        nodes.append({"@type": "OpeningHoursSpecification",
                      "dayOfWeek": days if len(days) > 1 else days[0],
                      "opens": opens, "closes": closes})
    return nodes


def price_range(record: dict) -> str | None:
    """schema.org priceRange of one session, only when both ends are known."""
    low, high = record["price_min_usd"], record["price_max_usd"]
    if low is None or high is None:
        return None
    return f"${low}" if low == high else f"${low}-${high}"
