"""Pages that say who runs the directory and how it treats people: /about, /privacy, /contact.

App settings (``create_app`` overrides, environment through the factory): SITE_OPERATOR, the
people or organisation running this copy of the directory (default "the directory's editors");
CONTACT_EMAIL, an address people may write to (default none: the correction form is the way in).
The privacy page reads the app's own map tile setting, so it never claims less than the site does.
"""
from __future__ import annotations

import os

from flask import Blueprint, Flask, current_app, render_template

from webapp.security import tile_origin

bp = Blueprint("trust", __name__)


def _operator() -> dict:
    return {"operator": current_app.config["SITE_OPERATOR"],
            "contact_email": current_app.config["CONTACT_EMAIL"] or None,
            "tile_origin": tile_origin(current_app.config.get("MAP_TILE_URL"))}


@bp.get("/about")
def about():
    return render_template("trust/about.html", **_operator())


@bp.get("/privacy")
def privacy():
    return render_template("trust/privacy.html", **_operator())


@bp.get("/contact")
def contact():
    return render_template("trust/contact.html", **_operator())


def init_app(app: Flask) -> None:
    app.config.setdefault("SITE_OPERATOR",
                          os.environ.get("SITE_OPERATOR", "").strip() or "the directory's editors")
    app.config.setdefault("CONTACT_EMAIL", os.environ.get("CONTACT_EMAIL", "").strip())
    app.register_blueprint(bp)
