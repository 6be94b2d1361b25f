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


DATE_FORMATS = ("long", "iso", "us", "day_month", "short")


def date_text(iso: str, style: str) -> str:
    """An ISO date written one of the absolute ways real pages write dates."""
    day = date.fromisoformat(iso)
    return {
        "long": f"{day:%B} {day.day}, {day.year}", "iso": iso,
        "us": f"{day.month}/{day.day}/{day.year}", "day_month": f"{day.day} {day:%B} {day.year}",
        "short": f"{day:%b} {day.day}, {day.year}",
    }[style]


def stars(rating: int) -> str:
    """A star widget's text: four of five stars is '★★★★☆'."""
    return "\u2605" * rating + "\u2606" * (5 - rating)


def link(href: str, text: str, rel: str | None = None) -> str:
    rel_attr = f' rel="{esc(rel)}"' if rel else ""
    return f'<a href="{esc(href)}"{rel_attr}>{esc(text)}</a>'


def nav(links: list[tuple[str, str]]) -> str:
    return "<nav>" + " | ".join(link(href, text) for href, text in links) + "</nav>"


def site_page(title: str, heading: str, nav_links: list[tuple[str, str]], inner: list[str], *,
              footer: str = "", head: str = "", description: str | None = None,
              canonical: str | None = None, site_name: str | None = None) -> str:
    """A clinic site's page: header with heading and navigation, main content, site footer."""
    body = "\n".join(part for part in (
        f"<header><h1>{esc(heading)}</h1>\n{nav(nav_links)}</header>", "<main>", *inner,
        "</main>", f"<footer>{footer}</footer>" if footer else "", back_to_index()) if part)
    return document(title, body, head=head, description=description, canonical=canonical,
                    site_name=site_name)


def pager(path: str, page: int, pages: int) -> str:
    """rel=prev/next links of a paginated list; page 1 is the bare path."""
    links = []
    if page > 1:
        previous = path if page == 2 else f"{path}?page={page - 1}"
        links.append(link(previous, "Previous page", "prev"))
    links.append(f"<span>Page {page} of {pages}</span>")
    if page < pages:
        links.append(link(f"{path}?page={page + 1}", "Next page", "next"))
    return '<nav class="pagination">' + " ".join(links) + "</nav>"
