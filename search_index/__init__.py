"""The clinic search index (Whoosh): build from the database, swap atomically, query.

The face is deliberately small so the engine behind it could be replaced:
``search(SearchRequest) -> SearchResults`` for every reader, ``rebuild`` and ``update`` for
writers, ``check`` to compare the index with the database, and ``warm_at_start`` for a server's
worker to fill its caches before its first search.
"""
from search_index.build import active_count, rebuild, touched_since, update
from search_index.check import CheckReport, check
from search_index.errors import IndexBusy, IndexUnavailable, IndexWriteError, SearchError
from search_index.query import search
from search_index.readers import warm_at_start
from search_index.request import Hit, SearchRequest, SearchResults

__all__ = [
    "CheckReport", "Hit", "IndexBusy", "IndexUnavailable", "IndexWriteError", "SearchError",
    "SearchRequest", "SearchResults",
    "active_count", "check", "rebuild", "search", "touched_since", "update", "warm_at_start",
]
