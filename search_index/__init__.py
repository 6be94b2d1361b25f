"""The clinic search index (Whoosh): build from the database, swap atomically, query.

The face is deliberately small so the engine behind it could be replaced:
``search(SearchRequest) -> SearchResults`` for every reader, ``rebuild`` and ``update`` for
writers, and ``check`` to compare the index with the database.
"""
from search_index.build import active_count, rebuild, touched_since, update
from search_index.check import CheckReport, check
from search_index.errors import IndexBusy, IndexUnavailable, IndexWriteError, SearchError
from search_index.query import search
from search_index.request import Hit, SearchRequest, SearchResults

__all__ = [
    "CheckReport", "Hit", "IndexBusy", "IndexUnavailable", "IndexWriteError", "SearchError",
    "SearchRequest", "SearchResults",
    "active_count", "check", "rebuild", "search", "touched_since", "update",
]
