"""Client addresses behind reverse proxies.

Rate limits count per client address. Behind a proxy every request arrives from the proxy, so
without this all visitors would share one bucket; yet X-Forwarded-For is written by whoever sends
the request, so it is believed only when TRUSTED_PROXIES (or its older name PROXY_FIX) says how
many proxies of ours append to it.
Werkzeug's ProxyFix then takes the address that many hops from the right, which no client can
forge, and the scheme from X-Forwarded-Proto the same way.
"""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    """Wrap the app in ProxyFix when TRUSTED_PROXIES is above 0; an app built with PROXY_FIX
    alone (the older name) uses that."""
    trusted = int(app.config.get("TRUSTED_PROXIES", app.config.get("PROXY_FIX")) or 0)
    if trusted > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted)
