"""How pages and files travel: compressed, and static files under versioned URLs kept for a year.

``url_for('static', filename=...)`` adds ``?v=`` and the file's version: the first hex digits of
its SHA-256, or for the npm packages' files under ``vendor/`` the stamp of their installation.
A request whose ``v`` is the file's current version is answered with ``Cache-Control: public,
max-age=31536000, immutable``: a returning visitor downloads it again only when the file changes,
and then its URL changes too. Any other static request keeps Flask's revalidation (ETag, no-cache).
Responses are compressed (zstd, brotli, gzip or deflate, as the browser accepts) by Flask-Compress.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

from flask import Flask, Response, current_app, request
from flask_compress import Compress
from werkzeug.security import safe_join

YEAR_S = 365 * 24 * 3600
VERSION_DIGITS = 12
VENDOR = "vendor"
RECHECK_S = 2.0

compress = Compress()
_versions: dict[tuple[str, int, int], str] = {}
_stamps: dict[tuple[str, int], str | None] = {}
_recent: dict[tuple[str, str], tuple[float, str | None]] = {}
_lock = threading.Lock()


def _vendor_stamp(static_folder: str) -> str | None:
    """The version of every file `make static` installed: the digits of its stamp file's name,
    which change whenever package.json, package-lock.json or the map data script do."""
    folder = Path(static_folder, VENDOR)
    try:
        key = (str(folder), folder.stat().st_mtime_ns)
    except OSError:
        return None
    if key not in _stamps:
        stamps = sorted(folder.glob(".installed-*"))
        _stamps[key] = (stamps[-1].name.removeprefix(".installed-")[:VERSION_DIGITS]
                        if stamps else None)
    return _stamps[key]


def file_version(static_folder: str, filename: str) -> str | None:
    """The version of a static file, or None when there is no such file.

    Files of ``vendor/`` (and its folders, whose files a script asks for by name) share the
    vendor stamp; the site's own files are versioned by a prefix of their SHA-256, hashed once
    per content (the key holds the file's modification time and size).
    """
    path = safe_join(static_folder, filename)
    if path is None:
        return None
    if filename.startswith(VENDOR + "/"):
        return _vendor_stamp(static_folder) if os.path.exists(path) else None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    key = (path, stat.st_mtime_ns, stat.st_size)
    version = _versions.get(key)
    if version is None:
        with open(path, "rb") as handle:
            version = hashlib.sha256(handle.read()).hexdigest()[:VERSION_DIGITS]
        with _lock:
            _versions[key] = version
    return version


def _recent_version(static_folder: str, filename: str) -> str | None:
    """``file_version``, looked up on disk at most once per RECHECK_S for each file: a page
    names several static files, and a deploy that changes one is seen within that time."""
    now = time.monotonic()
    key = (static_folder, filename)
    known = _recent.get(key)
    if known is None or now - known[0] > RECHECK_S:
        known = (now, file_version(static_folder, filename))
        _recent[key] = known
    return known[1]


def _add_version(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "v" not in values and values.get("filename"):
        version = _recent_version(current_app.static_folder, values["filename"])
        if version:
            values["v"] = version


def _keep_versioned_files(response: Response) -> Response:
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    # Read the (small) file into the response, so compression works on bytes and the file is
    # closed with the response: compressing the open file as a stream would never close it.
    response.direct_passthrough = False
    response.make_sequence()
    wanted = request.args.get("v")
    filename = (request.view_args or {}).get("filename", "")
    if wanted and wanted == file_version(current_app.static_folder, filename):
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = YEAR_S
        response.cache_control.immutable = True
    return response


def init_app(app: Flask) -> None:
    compress.init_app(app)
    app.url_defaults(_add_version)
    app.after_request(_keep_versioned_files)
