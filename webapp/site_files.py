"""The files search engines read: /robots.txt and /sitemap.xml.

The sitemap lists the pages worth finding (home, guides, every listed clinic); search result pages
and the forms are left to links, since their combinations are endless. Their URLs start with
SITE_URL (``webapp.site_address``), whatever Host a request named.
"""
from __future__ import annotations

from flask import Blueprint, Response, render_template

from webapp import queries
from webapp.db import get_session
from webapp.guides import GUIDES
from webapp.site_address import absolute_url

bp = Blueprint("site", __name__)


@bp.get("/robots.txt")
def robots():
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /search",
        "Disallow: /clinics/*/correction",
        f"Sitemap: {absolute_url('site.sitemap')}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    xml = render_template("sitemap.xml", guides=GUIDES,
                          clinics=queries.sitemap_entries(get_session()))
    return Response(xml, mimetype="application/xml")
