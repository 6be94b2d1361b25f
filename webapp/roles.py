"""Who may do what among the operators: editors moderate; only admins manage sources, users and
API keys. Views say which with ``staff_only`` or ``admin_only``; both send a signed-out visitor
to the sign-in page, and an editor on an admin-only page gets 403."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def staff_only(view):
    """Any signed-in operator, admin or editor."""
    guarded = login_required(view)
    guarded.admin_only = False
    return guarded


def admin_only(view):
    @wraps(view)
    def checked(*args, **kwargs):
        if getattr(current_user, "role", None) != "admin":
            abort(403)
        return view(*args, **kwargs)

    guarded = login_required(checked)
    guarded.admin_only = True
    return guarded


def actor() -> str:
    """The name the audit log gives the signed-in operator."""
    return current_user.email
