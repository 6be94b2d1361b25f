"""What a server's worker reads before its first request.

A fresh worker would otherwise make its first patients wait while it reads the place tables, the
index's facts, its rating and price orders, its spelling dictionary and the matches of every
treatment, condition and insurer name: two seconds or so in all at 20,000 clinics. gunicorn's
``post_worker_init`` and ``flask serve`` call ``warm`` before they take a request; meanwhile the
other workers serve.
"""
from __future__ import annotations

import time
from pathlib import Path

import search_index
from clinics.geo import load_places


def warm(index_dir: Path) -> str:
    """Read the place tables and open the live index with its shared caches filled; returns a
    line for the server's log. A missing or unreadable index is reported, not raised: the worker
    starts, and its pages answer 503 until the index is repaired, as they would have anyway."""
    began = time.perf_counter()
    load_places()
    try:
        index = "index opened" if search_index.warm_at_start(index_dir) else "no index built"
    except search_index.IndexUnavailable as error:
        index = f"index not opened: {error}"
    return f"worker ready in {time.perf_counter() - began:.2f} s ({index})"
