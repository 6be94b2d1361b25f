"""The partner API's own description: ``/api/v1/openapi.json`` and a page for people with curl
examples. Neither needs a key: a partner reads them before asking for one."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template

from webapp.openapi import document


def openapi_document():
    return document(current_app.config["SITE_URL"])


def docs_page():
    return render_template("api_docs.html", site_url=current_app.config["SITE_URL"].rstrip("/"))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/openapi.json", "openapi_document", openapi_document, methods=["GET"])
    bp.add_url_rule("/docs", "docs_page", docs_page, methods=["GET"])
