"""Page style "malformed": one clinic whose home page is broken HTML with broken JSON-LD.

Tags are left unclosed, a table cell stands outside any table, and the JSON-LD block is cut short
(so it does not parse). What the JSON-LD would have said agrees with the truth; every fact is also
written out in the visible prose, which is what a reader has to rely on.
"""
from __future__ import annotations

import json
import random

from sample_web import blocks, phrasing, staff
from sample_web import html as h
from sample_web.facts import SampleClinic
from sample_web.statements import phone_display


def _broken_json_ld(record: dict, home: str) -> str:
    data = {"@context": "https://schema.org", "@type": "MedicalClinic", "name": record["name"],
            "url": home, "telephone": record["phone"]}
    text = json.dumps(data, indent=1).replace("<", "\\u003c").replace("&", "\\u0026")
    # Cut before the closing brace and leave a dangling comma: not JSON any more.
    return f'<script type="application/ld+json">\n{text[:-2]},\n</script>'


def render(clinic: SampleClinic, base_url: str) -> dict[str, str]:
    """{path: html}: the home page only, deliberately malformed."""
    r, rng = clinic.record, random.Random(clinic.page_key)
    root = clinic.site_root
    phone = phone_display(r["phone"], rng)
    people = "".join(f"<li>{h.esc('; '.join(filter(None, staff.line(p))))}"
                     for p in r["practitioners"])
    sentences = (phrasing.services(r, rng) + phrasing.payment(r, rng) + phrasing.visit(r, rng))
    body = "\n".join((
        f'<div class="wrap"><h1>{h.esc(r["name"])}</h1>',
        f'<nav><a href="{h.esc(root)}">Home</a></nav>',
        f"<div id=content><p>{h.esc(r['description'])}",
        "<p>" + "<p>".join(h.esc(s) for s in sentences),
        f"<h2>Our clinicians</h2><ul>{people}",
        "<h2>Reviews</h2>" + blocks.testimonials(r["reviews"], "long").replace("</blockquote>", ""),
        "<td>Contact</td>",
        f"<p><b>Address: {h.esc(h.address_line(r))}",
        f"<p>Phone: {h.esc(phone)}",
        f"<p>Hours: {h.esc(r['hours'])}" if r["hours"] else "",
        "<div><span>", h.back_to_index(),
    ))
    page = h.document(r["name"], body, head=_broken_json_ld(r, base_url + root),
                      description=r["description"])
    return {root: page}
