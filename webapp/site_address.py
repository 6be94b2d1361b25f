"""The site's own address, for the URLs it writes into files other sites read.

sitemap.xml, robots.txt and the JSON-LD of a clinic page carry absolute URLs that search engines
keep and caches share. They are built from SITE_URL, never from the request's Host header, which
any client can set: a forged Host must not end up in a sitemap. TRUSTED_HOSTS, when it names
hosts, makes Flask refuse a request naming any other host with 400.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, jsonify, request, url_for
from werkzeug.exceptions import SecurityError


def origin(site_url: str) -> str:
    """``site_url`` as "scheme://host[:port]"; ValueError when it is not an http(s) address."""
    parts = urlsplit(site_url.strip())
    if (parts.scheme not in ("http", "https") or not parts.hostname
            or parts.path not in ("", "/") or parts.query or parts.fragment):
        raise ValueError("SITE_URL must be an origin such as https://clinics.example.org, "
                         f"not {site_url!r}.")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def absolute_url(endpoint: str, **values) -> str:
    """The URL of ``endpoint`` on this site, as people reach it (SITE_URL), whatever Host the
    request named."""
    return current_app.config["SITE_URL"] + url_for(endpoint, **values)


UNTRUSTED_HOST = "This site does not answer to that host name."


def untrusted_host(_error: SecurityError):
    """400 for a Host not in TRUSTED_HOSTS. Plain, because no URL can be built for a request
    whose host is refused, and the site's error page links its stylesheet by URL."""
    if request.path.startswith("/api/"):
        return jsonify(error={"code": "untrusted_host", "message": UNTRUSTED_HOST}), 400
    return Response(UNTRUSTED_HOST + "\n", 400, mimetype="text/plain")


def init_app(app: Flask) -> None:
    app.config["SITE_URL"] = origin(app.config["SITE_URL"])
    trusted = app.config.get("TRUSTED_HOSTS")
    # Flask reads None (or an empty list) as "any host".
    app.config["TRUSTED_HOSTS"] = list(trusted) if trusted else None
    app.jinja_env.globals["absolute_url"] = absolute_url
    app.register_error_handler(SecurityError, untrusted_host)
