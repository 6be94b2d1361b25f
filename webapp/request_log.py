"""Request ids, and the web app's log lines as JSON (LOG_FORMAT=json).

Every response carries ``X-Request-ID``, and every line logged while answering names the same id,
so one request can be followed from a proxy's log through ours. A proxy's id is kept when it is
sane (at most 64 letters, digits and hyphens); anything else is replaced, since the value is
written into logs and headers as it is. This costs about a microsecond a request.
"""
from __future__ import annotations

import logging
import re
import secrets
from typing import TYPE_CHECKING

from flask import Flask, has_request_context, request
from flask.logging import default_handler

from clinics import logs

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

HEADER = "X-Request-ID"
# The incoming header as WSGI names it, and where the id of the request is kept.
ENVIRON_KEY = "HTTP_X_REQUEST_ID"
ENVIRON_ID = "clinics.request_id"
MAX_REQUEST_ID = 64
_SANE_ID = re.compile(r"[A-Za-z0-9-]+")


def sane_request_id(value: str | None) -> str:
    """``value`` when it is a usable id, else a new random one (16 hex digits)."""
    if value and len(value) <= MAX_REQUEST_ID and _SANE_ID.fullmatch(value):
        return value
    return secrets.token_hex(8)


def current_request_id() -> str | None:
    """The id of the request being answered, or None outside a request."""
    return request.environ.get(ENVIRON_ID) if has_request_context() else None


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to records logged while a request is answered."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        return True


class RequestIds:
    """WSGI middleware that gives each request its id and puts it on the response.

    Below Flask it reads and writes the WSGI environ and header list directly, with none of the
    context-local lookups a request hook pays for, and it sees every response, the ones Flask's
    own checks answer (an untrusted Host) included.
    """

    def __init__(self, wsgi_app: WSGIApplication):
        self.wsgi_app = wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse):
        request_id = environ[ENVIRON_ID] = sane_request_id(environ.get(ENVIRON_KEY))

        def with_id(status: str, headers: list[tuple[str, str]], exc_info=None):
            headers.append((HEADER, request_id))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, with_id)


def init_app(app: Flask) -> None:
    """Give every request an id; with LOG_FORMAT "json", log JSON lines to standard error.

    Call before other parts wrap ``app.wsgi_app``, so that the id exists while they run.
    """
    app.wsgi_app = RequestIds(app.wsgi_app)
    if app.config.get("LOG_FORMAT") == "json":
        logs.use_json_lines(RequestIdFilter())
        # Flask's own handler would write each line a second time, as text.
        app.logger.removeHandler(default_handler)

