"""Request ids, and the web app's log lines as JSON (LOG_FORMAT=json).

Every response carries ``X-Request-ID``, and every line logged while answering names the same id,
so one request can be followed from a proxy's log through ours. A proxy's id is kept when it is
sane (at most 64 letters, digits and hyphens); anything else is replaced, since the value is
written into logs and headers as it is. The hooks cost a few microseconds per request.
"""
from __future__ import annotations

import logging
import re
import secrets

from flask import Flask, Response, g, has_request_context, request
from flask.logging import default_handler

from clinics import logs

HEADER = "X-Request-ID"
ENVIRON_KEY = "HTTP_X_REQUEST_ID"
MAX_REQUEST_ID = 64
_SANE_ID = re.compile(r"[A-Za-z0-9-]+")


def sane_request_id(value: str | None) -> str:
    """``value`` when it is a usable id, else a new random one (16 hex digits)."""
    if value and len(value) <= MAX_REQUEST_ID and _SANE_ID.fullmatch(value):
        return value
    return secrets.token_hex(8)


def current_request_id() -> str | None:
    """The id of the request being answered, or None outside a request."""
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to records logged while a request is answered."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        return True


def _take_request_id() -> None:
    # Read from the WSGI environ: a tenth of the cost of going through request.headers.
    g.request_id = sane_request_id(request.environ.get(ENVIRON_KEY))


def _send_request_id(response: Response) -> Response:
    # A hook that ran before ours may have answered the request itself.
    response.headers[HEADER] = g.get("request_id") or _new_id()
    return response


def _new_id() -> str:
    g.request_id = sane_request_id(None)
    return g.request_id


def init_app(app: Flask) -> None:
    """Give every request an id; with LOG_FORMAT "json", log JSON lines to standard error.

    Call before other parts add their hooks, so the id exists for everything they log.
    """
    app.before_request_funcs.setdefault(None, []).insert(0, _take_request_id)
    app.after_request(_send_request_id)
    if app.config.get("LOG_FORMAT") == "json":
        logs.use_json_lines(RequestIdFilter())
        # Flask's own handler would write each line a second time, as text.
        app.logger.removeHandler(default_handler)

