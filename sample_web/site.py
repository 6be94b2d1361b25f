"""The whole sample web as a map from path to response, built once per server start.

Layout: ``/`` links every clinic site; each site lives under ``/sites/<slug>/``; ``/robots.txt``
forbids ``/staff-only/``, where a page that looks like one more clinic waits to catch a crawler
that ignores robots.txt. Some index links omit the trailing slash and are answered with a
redirect. A new page style only needs a ``render(clinic, base_url) -> {path: html}`` in STYLES.
"""
from __future__ import annotations

from dataclasses import dataclass

from sample_web import html as h
from sample_web import style_jsonld, style_prose
from sample_web.facts import SampleClinic, generate

STYLES = {"jsonld": style_jsonld.render, "prose": style_prose.render}
ROBOTS_TXT = "User-agent: *\nDisallow: /staff-only/\n"
HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    location: str | None = None


def _index(clinics: list[SampleClinic]) -> str:
    items = []
    for number, clinic in enumerate(clinics):
        href = clinic.record["website"]
        href = href.rstrip("/") if number % 7 == 3 else href
        r = clinic.record
        items.append(f'<li><a href="{h.esc(href)}">{h.esc(r["name"])}</a> '
                     f'({h.esc(r["city"])}, {h.esc(r["state"])})</li>')
    body = ("<header><h1>Sample web of invented clinics</h1></header>\n<main>\n"
            "<p>Every clinic below is invented. The sites exist to test the directory's crawler.</p>\n"
            "<ul>\n" + "\n".join(items) + "\n</ul>\n"
            '<p><a href="/staff-only/">Staff area</a></p>\n</main>')
    return h.document("Sample web of invented clinics", body)


def _staff_only() -> str:
    body = ("<h1>Hidden Test Clinic</h1><p>Phone: (410) 555-0999</p>"
            "<address>1 Forbidden Way<br>Baltimore, MD 21201</address>")
    return h.document("Hidden Test Clinic", body)


def _not_found() -> Response:
    page = h.document("Not found", "<h1>Not found</h1><p>No such page on the sample web.</p>")
    return Response(404, HTML, page.encode())


def build(seed: int, base_url: str) -> dict[str, Response]:
    """Every path the server answers, for one seed and the base URL it is served at."""
    clinics = generate(seed)
    routes = {"/": Response(200, HTML, _index(clinics).encode()),
              "/robots.txt": Response(200, "text/plain; charset=utf-8", ROBOTS_TXT.encode()),
              "/staff-only/": Response(200, HTML, _staff_only().encode())}
    for clinic in clinics:
        for path, page in STYLES[clinic.style](clinic, base_url.rstrip("/")).items():
            routes[path] = Response(200, HTML, page.encode())
        root = clinic.record["website"]
        routes[root.rstrip("/")] = Response(301, HTML, b"", location=root)
    return routes


def lookup(routes: dict[str, Response], path: str) -> Response:
    """The response for a request path (query and fragment ignored); a 404 page when unknown."""
    bare = path.split("?", 1)[0].split("#", 1)[0] or "/"
    return routes.get(bare) or _not_found()
