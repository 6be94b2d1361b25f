"""Admin sign-in: password hashing, checking, and the identity Flask-Login keeps in the session.

Hashes are scrypt with OWASP's parameters (N=2^17, r=8, p=1). A login for an unknown email
still pays for one hash check, so response time does not tell which emails exist.

The session cookie names the admin and their ``session_version``; every request checks it against
the database, so signing out (or a new password) raises the version and a cookie copied earlier
no longer signs anyone in.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import Flask
from flask_login import UserMixin
from sqlalchemy import update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from clinics.models import AdminUser
from webapp import queries
from webapp.db import get_session
from webapp.extensions import login_manager

PASSWORD_METHOD = "scrypt:131072:8:1"
MIN_PASSWORD_CHARS = 12


@dataclass(frozen=True)
class AdminIdentity(UserMixin):
    """What a signed-in request knows about its admin; detached from any DB session."""

    id: int
    email: str
    session_version: int = 0
    # "admin" or "editor" (``webapp.roles``).
    role: str = "admin"

    def get_id(self) -> str:
        """What the session cookie stores: the admin's id and the session version it was
        issued under."""
        return f"{self.id}:{self.session_version}"


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    return generate_password_hash("decoy password, never valid", method=PASSWORD_METHOD)


def authenticate(session: Session, email: str, password: str) -> AdminIdentity | None:
    """The admin whose email and password match, or None."""
    user = queries.admin_by_email(session, normalize_email(email))
    if user is None:
        check_password_hash(_decoy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or user.disabled_at is not None:
        return None
    return AdminIdentity(user.id, user.email, user.session_version, user.role)


def end_sessions(session: Session, admin_id: int) -> None:
    """Raise the admin's session version: every cookie issued before stops working.

    One UPDATE, so two sign-outs at once both count. The caller commits.
    """
    session.execute(update(AdminUser).where(AdminUser.id == admin_id)
                    .values(session_version=AdminUser.session_version + 1))


ROLES = ("admin", "editor")


def set_admin_password(session: Session, email: str, password: str,
                       role: str | None = None) -> bool:
    """Create the admin, or give an existing one a new password; True when created.

    ``role`` ("admin", the default for a new account, or "editor") is set when given. A new
    password also ends the admin's open sessions. Raises ValueError for a password shorter
    than MIN_PASSWORD_CHARS. The caller commits.
    """
    if role is not None and role not in ROLES:
        raise ValueError(f"Choose a role: {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"Use a password of at least {MIN_PASSWORD_CHARS} characters.")
    email = normalize_email(email)
    if "@" not in email:
        raise ValueError(f"“{email}” is not an email address.")
    password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
    user = queries.admin_by_email(session, email)
    if user is None:
        session.add(AdminUser(email=email, password_hash=password_hash, role=role or "admin"))
        return True
    user.password_hash = password_hash
    if role is not None:
        user.role = role
    end_sessions(session, user.id)
    return False


# Longer numbers are no id or version of ours, and would overflow the database's integers.
_MAX_DIGITS = 9


def _load_admin(cookie_id: str) -> AdminIdentity | None:
    """The admin a session cookie names, or None when the cookie's session version is not the
    admin's current one (it was issued before a sign-out or a password change)."""
    admin_id, _, version = cookie_id.partition(":")
    if not all(part.isascii() and part.isdigit() and len(part) <= _MAX_DIGITS
               for part in (admin_id, version)):
        return None
    user = queries.admin_by_id(get_session(), int(admin_id))
    if (user is None or user.session_version != int(version)
            or user.disabled_at is not None):
        return None
    return AdminIdentity(user.id, user.email, user.session_version, user.role)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(_load_admin)
    login_manager.login_view = "admin.login"
    login_manager.login_message = "Please sign in to see the admin pages."
