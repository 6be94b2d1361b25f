"""Response headers every page carries, and the check that keeps ``?next=`` on this site.

Admin responses (pages and JSON under /admin/) also say ``Cache-Control: no-store``: a shared
computer's back button or a proxy must not show them to the next person.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request


def tile_origin(tile_url: str | None) -> str | None:
    """The origin map tiles come from ("https://*.tile.example.org"), or None when unset."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url.replace("{s}", "*"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(tile_url: str | None = None) -> str:
    """Scripts and styles only from our own static files: no inline script can run even if some
    scraped text ever escaped its escaping. Images may also come from the map's tile server."""
    images = " ".join(filter(None, ["'self' data:", tile_origin(tile_url)]))
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src {images}",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # Geolocation stays available to our own pages for "use my location".
    "Permissions-Policy": "geolocation=(self), camera=(), microphone=()",
}


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy",
                                current_app.config["CONTENT_SECURITY_POLICY"])
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path == "/admin" or request.path.startswith("/admin/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def local_path(target: str | None) -> str | None:
    """``target`` when it is a path on this site ("/admin/"), else None.

    Refuses absolute URLs, scheme-relative "//host" and "/\\host" (browsers read a backslash as
    a slash), and control characters, so a login link cannot redirect to another site.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def init_app(app: Flask) -> None:
    tiles = app.config.get("MAP_TILE_URL")
    app.config["CONTENT_SECURITY_POLICY"] = content_security_policy(tiles)
    app.after_request(add_security_headers)
