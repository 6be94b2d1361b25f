"""Friendly error pages for people and JSON errors for partners, for every status we expect.

Under /api/ an error is ``{"error": {"code": ..., "message": ...}}`` so a client can branch on
the code; elsewhere it is a page in the site's layout, with the crisis line still on it. Every 429
says in Retry-After how many seconds to wait.
"""
from __future__ import annotations

import math
import time
from datetime import datetime

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webapp.extensions import limiter

MESSAGES = {
    400: ("bad_request", "Something in that request was not right. Please check it and try again."),
    404: ("not_found", "We could not find that page."),
    405: ("method_not_allowed", "That action is not available here."),
    413: ("payload_too_large", "That was more data than we accept in one request."),
    429: ("rate_limited", "Too many requests in a short time. Please wait a minute and try again."),
    500: ("server_error", "Something went wrong on our side. Please try again later."),
}
CSRF_MESSAGE = "This form has expired or was not sent from our site. Reload the page and try again."


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, code: str, message: str):
    """The JSON error body partners get, with its status."""
    return jsonify(error={"code": code, "message": message}), status


def _describe(error: HTTPException) -> tuple[int, str, str]:
    status = error.code or 500
    code, message = MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
    if isinstance(error, CSRFError):
        code, message = "csrf_failed", CSRF_MESSAGE
    return status, code, message


# When nothing says when a refused client may come back.
FALLBACK_RETRY_AFTER_S = 60


def retry_after_s(error: HTTPException) -> int:
    """Seconds until a refused client may try again: what the error says (the account
    throttle's lock), else when the limit it broke resets."""
    given = getattr(error, "retry_after", None)
    if isinstance(given, datetime):
        return max(1, math.ceil(given.timestamp() - time.time()))
    if isinstance(given, int) and given > 0:
        return given
    broken = limiter.current_limit
    if broken is not None:
        return max(1, math.ceil(broken.reset_at - time.time()))
    return FALLBACK_RETRY_AFTER_S


def handle_http_error(error: HTTPException):
    status, code, message = _describe(error)
    if is_api_request():
        response = api_error(status, code, message)
    else:
        response = render_template("error.html", status=status, message=message), status
    if status == 429:
        return *response, {"Retry-After": str(retry_after_s(error))}
    return response


def init_app(app: Flask) -> None:
    for status in MESSAGES:
        app.register_error_handler(status, handle_http_error)
