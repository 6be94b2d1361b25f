"""What every page's layout needs: the display filters, and whether to show the demo banner."""
from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.exc import SQLAlchemyError

from webapp import display, queries
from webapp.db import get_session


def demo_data_listed() -> bool:
    """Whether any listed clinic is invented, asked once per request.

    A database failure hides the banner instead of breaking the page: it happens while an error
    page is rendered, and then no clinic is shown either.
    """
    if "demo_data_listed" not in g:
        try:
            g.demo_data_listed = queries.any_active_demo_clinic(get_session())
        except SQLAlchemyError:
            current_app.logger.exception("could not check for demo data")
            g.demo_data_listed = False
    return g.demo_data_listed


def _layout_context() -> dict:
    return {"demo_data_listed": demo_data_listed}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(display.FILTERS)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(_layout_context)
