"""When a part of this server fails, the answer is 503 with Retry-After, and it heals by itself.

A database that cannot be reached (its SQLite file moved away, PostgreSQL stopped, every pooled
connection busy) and a search index that cannot be read (never built, removed, damaged) are not the
visitor's fault: people get a page in the site's layout, partners a JSON error with a code, and
both a Retry-After. Nothing is remembered between requests: the next one tries the database and
the index again, and ``clinics.db`` replaces broken connections, so service resumes as soon as the
part is back, with no restart. The cause goes to the log for the operator, never to the visitor.
"""
from __future__ import annotations

from flask import Flask, current_app, render_template
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from search_index import IndexUnavailable
from webapp.errors import api_error, is_api_request

RETRY_AFTER_S = 30
DATABASE_MESSAGE = "The directory is unavailable for a moment. Please try again in a minute."
INDEX_MESSAGE = "Search is unavailable for a moment. Please try again in a minute."


def unavailable(code: str, message: str):
    """The 503 answer: JSON under /api/, the error page elsewhere, with Retry-After."""
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if is_api_request():
        body, status = api_error(503, code, message)
        return body, status, headers
    return render_template("error.html", status=503, message=message), 503, headers


def database_unavailable(error: Exception):
    current_app.logger.error("database unavailable: %s", error)
    return unavailable("database_unavailable", DATABASE_MESSAGE)


def index_unavailable(error: IndexUnavailable):
    current_app.logger.error("search index unavailable: %s", error, exc_info=error.__cause__)
    return unavailable("index_unavailable", INDEX_MESSAGE)


def _driver_error(error: DBAPIError):
    """A driver error that is a lost connection is the database's absence; others are bugs."""
    if error.connection_invalidated:
        return database_unavailable(error)
    raise error


def init_app(app: Flask) -> None:
    # OperationalError: cannot connect, file missing, server gone, locked for too long.
    # InterfaceError: the driver's connection object is closed. PoolTimeout: no free connection.
    for fault in (OperationalError, InterfaceError, PoolTimeout):
        app.register_error_handler(fault, database_unavailable)
    app.register_error_handler(DBAPIError, _driver_error)
    app.register_error_handler(IndexUnavailable, index_unavailable)
