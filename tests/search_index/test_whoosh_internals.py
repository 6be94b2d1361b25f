"""The Whoosh internals the search reads (only in ``search_index.clauses``) are still there.

``clauses._read_blocks`` reads the W3 codec's posting blocks through private attributes
(``_read_ids``, ``_read_weights``, ``_next_block``, ``_ids``, ``_weights``). An upgrade of Whoosh
that renames or changes them must fail here, by name, rather than as "the index cannot be read"
on every free-text search.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import FilterMatcher

from search_index import clauses
from search_index.readers import thread_view

BLOCK_ATTRIBUTES = ("_read_ids", "_read_weights", "_next_block")
BLOCK_VALUES = ("_ids", "_weights")
PRIVATE = {*BLOCK_ATTRIBUTES, *BLOCK_VALUES}
PACKAGE = Path(clauses.__file__).parent


@pytest.mark.parametrize("name", BLOCK_ATTRIBUTES)
def test_the_w3_matcher_still_has_the_block_methods_the_search_calls(name):
    assert callable(getattr(W3LeafMatcher, name, None)), (
        f"Whoosh's W3LeafMatcher no longer has {name}(): search_index.clauses._read_blocks "
        "reads it; rewrite that function for this Whoosh, or read postings one at a time.")


def _common_term(searcher) -> tuple[str, str]:
    reader = searcher.reader()
    return "reviews", max((term for term in reader.lexicon("reviews")),
                          key=lambda term: reader.doc_frequency("reviews", term)).decode()


def test_reading_postings_by_block_gives_what_whooshs_public_matcher_gives(corpus):
    searcher = thread_view(corpus.index_dir).searcher
    field, term = _common_term(searcher)
    ids, weights = clauses._postings(searcher, field, term)
    public_ids, public_weights = [], []
    for leaf, offset in searcher.reader().leaf_readers():
        matcher = leaf.postings(field, term)
        while matcher.is_active():
            public_ids.append(matcher.id() + offset)
            public_weights.append(matcher.weight())
            matcher.next()
    assert len(ids) > 10
    assert list(ids) == public_ids
    assert list(weights) == pytest.approx(public_weights)


def test_the_matcher_the_codec_hands_out_is_the_one_read_by_block(corpus):
    searcher = thread_view(corpus.index_dir).searcher
    field, term = _common_term(searcher)
    leaf, _ = searcher.reader().leaf_readers()[0]
    matcher = leaf.postings(field, term)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    assert isinstance(matcher, W3LeafMatcher), (
        f"Whoosh now hands out {type(matcher).__name__} postings: search_index.clauses reads "
        "them one posting at a time, which is slower; check the block reader still applies.")
    matcher._read_ids()
    matcher._read_weights()
    for name in BLOCK_VALUES:
        assert len(getattr(matcher, name)) > 0, f"W3LeafMatcher.{name} is gone or empty"


def test_no_other_module_reads_whoosh_internals():
    readers = set()
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.Attribute) and node.attr in PRIVATE
               for node in ast.walk(tree)):
            readers.add(path.name)
    assert readers == {"clauses.py"}
