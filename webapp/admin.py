"""Pages for the operators: sign in, sign out, and a dashboard of clinics and crawl jobs."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user

from webapp import auth, queries
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
    """Sign in; a wrong email or password gets one message for both, with status 401."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("admin/login.html", form=form), 400 if form.is_submitted() else 200
    admin = auth.authenticate(get_session(), form.email.data, form.password.data)
    if admin is None:
        flash("That email and password do not match an admin account.", "error")
        return render_template("admin/login.html", form=form), 401
    login_user(admin)
    return redirect(local_path(request.args.get("next")) or url_for("admin.dashboard"))


@bp.post("/logout")
@login_required
def logout():
    if LogoutForm().validate_on_submit():
        logout_user()
    return redirect(url_for("admin.login"))


@bp.get("/")
@login_required
def dashboard():
    session = get_session()
    return render_template(
        "admin/dashboard.html",
        counts=queries.clinic_counts(session),
        jobs=queries.recent_crawl_jobs(session),
        logout_form=LogoutForm(),
    )
