"""Admin sign-in: password hashing, checking, and the identity Flask-Login keeps in the session.

Hashes are scrypt with OWASP's parameters (N=2^17, r=8, p=1). A login for an unknown email
still pays for one hash check, so response time does not tell which emails exist.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import Flask
from flask_login import UserMixin
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
    if not check_password_hash(user.password_hash, password):
        return None
    return AdminIdentity(user.id, user.email)


def set_admin_password(session: Session, email: str, password: str) -> bool:
    """Create the admin, or give an existing one a new password; True when created.

    Raises ValueError for a password shorter than MIN_PASSWORD_CHARS. The caller commits.
    """
    if len(password) < MIN_PASSWORD_CHARS:
        raise ValueError(f"Use a password of at least {MIN_PASSWORD_CHARS} characters.")
    email = normalize_email(email)
    if "@" not in email:
        raise ValueError(f"“{email}” is not an email address.")
    password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
    user = queries.admin_by_email(session, email)
    if user is None:
        session.add(AdminUser(email=email, password_hash=password_hash))
        return True
    user.password_hash = password_hash
    return False


def _load_admin(user_id: str) -> AdminIdentity | None:
    if not user_id.isdigit():
        return None
    user = queries.admin_by_id(get_session(), int(user_id))
    return AdminIdentity(user.id, user.email) if user else None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(_load_admin)
    login_manager.login_view = "admin.login"
    login_manager.login_message = "Please sign in to see the admin pages."
