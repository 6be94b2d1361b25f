"""Partners' API keys for admins: the list, a new key shown once, and revoking one.

The same rules as ``flask api-key`` (``clinics.api_keys``): only a hash is stored, one live key
per partner name, revoking keeps the row. The page that shows a new key is the answer to the
form's POST itself, marked ``no-store``, so the key is never in a redirect, a session or a cache.
Every change goes to the audit log. Editors get 403.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from clinics import api_keys, audit
from clinics.models import ApiKey
from webapp.admin_forms import ActionForm, ApiKeyForm
from webapp.db import get_session
from webapp.roles import actor, admin_only

bp = Blueprint("admin_keys", __name__, url_prefix="/admin")


def _page(form: ApiKeyForm, status: int = 200, new_key: str | None = None):
    rows = api_keys.all_keys(get_session())
    response = render_template("admin/keys.html", keys=rows, form=form, action=ActionForm(),
                               new_key=new_key)
    return response, status, {"Cache-Control": "no-store"}


@bp.get("/keys")
@admin_only
def keys():
    return _page(ApiKeyForm())


@bp.post("/keys")
@admin_only
def create_key():
    """Make a key and show it on this answer only; a bad name is a 400 with the form's message."""
    form = ApiKeyForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    session = get_session()
    try:
        row, raw = api_keys.create(session, form.name.data)
    except api_keys.ApiKeyError as error:
        session.rollback()
        form.name.errors = [str(error)]
        return _page(form, 400)
    audit.record(session, actor(), "api_key.create", f"api key {row.name}",
                 after={"prefix": row.prefix})
    session.commit()
    return _page(ApiKeyForm(formdata=None), 201, new_key=raw)


@bp.post("/keys/<int:key_id>/revoke")
@admin_only
def revoke_key(key_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    session = get_session()
    row = session.get(ApiKey, key_id) if key_id < 2**31 else None
    if row is None:
        abort(404)
    if row.revoked_at is None:
        api_keys.revoke(session, row.name)
        audit.record(session, actor(), "api_key.revoke", f"api key {row.name}",
                     before={"prefix": row.prefix, "live": True}, after={"live": False})
        session.commit()
        flash(f"Revoked the API key of {row.name}; requests with it now get 401.", "success")
    else:
        flash(f"The key of {row.name} was already revoked.", "info")
    return redirect(url_for(".keys"))
