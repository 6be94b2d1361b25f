"""What every page's layout needs: the display filters, and whether to show the demo banner."""
from __future__ import annotations

import time

from flask import Flask, current_app, g
from sqlalchemy.exc import SQLAlchemyError

from webapp import display, queries
from webapp.db import get_session

# Whether demo clinics are listed changes only when a crawl or an admin changes the directory,
# and asking costs a scan of the clinics table, so each process asks at most this often.
DEMO_CHECK_SECONDS = 30


def _ask_database() -> bool | None:
    """The answer, or None when the database cannot say (then the banner is hidden)."""
    try:
        return queries.any_active_demo_clinic(get_session())
    except SQLAlchemyError:
        current_app.logger.exception("could not check for demo data")
        return None


def demo_data_listed() -> bool:
    """Whether any listed clinic is invented, remembered for DEMO_BANNER_CHECK_SECONDS.

    A database failure hides the banner instead of breaking the page: it happens while an error
    page is rendered, and then no clinic is shown either; a failed check is not remembered.
    """
    if "demo_data_listed" not in g:
        remembered = current_app.extensions.setdefault("demo_banner", {})
        now = time.monotonic()
        if remembered.get("until", 0.0) <= now:
            answer = _ask_database()
            if answer is None:
                g.demo_data_listed = False
                return False
            seconds = current_app.config.get("DEMO_BANNER_CHECK_SECONDS", DEMO_CHECK_SECONDS)
            remembered.update(value=answer, until=now + seconds)
        g.demo_data_listed = remembered["value"]
    return g.demo_data_listed


def _layout_context() -> dict:
    return {"demo_data_listed": demo_data_listed}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(display.FILTERS)
    app.jinja_env.globals["directions_url"] = display.directions_url
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(_layout_context)
