"""One database session per request, opened on first use and closed when the app context ends.

Views never build sessions themselves: they call ``get_session()`` and hand it to a query
function. Closing without committing rolls back anything a view forgot to commit.
"""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from clinics.db import session_factory


def get_session() -> Session:
    """The request's session, bound to the app's DATABASE_URL."""
    if "db_session" not in g:
        g.db_session = session_factory(current_app.config["DATABASE_URL"])()
    return g.db_session


def close_session(_error: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_session)
