"""Who may read the partner API, how often, from which web pages, and when to answer 304.

Every route of the API blueprints (``/api/v1``, ``/api/hsds``) except their descriptions
(``openapi.json``, the docs page, the HSDS root) wants a live key, sent as
``Authorization: Bearer KEY`` or ``X-API-Key: KEY``; without one the answer is 401 JSON with
``WWW-Authenticate``. Each key has its own rate limit (API_RATE_LIMIT), counted under the key's
hash, and every answer says where the caller stands in ``RateLimit-Limit``,
``RateLimit-Remaining``, ``RateLimit-Reset`` (seconds) and ``RateLimit-Policy``.

A key checked against the database is remembered for API_KEY_OUTAGE_GRACE_S: while the database
cannot be reached, a partner seen recently can still search (the search reads only the index).
A revoked key is refused at once whenever the database answers.

Successful GETs carry a strong ``ETag`` (and ``Last-Modified`` where the view knows it) and
answer ``304`` to a matching ``If-None-Match`` / ``If-Modified-Since``. With API_CORS_ORIGINS set
("*" or origins separated by commas), GET answers name the allowed origin; preflights get the
methods and headers a reader needs.
"""
from __future__ import annotations

import hashlib
import math
import threading
import time

from flask import Blueprint, Response, current_app, g, request
from sqlalchemy.exc import SQLAlchemyError

from clinics import api_keys
from webapp.db import get_session
from webapp.errors import api_error
from webapp.extensions import limiter
from flask_limiter.util import get_remote_address

OPEN_ENDPOINTS = ("api.openapi_document", "api.docs_page", "hsds.root")
_recent: dict[str, tuple[int, float]] = {}
_lock = threading.Lock()
EXPOSED = ("ETag, Last-Modified, Retry-After, RateLimit-Limit, RateLimit-Remaining, "
           "RateLimit-Reset, RateLimit-Policy")


def presented_key() -> str | None:
    """The key the request carries, from ``Authorization: Bearer`` or ``X-API-Key``."""
    scheme, _, value = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return (request.headers.get("X-API-Key") or "").strip() or None


def rate_key() -> str:
    """What the rate limit counts under: the presented key's hash, else the client address."""
    raw = presented_key()
    if raw:
        return "api-key/" + hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:32]
    return "api-addr/" + (get_remote_address() or "unknown")


def _unauthorized(message: str) -> Response:
    body, status = api_error(401, "unauthorized", message)
    body.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return body, status


def _known(raw: str) -> int | None:
    """The id of the live key ``raw``, from the database, or from memory while it is away."""
    digest = api_keys.key_hash(raw)
    try:
        key_id = api_keys.live_key_id(get_session(), raw)
    except SQLAlchemyError:
        with _lock:
            seen = _recent.get(digest)
        if seen and time.monotonic() - seen[1] < current_app.config["API_KEY_OUTAGE_GRACE_S"]:
            return seen[0]
        raise
    with _lock:
        if key_id is None:
            _recent.pop(digest, None)
        else:
            _recent[digest] = (key_id, time.monotonic())
    return key_id


def require_key():
    if request.method == "OPTIONS" or request.endpoint in OPEN_ENDPOINTS:
        return None
    raw = presented_key()
    if raw is None:
        return _unauthorized("Send your API key as “Authorization: Bearer KEY” or “X-API-Key”.")
    key_id = _known(raw)
    if key_id is None:
        return _unauthorized("That API key is not valid, or it was revoked.")
    g.api_key_id = key_id
    return None


def _rate_headers(response: Response) -> None:
    current = limiter.current_limit
    if current is None:
        return
    window_s = current.limit.get_expiry()
    response.headers["RateLimit-Limit"] = str(current.limit.amount)
    response.headers["RateLimit-Remaining"] = str(max(0, current.remaining))
    response.headers["RateLimit-Reset"] = str(max(0, math.ceil(current.reset_at - time.time())))
    response.headers["RateLimit-Policy"] = f"{current.limit.amount};w={window_s}"


def _cors(response: Response) -> None:
    allowed = current_app.config.get("API_CORS_ORIGINS") or ""
    origin = request.headers.get("Origin")
    if not allowed or not origin or request.method not in ("GET", "HEAD", "OPTIONS"):
        return
    origins = [o.strip() for o in allowed.split(",") if o.strip()]
    if "*" in origins:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin in origins:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    else:
        return
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Authorization, X-API-Key"
        response.headers["Access-Control-Max-Age"] = "600"


def finish(response: Response) -> Response:
    """Rate-limit headers, CORS, and 304 for a representation the caller already has."""
    _rate_headers(response)
    _cors(response)
    if request.method in ("GET", "HEAD") and response.status_code == 200 and response.is_json:
        response.add_etag()
        response.make_conditional(request)
    if request.endpoint not in OPEN_ENDPOINTS:
        response.vary.update(("Authorization", "X-API-Key"))
        response.cache_control.private = True
    return response


def guard(bp: Blueprint) -> None:
    """Put the key check, the per-key limit and the response headers on the API blueprint."""
    limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=rate_key)(bp)
    bp.before_request(require_key)
    bp.after_request(finish)
