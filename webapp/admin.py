"""Pages for the operators: sign in, sign out, and a dashboard of clinics and crawl jobs.

Sign-in is limited per address (LOGIN_RATE_LIMIT) and per account (``webapp.login_throttle``);
sign-out ends the admin's sessions on the server, not only this browser's cookie.
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.exceptions import TooManyRequests

from sqlalchemy import select

from clinics import audit, quality
from clinics.job_figures import figures
from clinics.models import Alert
from webapp import auth, login_throttle, queries
from webapp.admin_forms import ActionForm
from webapp.roles import actor, staff_only
from webapp.db import get_session
from webapp.extensions import limiter
from webapp.forms import LoginForm, LogoutForm
from webapp.security import local_path

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Sign in; a wrong email or password gets one message for both, with status 401, and a
    locked account gets 429 before its password is checked."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("admin/login.html", form=form), 400 if form.is_submitted() else 200
    wait_s = login_throttle.wait_seconds(form.email.data)
    if wait_s:
        raise TooManyRequests(retry_after=wait_s)
    admin = auth.authenticate(get_session(), form.email.data, form.password.data)
    if admin is None:
        login_throttle.record_failure(form.email.data)
        flash("That email and password do not match an admin account.", "error")
        return render_template("admin/login.html", form=form), 401
    login_throttle.record_success(form.email.data)
    login_user(admin)
    return redirect(local_path(request.args.get("next")) or url_for("admin.dashboard"))


@bp.post("/logout")
@login_required
def logout():
    """Sign out everywhere: the admin's session version goes up, so no earlier cookie of theirs,
    this one or a copy, signs anyone in again."""
    if LogoutForm().validate_on_submit():
        session = get_session()
        auth.end_sessions(session, current_user.id)
        session.commit()
        logout_user()
    return redirect(url_for("admin.login"))


@bp.get("/")
@staff_only
def dashboard():
    """Data quality at a glance, recent jobs with a chart of their figures, open alerts."""
    session = get_session()
    recent = queries.recent_crawl_jobs(session)
    stale_count, stale = quality.stale_clinics(session, current_app.config["STALE_AFTER_DAYS"])
    points = [(str(job.id), fig["pages_fetched"], fig["items_scraped"])
              for job, fig in ((job, figures(job.stats)) for job in reversed(recent))]
    return render_template(
        "admin/dashboard.html",
        counts=queries.clinic_counts(session),
        jobs=recent, figures=figures,
        per_state=quality.clinics_per_state(session),
        shares=quality.known_shares(session),
        stale_count=stale_count, stale=stale,
        conflicts=quality.open_conflicts(session),
        chart=quality.bar_chart(points),
        alerts=session.scalars(select(Alert).where(Alert.dismissed_at.is_(None))
                               .order_by(Alert.id.desc()).limit(20)).all(),
        logout_form=LogoutForm(), action=ActionForm(),
    )


@bp.post("/alerts/<int:alert_id>/dismiss")
@staff_only
def dismiss_alert(alert_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    session = get_session()
    alert = session.get(Alert, alert_id) if alert_id < 2**31 else None
    if alert is None:
        abort(404)
    alert.dismissed_at = datetime.now(timezone.utc)
    audit.record(session, actor(), "alert.dismiss", f"alert {alert.id}",
                 before={"message": alert.message}, after={"dismissed": True})
    session.commit()
    return redirect(url_for("admin.dashboard"))
