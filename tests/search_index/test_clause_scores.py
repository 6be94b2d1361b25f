"""Document sets and summed scores: the fast paths give what the plain definitions give."""
from __future__ import annotations

import random

import pytest

from search_index import bits, clauses
from search_index.readers import thread_view


@pytest.mark.parametrize("size", [1, 7, 8, 9, 100, 20_000])
@pytest.mark.parametrize("share", [0.0, 0.01, 0.5, 1.0])
def test_a_set_holds_exactly_the_members_it_was_made_of(size, share):
    chosen = sorted(random.Random(size).sample(range(size), int(size * share)))
    made = bits.from_members(chosen, size)
    assert bits.members(made) == chosen
    assert made == sum(1 << docnum for docnum in chosen)
    assert bits.from_members(iter(chosen), size) == made  # an iterator takes the other path


def test_a_member_beyond_the_size_is_refused():
    with pytest.raises(IndexError):
        bits.from_members(list(range(64)) + [64], 64)


def _terms(corpus, *stems):
    view = thread_view(corpus.index_dir)
    children = [clauses.term_clause(view.snapshot, view.searcher, (("text", stem),))
                for stem in stems]
    assert all(child.docs for child in children)
    return view, children


def test_all_of_sums_its_parts_where_all_match_and_scores_nothing_elsewhere(corpus):
    view, children = _terms(corpus, "ketamin", "infus")
    both = clauses.all_clause(children)
    scores = both.scores(view.snapshot, view.searcher)
    parts = [child.scores(view.snapshot, view.searcher) for child in children]
    inside = set(bits.members(both.docs))
    assert 0 < len(inside) < max(child.docs.bit_count() for child in children)
    for docnum in range(view.snapshot.size):
        if docnum in inside:
            assert scores[docnum] == pytest.approx(sum(part[docnum] for part in parts))
        else:
            assert scores[docnum] == 0.0


def test_any_of_sums_whichever_parts_match(corpus):
    view, children = _terms(corpus, "ketamin", "infus")
    either = clauses.any_clause(children)
    scores = either.scores(view.snapshot, view.searcher)
    parts = [child.scores(view.snapshot, view.searcher) for child in children]
    assert either.docs == children[0].docs | children[1].docs
    assert list(scores) == pytest.approx([parts[0][d] + parts[1][d]
                                          for d in range(view.snapshot.size)])
