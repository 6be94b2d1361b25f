"""Errors of the search index, with messages a person can act on.

Three kinds, because each face answers them differently:

* ``SearchError`` is about the request: a face shows its message as a 400 page or a JSON error.
* ``IndexUnavailable`` is about this server: the index is not built, missing, unreadable or
  damaged. A face answers 503 and asks the client to come back; an operator's ``index check``
  rebuilds it. Its message is for the operator and the log, not for the visitor.
* ``IndexBusy`` and ``IndexWriteError`` are about writing: another rebuild or update holds the
  index, or the disk refused the new files. The index in use is left as it was in both cases.
"""
from __future__ import annotations


class SearchError(ValueError):
    """A search that cannot be answered as asked; ``str(error)`` is safe to show to the user."""


class IndexUnavailable(RuntimeError):
    """The live index cannot be read: never built, removed, unreadable or corrupt.

    The cause, when there is one, is chained (``__cause__``) for the log.
    """


class IndexBusy(RuntimeError):
    """Another process or thread is writing the index and did not finish within the timeout."""


class IndexWriteError(RuntimeError):
    """A rebuild or update could not write its files (read-only folder, disk full, ...)."""
