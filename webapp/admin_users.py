"""Operators' accounts for admins: the list, a new account, a new role, access removed.

The rules (last admin kept, sessions ended, passwords hashed as ``create-admin`` does) are in
``webapp.accounts``; every change goes to the audit log with the account before and after.
Editors get 403.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from clinics import audit
from clinics.models import AdminUser
from webapp import accounts
from webapp.admin_forms import ActionForm, RoleForm, UserForm
from webapp.db import get_session
from webapp.roles import actor, admin_only

bp = Blueprint("admin_users", __name__, url_prefix="/admin")


def _page(form: UserForm, status: int = 200):
    users = accounts.all_users(get_session())
    return render_template("admin/users.html", users=users, form=form, action=ActionForm(),
                           role_forms={u.id: RoleForm(formdata=None, role=u.role) for u in users}
                           ), status


def _user_or_404(user_id: int) -> AdminUser:
    user = get_session().get(AdminUser, user_id) if user_id < 2**31 else None
    if user is None:
        abort(404)
    return user


@bp.get("/users")
@admin_only
def users():
    return _page(UserForm(formdata=None))


@bp.post("/users")
@admin_only
def add_user():
    """Add an account; a bad email, role or password is a 400 with the reason, nothing stored."""
    form = UserForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _page(form, 400)
    session = get_session()
    try:
        user = accounts.add_user(session, form.email.data, form.role.data, form.password.data)
    except accounts.AccountError as error:
        session.rollback()
        form.email.errors = [str(error)]
        return _page(form, 400)
    audit.record(session, actor(), "user.create", f"user {user.email}",
                 before=None, after=accounts.snapshot(user))
    session.commit()
    flash(f"Added {user.email} as {user.role}.", "success")
    return redirect(url_for(".users"))


@bp.post("/users/<int:user_id>/role")
@admin_only
def change_role(user_id: int):
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    session = get_session()
    user = _user_or_404(user_id)
    before = accounts.snapshot(user)
    try:
        changed = accounts.change_role(session, user, form.role.data)
    except accounts.AccountError as error:
        session.rollback()
        flash(str(error), "error")
        return _page(UserForm(formdata=None), 409)
    if changed:
        audit.record(session, actor(), "user.role", f"user {user.email}",
                     before=before, after=accounts.snapshot(user))
        session.commit()
        flash(f"{user.email} is now {user.role}; their open sessions have ended.", "success")
    return redirect(url_for(".users"))


@bp.post("/users/<int:user_id>/remove")
@admin_only
def remove_access(user_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    session = get_session()
    user = _user_or_404(user_id)
    before = accounts.snapshot(user)
    try:
        removed = accounts.remove_access(session, user)
    except accounts.AccountError as error:
        session.rollback()
        flash(str(error), "error")
        return _page(UserForm(formdata=None), 409)
    if removed:
        audit.record(session, actor(), "user.remove", f"user {user.email}",
                     before=before, after=accounts.snapshot(user))
        session.commit()
        flash(f"{user.email} can no longer sign in; their open sessions have ended.", "success")
    return redirect(url_for(".users"))
