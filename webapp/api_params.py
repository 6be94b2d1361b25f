"""The partner API's arguments: which each route takes, their bounds, and opaque cursors.

Every refusal is an ``ApiParameterError``: a 400 whose JSON names the parameter and a stable
code (``unknown_parameter``, ``invalid_parameter``, ``invalid_cursor``), so a client can branch
on it. A cursor is signed with the app's secret and bound to the route and the filters it was
issued for: a cursor edited, or used with other filters, is refused rather than misread.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from urllib.parse import quote

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

# The search arguments the listing and the search share (``webapp.search_params``).
FILTERS = ("q", "near", "radius", "insurance", "treatment", "condition", "credential",
           "sliding_scale", "payment_plans", "free_consultation", "aftercare",
           "accepting_new_patients", "telehealth", "npi_verified", "min_rating", "max_price")
MAX_CURSOR_CHARS = 500
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})")


class ApiParameterError(ValueError):
    """A request argument the API cannot use: ``code`` is stable, ``parameter`` names it."""

    def __init__(self, code: str, parameter: str | None, message: str):
        super().__init__(message)
        self.code, self.parameter = code, parameter


def only(allowed: tuple[str, ...]) -> None:
    """Refuse any argument the route does not take, and repeats of single ones."""
    for name in request.args:
        if name not in allowed:
            raise ApiParameterError("unknown_parameter", name[:100],
                                    f"This route does not take “{name[:100]}”.")


def whole(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "").strip() or str(default)
    if not re.fullmatch(r"[0-9]{1,7}", raw) or not low <= int(raw) <= high:
        raise ApiParameterError("invalid_parameter", name,
                                f"{name} must be a whole number from {low} to {high}.")
    return int(raw)


def flag(name: str) -> bool:
    raw = request.args.get(name, "0").strip().lower()
    if raw not in ("0", "1", "true", "false"):
        raise ApiParameterError("invalid_parameter", name, f"{name} must be 0 or 1.")
    return raw in ("1", "true")


def rfc3339(name: str) -> datetime | None:
    """A timestamp such as 2026-05-01T12:00:00Z, or None when the argument is absent."""
    raw = request.args.get(name)
    if raw is None:
        return None
    if not _RFC3339.fullmatch(raw.strip()):
        raise ApiParameterError("invalid_parameter", name,
                                f"{name} must be an RFC 3339 time such as 2026-05-01T12:00:00Z.")
    text = raw.strip().upper().replace("Z", "+00:00")
    head, dot, rest = text.partition(".")
    if dot:  # Python reads at most microseconds
        digits = re.match(r"\d+", rest).group()
        text = f"{head}.{digits[:6].ljust(6, '0')}{rest[len(digits):]}"
    try:
        return datetime.fromisoformat(text).astimezone(timezone.utc)
    except ValueError as error:
        raise ApiParameterError("invalid_parameter", name,
                                f"{name} is not a real time ({error}).") from error


def filter_fingerprint() -> str:
    """A digest of the filter arguments, which a cursor must be used with again."""
    pairs = sorted((k, v) for k in FILTERS + ("updated_since",) for v in request.args.getlist(k))
    return hashlib.sha256(repr(pairs).encode()).hexdigest()[:16]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="api-cursor")


def make_cursor(state: dict) -> str:
    return _serializer().dumps({**state, "r": request.endpoint, "f": filter_fingerprint()})


def read_cursor() -> dict | None:
    """The state a cursor carries, or None without one; refuses one not issued for this query."""
    raw = request.args.get("cursor")
    if raw is None:
        return None
    try:
        state = _serializer().loads(raw) if len(raw) <= MAX_CURSOR_CHARS else None
    except BadSignature:
        state = None
    if not isinstance(state, dict) or state.get("r") != request.endpoint \
            or state.get("f") != filter_fingerprint():
        raise ApiParameterError("invalid_cursor", "cursor",
                                "That cursor was not issued for this query; start again without it.")
    return state


def next_url(cursor: str | None) -> str | None:
    """The absolute URL of the next page (the same arguments, the new cursor), or None."""
    if cursor is None:
        return None
    args = request.args.copy()
    args["cursor"] = cursor
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}"
                     for k, v in args.items(multi=True))
    return f"{current_app.config['SITE_URL'].rstrip('/')}{request.path}?{query}"

