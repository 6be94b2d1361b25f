"""Sign-in throttle per account, beside the per-address limit on the login form.

A guesser spread over many addresses slips past a per-address limit, so failures are also counted
per email. After ``LOGIN_ACCOUNT_FREE_FAILURES`` wrong passwords the account is locked for
``LOGIN_ACCOUNT_BACKOFF_S`` seconds, and each further failure doubles the lock, up to
``LOGIN_ACCOUNT_MAX_LOCK_S`` (settings in config.py). While locked, even the right password gets 429 with Retry-After.
A successful sign-in clears the count; a count without new failures for a day is forgotten.

Every email is counted alike, known or not, so the answers do not tell which accounts exist. The
counts live in the rate limiter's storage (RATELIMIT_STORAGE_URI), so several processes sharing a
storage server share them; like the per-address limits, they are off when RATELIMIT_ENABLED is.
While that server cannot be reached, sign-in goes on under the per-address limit alone (which
falls back to counting in memory), and the failure is logged.
"""
from __future__ import annotations

import functools
import hashlib
import math
import time

from flask import current_app

from webapp.auth import normalize_email
from webapp.extensions import limiter

FORGET_AFTER_S = 24 * 3600


def lock_seconds(failures: int, free: int, backoff_s: float, max_lock_s: float) -> float:
    """How long the account stays locked after its ``failures``-th failure in a row: nothing
    before ``free`` failures, then ``backoff_s`` doubling with each failure, at most
    ``max_lock_s``."""
    if failures < free:
        return 0.0
    # The exponent is capped so that a long run of failures cannot overflow the float.
    return min(max_lock_s, backoff_s * 2 ** min(failures - free, 64))


def _keys(email: str) -> tuple[str, str]:
    digest = hashlib.sha256(normalize_email(email).encode("utf-8", "replace")).hexdigest()[:32]
    return f"login-account-failures/{digest}", f"login-account-lock/{digest}"


def _setting(name: str) -> float:
    return current_app.config[name]


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def _storage_may_fail(default):
    """Answer ``default`` when the counts' storage server fails, instead of a 500."""
    def decorate(function):
        @functools.wraps(function)
        def guarded(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except limiter.storage.base_exceptions:
                current_app.logger.warning("sign-in throttle storage unavailable",
                                           exc_info=True)
                return default
        return guarded
    return decorate


@_storage_may_fail(0)
def wait_seconds(email: str) -> int:
    """Whole seconds until ``email`` may try again; 0 when it may try now."""
    if not _enabled():
        return 0
    _, lock_key = _keys(email)
    if limiter.storage.get(lock_key) <= 0:
        return 0
    return max(1, math.ceil(limiter.storage.get_expiry(lock_key) - time.time()))


@_storage_may_fail(None)
def record_failure(email: str) -> None:
    """Count a wrong password for ``email`` and lock the account when the count calls for it."""
    if not _enabled():
        return
    failures_key, lock_key = _keys(email)
    failures = limiter.storage.incr(failures_key, FORGET_AFTER_S)
    seconds = lock_seconds(failures, int(_setting("LOGIN_ACCOUNT_FREE_FAILURES")),
                           _setting("LOGIN_ACCOUNT_BACKOFF_S"), _setting("LOGIN_ACCOUNT_MAX_LOCK_S"))
    if seconds > 0:
        limiter.storage.clear(lock_key)
        limiter.storage.incr(lock_key, math.ceil(seconds))


@_storage_may_fail(None)
def record_success(email: str) -> None:
    """A right password: the account starts afresh."""
    if not _enabled():
        return
    for key in _keys(email):
        limiter.storage.clear(key)
