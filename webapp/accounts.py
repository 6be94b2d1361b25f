"""The rules for operators' accounts that admins manage on /admin/users.

Removing access keeps the row (``disabled_at``): an id that is never reused can never match a
session cookie issued to someone else. A new role or removed access raises the account's session
version, so its open sessions end at their next request. The directory always keeps one admin
who can sign in: the last one can be neither demoted nor removed. Reading the admins takes their
rows' locks (``FOR UPDATE`` on PostgreSQL, the write lock on SQLite), so two admins demoting
each other at once cannot both succeed.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import false, select, update
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from clinics.models import AdminUser
from webapp import auth, queries


class AccountError(ValueError):
    """A change the rules refuse; the message says why, for the admin."""


def all_users(session: Session) -> list[AdminUser]:
    """Every account, those with access first, then by email."""
    return list(session.scalars(select(AdminUser).order_by(
        AdminUser.disabled_at.is_not(None), AdminUser.email)))


def _other_active_admins(session: Session, user_id: int) -> int:
    """How many admins with access there are besides ``user_id``, counted under a lock that
    holds until the caller commits: SQLite's write lock (taken by a write that matches nothing,
    since its reads take none), or on PostgreSQL the admins' rows, locked in id order."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(AdminUser).where(false()).values(role=AdminUser.role)
                        .execution_options(synchronize_session=False))
    ids = session.scalars(select(AdminUser.id)
                          .where(AdminUser.role == "admin", AdminUser.disabled_at.is_(None))
                          .order_by(AdminUser.id).with_for_update()).all()
    return sum(1 for admin_id in ids if admin_id != user_id)


def _keeps_an_admin(session: Session, user: AdminUser, what: str) -> None:
    if user.role == "admin" and user.disabled_at is None \
            and _other_active_admins(session, user.id) == 0:
        raise AccountError(f"{user.email} is the last admin: make another admin before you {what}.")


def snapshot(user: AdminUser) -> dict:
    """What the audit log records of an account, before and after a change."""
    return {"email": user.email, "role": user.role, "access": user.disabled_at is None}


def add_user(session: Session, email: str, role: str, password: str) -> AdminUser:
    """A new account, its password hashed as ``create-admin`` hashes it. The caller commits."""
    if role not in auth.ROLES:
        raise AccountError(f"Choose a role: {', '.join(auth.ROLES)}.")
    if len(password) < auth.MIN_PASSWORD_CHARS:
        raise AccountError(f"Use a password of at least {auth.MIN_PASSWORD_CHARS} characters.")
    email = auth.normalize_email(email)
    if "@" not in email:
        raise AccountError(f"“{email}” is not an email address.")
    if queries.admin_by_email(session, email) is not None:
        raise AccountError(f"{email} already has an account.")
    user = AdminUser(email=email, role=role,
                     password_hash=generate_password_hash(password, method=auth.PASSWORD_METHOD))
    session.add(user)
    session.flush()
    return user


def change_role(session: Session, user: AdminUser, role: str) -> bool:
    """Give the account ``role``; False when it already had it. Ends its open sessions."""
    if role not in auth.ROLES:
        raise AccountError(f"Choose a role: {', '.join(auth.ROLES)}.")
    if user.disabled_at is not None:
        raise AccountError(f"{user.email} has no access: its role cannot change.")
    if user.role == role:
        return False
    if role != "admin":
        _keeps_an_admin(session, user, "demote this one")
    user.role = role
    auth.end_sessions(session, user.id)
    return True


def remove_access(session: Session, user: AdminUser) -> bool:
    """Stop the account signing in and end its open sessions; False when it had no access."""
    if user.disabled_at is not None:
        return False
    _keeps_an_admin(session, user, "remove this one")
    user.disabled_at = datetime.now(timezone.utc)
    auth.end_sessions(session, user.id)
    return True

