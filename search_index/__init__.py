"""The clinic search index (Whoosh): build from the database, swap atomically, query.

The face is deliberately small so the engine behind it could be replaced:
``search(SearchRequest) -> SearchResults`` for every reader, ``rebuild`` and ``update`` for writers.
"""
from search_index.build import rebuild, update
from search_index.errors import IndexBusy, SearchError
from search_index.query import search
from search_index.request import Hit, SearchRequest, SearchResults

__all__ = [
    "Hit", "IndexBusy", "SearchError", "SearchRequest", "SearchResults", "rebuild", "search",
    "update",
]
