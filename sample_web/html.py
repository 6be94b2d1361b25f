"""Small HTML writers shared by every page style.

Every piece of generated text goes through ``esc`` (or ``json_ld`` for script data) before it is
placed in a page, so a clinic name with ``<`` or ``&`` cannot break out of its element.
"""
from __future__ import annotations

import html
import json
from datetime import date

from sample_web.words import DEMO_NOTE


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def json_ld(data: dict) -> str:
    """A JSON-LD script element whose content cannot close the script early."""
    body = json.dumps(data, indent=1, ensure_ascii=False)
    body = body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{body}\n</script>'


def document(title: str, body: str, *, head: str = "", description: str | None = None,
             site_name: str | None = None, canonical: str | None = None) -> str:
    """A whole page; the demo note comes first in the body on every page."""
    meta = [f"<title>{esc(title)}</title>"]
    if description:
        meta.append(f'<meta name="description" content="{esc(description)}">')
    if site_name:
        meta.append(f'<meta property="og:site_name" content="{esc(site_name)}">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{esc(canonical)}">')
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "\n".join(meta) + "\n" + head + "\n</head>\n<body>\n"
        + f'<p class="demo-note" role="note"><strong>{esc(DEMO_NOTE)}</strong></p>\n'
        + body + "\n</body>\n</html>\n"
    )


def paragraphs(sentences: list[str], together: bool = False) -> str:
    if not sentences:
        return ""
    if together:
        return f"<p>{esc(' '.join(sentences))}</p>"
    return "\n".join(f"<p>{esc(sentence)}</p>" for sentence in sentences)


def section(heading: str, inner: str) -> str:
    return f"<section>\n<h2>{esc(heading)}</h2>\n{inner}\n</section>" if inner else ""


def bullet_list(lines: list[str]) -> str:
    return "<ul>\n" + "\n".join(f"<li>{esc(line)}</li>" for line in lines) + "\n</ul>"


def long_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day:%B} {day.day}, {day.year}"


def review_quotes(reviews: list[dict]) -> str:
    """Visible reviews: text, author, 'rated N out of 5' and the date in words."""
    blocks = [
        f'<blockquote class="review">\n<p>{esc(review["text"])}</p>\n'
        f'<footer>&mdash; {esc(review["author"])}, rated {review["rating"]} out of 5, '
        f'{esc(long_date(review["published"]))}</footer>\n</blockquote>'
        for review in reviews
    ]
    return "\n".join(blocks)


def address_block(record: dict) -> str:
    return (f"<address>{esc(record['street'])}<br>\n"
            f"{esc(record['city'])}, {esc(record['state'])} {esc(record['postal_code'])}</address>")


def address_line(record: dict) -> str:
    return f"{record['street']}, {record['city']}, {record['state']} {record['postal_code']}"


def back_to_index() -> str:
    return '<footer><p><a href="/">Back to the index of invented sample clinics</a></p></footer>'
