"""Apps whose test clients send a real partner key, made through the same code as
``api-key create``: the API's other tests read it as a partner would."""
from __future__ import annotations

import itertools

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.exc import SQLAlchemyError

from clinics import api_keys
from clinics.db import session_scope

_names = itertools.count(1)


def new_key(database_url: str, name: str | None = None) -> str:
    with session_scope(database_url) as session:
        return api_keys.create(session, name or f"test partner {next(_names)}")[1]


class KeyedClient(FlaskClient):
    """Sends the app's partner key as X-API-Key unless a request names another."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        key = getattr(self.application, "partner_key", None)
        if key:
            self.environ_base["HTTP_X_API_KEY"] = key


def keyed(app: Flask) -> Flask:
    """``app`` with a live key in its database that its test clients send. A database that
    cannot be reached gets none: the API answers 503 there before any key matters."""
    try:
        app.partner_key = new_key(app.config["DATABASE_URL"])
    except SQLAlchemyError:
        app.partner_key = None
    app.test_client_class = KeyedClient
    return app
