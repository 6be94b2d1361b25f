"""The web faces of the directory: ``public`` (patients), ``admin`` (operators), ``api`` (partners).

Nothing imports a global app; ``create_app`` builds one from ``config.load()`` plus overrides,
which is how ``flask --app webapp ...`` and the tests each get their own.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

import config as project_config
from webapp import (admin, admin_crawls, admin_keys, admin_moderation, admin_users, api, auth,
                    bounds, cli, db, errors, faults, feeds, guides, health, hsds, layout, metrics,
                    proxies, public, request_log, search_summary, security, site_address,
                    site_files, transport, trust)
from webapp.extensions import csrf, limiter

# Rate limits: strings in Flask-Limiter's notation ("10 per minute"); storage any limits URI.
DEFAULT_LIMITS = {
    # Set explicitly: Flask-Limiter otherwise inherits "enabled" from the last app it was bound to.
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "LOGIN_RATE_LIMIT": "10 per minute",
    "API_RATE_LIMIT": "120 per minute",
    # Suggestions are read by people: a few per visitor is plenty, and floods are refused.
    "CORRECTION_RATE_LIMIT": "5 per hour",
    # A person refining a search clicks a few times a minute; a scraper asks many times a second.
    "SEARCH_RATE_LIMIT": "60 per minute;600 per hour",
}


def _settings_config() -> dict[str, Any]:
    settings = project_config.load()
    return {
        "SECRET_KEY": settings.secret_key,
        "DATABASE_URL": settings.database_url,
        "INDEX_DIR": settings.index_dir,
        "MAX_CONTENT_LENGTH": settings.max_content_length,
        "SEARCH_PAGE_SIZE": settings.search_page_size,
        "REVIEWS_PAGE_SIZE": 10,
        "MAP_TILE_URL": settings.map_tile_url,
        "MAP_TILE_ATTRIBUTION": settings.map_tile_attribution,
        "SITE_URL": settings.site_url,
        "TRUSTED_HOSTS": list(settings.trusted_hosts),
        "LOGIN_ACCOUNT_FREE_FAILURES": settings.login_account_free_failures,
        "LOGIN_ACCOUNT_BACKOFF_S": settings.login_account_backoff_s,
        "LOGIN_ACCOUNT_MAX_LOCK_S": settings.login_account_max_lock_s,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SECURE": settings.session_cookie_secure,
        "REMEMBER_COOKIE_SECURE": settings.session_cookie_secure,
        "STALE_AFTER_DAYS": settings.stale_after_days,
        "CRAWL_ALLOW_PRIVATE": settings.crawl_allow_private,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        **DEFAULT_LIMITS,
        "API_RATE_LIMIT": settings.api_rate_limit,
        "API_CORS_ORIGINS": settings.api_cors_origins,
        "API_KEY_OUTAGE_GRACE_S": 300,
        "RATELIMIT_STORAGE_URI": settings.ratelimit_storage_uri,
        "PROXY_FIX": settings.proxy_fix,
        "METRICS_ENABLED": settings.metrics_enabled,
        "METRICS_TOKEN": settings.metrics_token,
        "LOG_FORMAT": settings.log_format,
    }


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the web app from ``config.load()``, with ``config`` overriding any key.

    Keys of ours: DATABASE_URL, INDEX_DIR, SEARCH_PAGE_SIZE, REVIEWS_PAGE_SIZE, MAP_TILE_URL,
    MAP_TILE_ATTRIBUTION, DEMO_BANNER_CHECK_SECONDS, TRUSTED_PROXIES or its older name PROXY_FIX
    (``webapp.proxies``), METRICS_ENABLED, METRICS_TOKEN (``webapp.metrics``), LOG_FORMAT
    (``webapp.request_log``),
    LOGIN_RATE_LIMIT, API_RATE_LIMIT, CORRECTION_RATE_LIMIT, SEARCH_RATE_LIMIT, SITE_URL,
    API_CORS_ORIGINS, API_KEY_OUTAGE_GRACE_S
    (``webapp.api_access``), LOGIN_ACCOUNT_FREE_FAILURES,
    LOGIN_ACCOUNT_BACKOFF_S, LOGIN_ACCOUNT_MAX_LOCK_S (``webapp.login_throttle``).
    Flask's and its extensions' keys work as documented there, e.g. SECRET_KEY, TESTING,
    TRUSTED_HOSTS (an empty list or None admits any Host),
    MAX_CONTENT_LENGTH, SESSION_COOKIE_SECURE (set it behind HTTPS), WTF_CSRF_ENABLED,
    RATELIMIT_ENABLED, RATELIMIT_STORAGE_URI.
    """
    app = Flask(__name__)
    app.config.update(_settings_config())
    app.config.update(config or {})
    app.config["INDEX_DIR"] = Path(app.config["INDEX_DIR"])

    request_log.init_app(app)
    metrics.init_app(app)
    proxies.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    for part in (db, auth, security, site_address, bounds, errors, faults, layout, guides, cli,
                 transport, trust, search_summary):
        part.init_app(app)

    for blueprint in (public.bp, guides.bp, site_files.bp, admin.bp, admin_crawls.bp,
                      admin_moderation.bp, admin_keys.bp, admin_users.bp, api.bp, hsds.bp,
                      feeds.bp, health.bp, metrics.bp):
        app.register_blueprint(blueprint)
    return app
