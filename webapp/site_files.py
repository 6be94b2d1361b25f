"""The files search engines read: /robots.txt and /sitemap.xml.

The sitemap lists the pages worth finding (home, guides, every listed clinic); search result pages
and the forms are left to links, since their combinations are endless.
"""
from __future__ import annotations

from flask import Blueprint, Response, render_template, url_for

from webapp import queries
from webapp.db import get_session
from webapp.guides import GUIDES

bp = Blueprint("site", __name__)


@bp.get("/robots.txt")
def robots():
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /search",
        "Disallow: /clinics/*/correction",
        f"Sitemap: {url_for('site.sitemap', _external=True)}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    xml = render_template("sitemap.xml", guides=GUIDES,
                          clinics=queries.sitemap_entries(get_session()))
    return Response(xml, mimetype="application/xml")
