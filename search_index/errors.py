"""Errors of the search index, with messages a person can act on.

``SearchError`` is about the request (or an index that is not there yet): a face shows its message
as a 400 page or a JSON error. ``IndexBusy`` is about writing: another rebuild or update holds the
index, and the caller should try again later rather than wait forever.
"""
from __future__ import annotations


class SearchError(ValueError):
    """A search that cannot be answered as asked; ``str(error)`` is safe to show to the user."""


class IndexBusy(RuntimeError):
    """Another process or thread is writing the index and did not finish within the timeout."""
