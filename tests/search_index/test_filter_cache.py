"""The cache of filter-value document sets is bounded and never remembers unknown values."""
from __future__ import annotations

import pytest

from search_index import SearchError, SearchRequest, search
from search_index.facts import GEO_CELL
from search_index.readers import thread_view


def _snapshot(index_dir):
    return thread_view(index_dir).snapshot


def test_junk_filter_values_do_not_grow_the_cache(corpus):
    snapshot = _snapshot(corpus.index_dir)
    before = snapshot.cached_sets()
    for n in range(5000):
        assert snapshot.set_of("insurers", f"no-such-insurer-{n}") == 0
        assert snapshot.set_of(GEO_CELL, f"{n}:{-n}") == 0
    assert snapshot.cached_sets() == before


def test_searches_naming_junk_insurers_do_not_grow_the_cache(corpus):
    before = _snapshot(corpus.index_dir).cached_sets()
    for n in range(300):
        with pytest.raises(SearchError, match="not an insurer we know"):
            search(SearchRequest(insurers=[f"junk-{n}"]), corpus.index_dir)
    assert _snapshot(corpus.index_dir).cached_sets() == before


def test_the_cache_keeps_at_most_its_size_and_answers_the_same_when_full(corpus):
    snapshot = _snapshot(corpus.index_dir)
    cells = [value for (field, value) in _known_keys(snapshot) if field == GEO_CELL]
    assert len(cells) > 20
    first = {cell: snapshot.set_of(GEO_CELL, cell) for cell in cells}
    small = type(snapshot)(thread_view(corpus.index_dir).searcher.reader(), snapshot.segments,
                           set_cache_size=8)
    for cell in cells:
        assert small.set_of(GEO_CELL, cell) == first[cell]
        assert small.cached_sets() <= 8
    # Asked again after being pushed out, each value gives the same set.
    assert {cell: small.set_of(GEO_CELL, cell) for cell in cells} == first
    assert small.cached_sets() == 8


def test_a_value_in_use_stays_while_others_come_and_go(corpus):
    snapshot = _snapshot(corpus.index_dir)
    cells = [value for (field, value) in _known_keys(snapshot) if field == GEO_CELL]
    small = type(snapshot)(thread_view(corpus.index_dir).searcher.reader(), snapshot.segments,
                           set_cache_size=4)
    small.set_of("status", "active")
    for cell in cells:
        small.set_of(GEO_CELL, cell)
        small.set_of("status", "active")
    assert ("status", "active") in small._sets


def _known_keys(snapshot) -> set[tuple[str, str]]:
    return {key for facts, _ in snapshot.segments for key in facts.sets}
