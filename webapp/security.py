"""Response headers every page carries, and the check that keeps ``?next=`` on this site."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response

# Scripts and styles only from our own static files: no inline script can run even if some
# scraped text ever escaped its escaping.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # Geolocation stays available to our own pages for "use my location".
    "Permissions-Policy": "geolocation=(self), camera=(), microphone=()",
}


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
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
    app.after_request(add_security_headers)
