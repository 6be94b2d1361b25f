"""Pages for patients: the search form, results near a place, one clinic's page, corrections.

Every page works without JavaScript; ``static/site.js`` only adds "use my location" and the map.
"""
from __future__ import annotations

from flask import (
    Blueprint, abort, current_app, flash, redirect, render_template, request, url_for,
)
from markupsafe import Markup

from clinics.geo import UnknownPlace
from clinics.models import Clinic
from search_index import SearchError
from webapp import clinic_page, metrics, queries, search_view
from webapp.corrections import correction_by_token, save_correction
from webapp.db import get_session
from webapp.extensions import limiter
from webapp.forms import CorrectionForm
from webapp.search_params import DEFAULT_RADIUS_MI, RADIUS_CHOICES_MI, BadParameter, parse_search

bp = Blueprint("public", __name__)


@bp.context_processor
def _form_choices() -> dict:
    return {
        "radius_choices": RADIUS_CHOICES_MI,
        "default_radius": DEFAULT_RADIUS_MI,
        "flags": search_view.available_flags(),
        "choices": search_view.available_choices(),
        "arg_for": search_view.arg_for,
        "min_ratings": search_view.MIN_RATINGS,
        "max_prices": search_view.MAX_PRICES_USD,
        "search_url": lambda **changes: search_view.search_url(request.args, **changes),
    }


def _tiles() -> dict[str, str] | None:
    url = current_app.config["MAP_TILE_URL"]
    return {"url": url, "attribution": current_app.config["MAP_TILE_ATTRIBUTION"]} if url else None


@bp.get("/")
def index():
    return render_template("index.html", form=request.args,
                           insurer_options=search_view.insurer_options(None))


def _search_limit() -> str:
    return current_app.config["SEARCH_RATE_LIMIT"]


@bp.get("/search")
@limiter.limit(_search_limit)
def search_page():
    """Results for the form; input a person must fix re-renders the form with a 400."""
    try:
        wanted = parse_search(request.args, current_app.config["SEARCH_PAGE_SIZE"])
        results = metrics.timed_search("public", wanted, current_app.config["INDEX_DIR"])
    except (BadParameter, SearchError, UnknownPlace) as error:
        return render_template(
            "search.html", form=request.args, error=str(error), results=None,
            suggestions=getattr(error, "suggestions", []),
            insurer_options=search_view.insurer_options(None)), 400
    context = search_view.results_context(
        results, request.args, get_session(), _tiles(),
        clinic_url=lambda slug: url_for("public.clinic", slug=slug))
    form = search_view.form_in_step(request.args, results)
    return render_template("search.html", form=form, results=results,
                           radius_choices=search_view.radius_choices(form, RADIUS_CHOICES_MI),
                           **context)


def _active_clinic(slug: str):
    found = queries.active_clinic_by_slug(get_session(), slug)
    if found is None:
        abort(404)
    return found


@bp.get("/clinics/<slug:slug>")
def clinic(slug: str):
    found = _active_clinic(slug)
    page = clinic_page.page_number(request.args.get("page"))
    context = clinic_page.context(get_session(), found, page,
                                  current_app.config["REVIEWS_PAGE_SIZE"])
    if context is None:
        abort(404)
    return render_template("clinic.html", clinic=found, **context)


def _correction_limit() -> str:
    return current_app.config["CORRECTION_RATE_LIMIT"]


@bp.route("/clinics/<slug:slug>/correction", methods=["GET", "POST"])
@limiter.limit(_correction_limit, methods=["POST"])
def correction(slug: str):
    """Suggest a correction; it is stored for an admin to check, and the page says so."""
    found = _active_clinic(slug)
    form = CorrectionForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("correction.html", clinic=found, form=form), status
    saved = save_correction(get_session(), found.id, form.topic.data, form.message.data,
                            form.contact_email.data)
    status_url = url_for("public.correction_status", token=saved.public_token)
    flash(Markup("Thank you. Your correction was sent. An editor will check it against the "
                 "clinic's own information before anything on this page changes. "
                 '<a href="{}">Follow its status</a> (keep this link).').format(status_url),
          "success")
    return redirect(url_for("public.clinic", slug=slug))


@bp.get("/corrections/<token>")
def correction_status(token: str):
    """The sender's view of a correction: open, accepted or rejected, and the editor's note."""
    found = correction_by_token(get_session(), token)
    if found is None:
        abort(404)
    clinic = get_session().get(Clinic, found.clinic_id)
    return render_template("correction_status.html", correction=found, clinic=clinic)
