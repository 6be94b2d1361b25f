"""Flask extensions, created unbound so that every app built by the factory binds its own.

``create_app`` calls ``init_app`` on each; nothing here knows about an app at import time.
"""
from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
# Storage comes from RATELIMIT_STORAGE_URI (memory:// unless configured), read at init_app.
# When a shared storage (Redis) stops answering, each process counts in memory until it is back,
# rather than answering 500.
limiter = Limiter(key_func=get_remote_address, in_memory_fallback_enabled=True,
                  swallow_errors=True)
