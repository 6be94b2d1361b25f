"""Partners' API keys: made once, shown once, stored only as a hash, revoked by name.

A key is 32 random bytes (``ck_`` and URL-safe base64), so a fast SHA-256 is the right hash: no
one can guess such a key, and a lookup costs one indexed query. The stored prefix lets an admin
tell keys apart without the key itself. Revoking keeps the row, stamped, for the record.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinics.models import ApiKey

KEY_PREFIX = "ck_"
SHOWN_PREFIX_CHARS = 10
MAX_NAME_CHARS = 100
# Longer than any key we issue; a longer header is refused before it is hashed.
MAX_KEY_CHARS = 100


class ApiKeyError(ValueError):
    """A key request that cannot be done; the message says why."""


def key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_CHARS or any(ord(ch) < 32 for ch in name):
        raise ApiKeyError(f"Name the key in 1 to {MAX_NAME_CHARS} printable characters.")
    return name


def active_named(session: Session, name: str) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).where(ApiKey.name == name,
                                                     ApiKey.revoked_at.is_(None))))


def create(session: Session, name: str) -> tuple[ApiKey, str]:
    """A new key for ``name``: (its row, the key itself, which is never stored or shown again).

    Raises ApiKeyError when the name is empty or too long, or already has a live key: one live
    key per partner name keeps ``revoke NAME`` unambiguous. The caller commits.
    """
    name = _clean_name(name)
    if active_named(session, name):
        raise ApiKeyError(f"“{name}” already has a key; revoke it first or choose another name.")
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(name=name, prefix=raw[:SHOWN_PREFIX_CHARS], key_hash=key_hash(raw),
                 created_at=datetime.now(timezone.utc))
    session.add(row)
    session.flush()
    return row, raw


def all_keys(session: Session) -> list[ApiKey]:
    """Every key, live and revoked, oldest first."""
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke(session: Session, name: str) -> int:
    """Revoke the live key of ``name``; how many were revoked (0 when it had none)."""
    found = active_named(session, _clean_name(name))
    moment = datetime.now(timezone.utc)
    for row in found:
        row.revoked_at = moment
    return len(found)


def live_key_id(session: Session, raw: str) -> int | None:
    """The id of the live key whose hash matches ``raw``, or None (unknown, revoked or
    malformed). Only the id is read: every partner request asks, and a whole row costs more."""
    if not raw or len(raw) > MAX_KEY_CHARS or not raw.startswith(KEY_PREFIX):
        return None
    return session.scalars(select(ApiKey.id).where(ApiKey.key_hash == key_hash(raw),
                                                   ApiKey.revoked_at.is_(None)).limit(1)).first()
