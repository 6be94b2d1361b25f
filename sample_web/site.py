"""The whole sample web as a map from path to response, built once per server start.

Layout:
- ``/`` links every clinic site root (some without the trailing slash, answered with a 301), the
  directory, the review site, the about page, an old URL that redirects, a link that 404s and
  the forbidden ``/staff-only/``; ``/sitemap.xml`` lists the site roots; ``/robots.txt`` forbids
  noise.ROBOTS_DISALLOW and names the sitemap.
- ``/sites/<slug>/...``: one site per brand in the style its clinic drew (facts.STYLES): jsonld,
  prose (home, sometimes ``insurance``), yoast, microdata, malformed (home only), multipage
  (home, ``team/``, ``insurance/``, ``pricing/``, ``faq/``), chain (home, ``services/``,
  ``insurance/``, ``team/``, ``locations/<city>/``).
- ``/directory/...`` (directory.py), ``/reviews/...`` (review_site.py), ``/npi/api/``
  (npi_registry.py), the noise of noise.py, and the hostile pages of hostile.py (``/hostile/``).

Paginated pages are stored as ``"<path>?page=N"`` (page 1 as the bare path); ``lookup`` maps a
request to them, and calls a dynamic route (the NPI registry) with the query string.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable
from urllib.parse import parse_qs

from sample_web import (directory, hostile, noise, npi_registry, review_site, style_chain,
                        style_jsonld, style_malformed, style_microdata, style_multipage, style_prose,
                        style_yoast)
from sample_web import html as h
from sample_web.facts import SampleClinic, generate

HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
JSON = "application/json"
STYLES = {"jsonld": style_jsonld.render, "prose": style_prose.render,
          "yoast": style_yoast.render, "microdata": style_microdata.render,
          "malformed": style_malformed.render}
PAGED = ("/directory/", "/reviews/", "/reviews/clinic/")


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    location: str | None = None
    # Answers 500 to the first request of each server process, then this response.
    flaky: bool = False
    # A route whose answer depends on the query string: called with it.
    answer: Callable[[str], "Response"] | None = None
    # Headers beyond Content-Type (and Content-Length, unless the body is streamed).
    headers: tuple[tuple[str, str], ...] = ()
    # A body made while it is sent, piece by piece, instead of ``body``; without a
    # Content-Length among ``headers`` it ends when the server closes the connection.
    stream: Callable[[], Iterable[bytes]] | None = None


def _page(html: str) -> Response:
    return Response(200, HTML, html.encode())


def _index(clinics: list[SampleClinic], plan: noise.NoisePlan) -> str:
    items, seen = [], set()
    for number, clinic in enumerate(clinics):
        if clinic.site_root in seen:
            continue
        seen.add(clinic.site_root)
        href = clinic.site_root.rstrip("/") if number % 7 == 3 else clinic.site_root
        r = clinic.record
        name = clinic.chain.brand if clinic.chain else r["name"]
        where = ("several locations" if clinic.chain
                 else f"{h.esc(r['city'])}, {h.esc(r['state'])}")
        items.append(f'<li><a href="{h.esc(href)}">{h.esc(name)}</a> ({where})</li>')
    body = ("<header><h1>Sample web of invented clinics</h1></header>\n<main>\n"
            "<p>Every clinic below is invented. The sites exist to test the directory's "
            "crawler.</p>\n"
            "<ul>\n" + "\n".join(items) + "\n</ul>\n"
            f"<p>{h.link('/directory/', 'Clinic directory')} &middot; "
            f"{h.link('/reviews/', 'Clinic reviews')} &middot; "
            f"{h.link('/about-this-demo/', 'About this demo')}</p>\n"
            f"<p>Moved: {h.link(plan.old_path, 'an old clinic address')} &middot; "
            f"Closed: {h.link(noise.GONE_SITE, 'Sunset Clinic')}</p>\n"
            '<p><a href="/staff-only/">Staff area</a></p>\n</main>')
    return h.document("Sample web of invented clinics", body)


def _robots(base_url: str) -> str:
    rules = "".join(f"Disallow: {path}\n" for path in noise.ROBOTS_DISALLOW)
    return (f"# Sample web of invented clinics: demo data only.\nUser-agent: *\n{rules}"
            f"Sitemap: {base_url}/sitemap.xml\n")


def _sitemap(clinics: list[SampleClinic], base_url: str) -> str:
    roots = dict.fromkeys(c.site_root for c in clinics)
    urls = "\n".join(f"  <url><loc>{h.esc(base_url + root)}</loc></url>" for root in roots)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- Invented demo data -->\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}\n</urlset>\n")


def _staff_only() -> str:
    body = ("<h1>Hidden Test Clinic</h1><p>Phone: (410) 555-0999</p>"
            "<address>1 Forbidden Way<br>Baltimore, MD 21201</address>")
    return h.document("Hidden Test Clinic", body)


def _not_found() -> Response:
    page = h.document("Not found", "<h1>Not found</h1><p>No such page on the sample web.</p>")
    return Response(404, HTML, page.encode())


NOT_FOUND = _not_found()


def _site_pages(clinics: list[SampleClinic], base_url: str, plan: noise.NoisePlan) -> dict:
    pages: dict[str, str] = {}
    done_chains = set()
    for clinic in clinics:
        if clinic.chain is not None:
            if clinic.chain.slug not in done_chains:
                done_chains.add(clinic.chain.slug)
                pages.update(style_chain.render(clinic.chain, base_url))
        elif clinic.style == "multipage":
            pages.update(style_multipage.render(clinic, base_url, plan.extra_nav(clinic)))
        else:
            pages.update(STYLES[clinic.style](clinic, base_url))
    return pages


def _hostile_routes() -> dict[str, Response]:
    root = hostile.ROOT
    large = str(hostile.LARGE_BYTES)

    def next_hop(query: str) -> Response:
        return Response(302, HTML, b"", location=hostile.next_hop(query))
    return {
        root: _page(hostile.index_page()),
        root + "large/": Response(200, HTML, b"", headers=(("Content-Length", large),),
                                  stream=lambda: hostile.filler(hostile.LARGE_BYTES)),
        root + "large-unannounced/": Response(200, HTML, b"",
                                              stream=lambda: hostile.filler(hostile.LARGE_BYTES)),
        root + "many-links/": Response(200, HTML, hostile.many_links_page()),
        root + "deep/": Response(200, HTML, hostile.deep_page()),
        root + "gzip-bomb/": Response(200, HTML, hostile.gzip_bomb(),
                                      headers=(("Content-Encoding", "gzip"),)),
        root + "endless/": Response(200, HTML, b"", stream=hostile.endless, headers=(
            ("Content-Length", str(hostile.ENDLESS_ANNOUNCED_BYTES)),)),
        hostile.LOOP[0]: Response(302, HTML, b"", location=hostile.LOOP[1]),
        hostile.LOOP[1]: Response(302, HTML, b"", location=hostile.LOOP[0]),
        hostile.CHAIN: Response(302, HTML, b"", answer=next_hop),
    }


def _registry_route(seed: int, clinics: list[SampleClinic]) -> Response:
    registry = npi_registry.Registry(npi_registry.entries(seed, clinics))

    def answer(query: str) -> Response:
        result = registry.answer(query)
        # NPPES answers its errors with HTTP 200 and an "Errors" object; so does the stand-in.
        return Response(200, JSON, npi_registry.body(result))
    return Response(200, JSON, b"", answer=answer)


def build(seed: int, base_url: str) -> dict[str, Response]:
    """Every path the server answers, for one seed and the base URL it is served at."""
    base_url = base_url.rstrip("/")
    clinics = generate(seed)
    plan = noise.plan(clinics)
    pages = _site_pages(clinics, base_url, plan)
    pages.update(directory.render(clinics))
    pages.update(review_site.render(clinics))
    pages.update(noise.pages(plan))
    pages.update({"/": _index(clinics, plan), "/staff-only/": _staff_only()})
    routes = {path: _page(html) for path, html in pages.items()}
    routes[plan.flaky_path] = Response(200, HTML, routes[plan.flaky_path].body, flaky=True)
    routes["/robots.txt"] = Response(200, TEXT, _robots(base_url).encode())
    routes["/sitemap.xml"] = Response(200, "application/xml", _sitemap(clinics, base_url).encode())
    routes["/npi/api/"] = routes["/npi/api"] = _registry_route(seed, clinics)
    for root in dict.fromkeys(c.site_root for c in clinics):
        routes[root.rstrip("/")] = Response(301, HTML, b"", location=root)
    routes[plan.old_path] = Response(301, HTML, b"", location=plan.moved_site.site_root)
    routes.update(_hostile_routes())
    return routes


def _page_number(query: str) -> int | None:
    """The page a query asks for: 1 without a page parameter, None when it is not a number."""
    values = parse_qs(query).get("page")
    if not values:
        return 1
    return int(values[-1]) if values[-1].isdigit() and int(values[-1]) >= 1 else None


def lookup(routes: dict[str, Response], path: str) -> Response:
    """The response for a request path; a 404 page when unknown."""
    bare, _, query = path.split("#", 1)[0].partition("?")
    response = routes.get(bare or "/")
    if response is None:
        return NOT_FOUND
    if response.answer is not None:
        return response.answer(query)
    if bare.startswith(PAGED) and query:
        page = _page_number(query)
        if page is None:
            return NOT_FOUND
        return response if page == 1 else routes.get(f"{bare}?page={page}", NOT_FOUND)
    return response
