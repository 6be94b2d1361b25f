"""Pages for patients: the search form, results near a place, one clinic's page, and /healthz."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for

from clinics import vocab
from clinics.geo import UnknownPlace
from search_index import SearchError, search
from webapp import health, queries
from webapp.db import get_session
from webapp.search_params import DEFAULT_RADIUS_MI, RADIUS_CHOICES_MI, BadParameter, parse_search

bp = Blueprint("public", __name__)


@bp.context_processor
def _form_choices() -> dict:
    return {
        "radius_choices": RADIUS_CHOICES_MI,
        "default_radius": DEFAULT_RADIUS_MI,
        "insurers": vocab.INSURERS,
        "treatments": vocab.TREATMENTS,
        "search_url": _search_url,
    }


def _search_url(**changes) -> str:
    """The current search with some arguments replaced (None removes one), the rest kept."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        args.pop(key, None)
        if value is not None:
            args[key] = [str(value)]
    return url_for("public.search_page", **args)


@bp.get("/")
def index():
    return render_template("index.html", form={})


@bp.get("/search")
def search_page():
    """Results for the form; input a person must fix re-renders the form with a 400."""
    try:
        wanted = parse_search(request.args, current_app.config["SEARCH_PAGE_SIZE"])
        results = search(wanted, index_dir=current_app.config["INDEX_DIR"])
    except (BadParameter, SearchError, UnknownPlace) as error:
        suggestions = getattr(error, "suggestions", [])
        return render_template("search.html", form=request.args, error=str(error),
                               suggestions=suggestions, results=None), 400
    return render_template("search.html", form=request.args, results=results)


@bp.get("/clinics/<slug>")
def clinic(slug: str):
    session = get_session()
    found = queries.active_clinic_by_slug(session, slug)
    if found is None:
        abort(404)
    provenance = queries.sources_by_field(session, found.id)
    return render_template("clinic.html", clinic=found, provenance=provenance)


@bp.get("/healthz")
def healthz():
    return health.report()
