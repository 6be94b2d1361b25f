"""The documents and scores of one query part, read from Whoosh's postings once per index version.

A common word ("ketamine") occurs in nearly every clinic's description and reviews. Letting Whoosh
collect and score all of them on every search costs a hundred milliseconds or more in pure Python;
reading its postings once per index version and keeping them as a document set (``bits``) with a
dense score array costs a few milliseconds, once. Scores are Whoosh's own BM25F (same idf, same
field length normalization, field boosts already in the posting weights), summed over the fields
and alternatives of a part the way Whoosh's ``Or`` sums its sub-queries.

This is the one module that reads Whoosh's internals (the W3 codec's posting blocks, in
``_read_blocks``); tests/search_index/test_whoosh_internals.py names each one and fails when an
upgrade changes them. The engine is ``whoosh3`` 3.54.0, the maintained fork (``whoosh-reloaded``
2.7.5, used before, says it is no longer maintained): a drop-in whose W3 codec keeps the same
block attributes, and which rebuilt the benchmark's index about a tenth faster.
"""
from __future__ import annotations

import math
import threading
from array import array
from collections import OrderedDict, deque
from typing import Callable

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import FilterMatcher
from whoosh.query import Or, Phrase
from whoosh.searching import Searcher

from search_index import bits
from search_index.snapshot import Snapshot

# Whoosh's BM25F defaults.
B = 0.75
K1 = 1.2
# Parts whose sets and scores are kept per version, least recently used dropped first.
MAX_CACHED_PARTS = 256
MAX_PREFIX_TERMS = 32

Pair = tuple[str, str]
Scorer = Callable[[Snapshot, Searcher], array]


# A part matching fewer than this share of the documents keeps its scores by document rather
# than in a dense array (about 100 bytes an entry against 4 bytes a document).
_SPARSE_SHARE = 1 / 32


class Sparse(dict):
    """Scores of a part that matches few documents: 0.0 for every document it does not hold."""

    def __missing__(self, docnum: int) -> float:
        return 0.0


_NO_SCORES = Sparse()


class Clause:
    """The live documents one part matches, and their scores once a relevance sort asks."""

    def __init__(self, docs: int, scorer: Scorer | None = None):
        self.docs = docs
        self._scorer = scorer
        self._scores: array | None = None
        self._lock = threading.Lock()

    @property
    def scored(self) -> bool:
        return self._scores is not None

    def scores(self, snapshot: Snapshot, searcher: Searcher) -> array | Sparse:
        """Score per document number (0.0 where the part does not match), indexed as
        ``scores[docnum]``: dense for common parts, by document for rare ones."""
        with self._lock:
            if self._scores is None:
                self._scores = self._computed(snapshot, searcher)
                self._scorer = None
            return self._scores

    def _computed(self, snapshot: Snapshot, searcher: Searcher) -> array | Sparse:
        if self._scorer is None or not self.docs:
            return _NO_SCORES
        dense = self._scorer(snapshot, searcher)
        if self.docs.bit_count() >= snapshot.size * _SPARSE_SHARE:
            return dense
        return Sparse({docnum: dense[docnum] for docnum in bits.members(self.docs)})


def _postings(searcher: Searcher, field: str, term: str) -> tuple[array, array]:
    """(document numbers, weights) of one term across the reader's segments, deleted included."""
    ids, weights = array("I"), array("f")
    for leaf, offset in searcher.reader().leaf_readers():
        if (field, term) not in leaf:
            continue
        matcher = leaf.postings(field, term)
        if isinstance(matcher, FilterMatcher):
            # Deleted documents are removed with the version's live set instead.
            matcher = matcher.child
        if isinstance(matcher, W3LeafMatcher):
            _read_blocks(matcher, offset, ids, weights)
            continue
        while matcher.is_active():
            ids.append(matcher.id() + offset)
            weights.append(matcher.weight())
            matcher.next()
    return ids, weights


def _read_blocks(matcher: W3LeafMatcher, offset: int, ids: array, weights: array) -> None:
    """A whole block of postings at a time, rather than one posting per Python call.

    This reads the block attributes of whoosh3 3.54.0's W3 codec (the pinned version); it
    halves the time of reading a common word's postings.
    """
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        if offset:
            ids.extend(docnum + offset for docnum in matcher._ids)
        else:
            ids.extend(matcher._ids)
        weights.extend(matcher._weights)
        matcher._next_block()


def norms(snapshot: Snapshot, searcher: Searcher, field: str) -> array:
    """K1 * (1 - B + B * length / average length) per document: BM25's length normalization."""
    key = ("norms", field)
    found = snapshot.text_cache.get(key)
    if found is None:
        scale = B / (searcher.avg_field_length(field) or 1.0)
        found = array("d", (K1 * ((1 - B) + length * scale) for length in snapshot.lengths(field)))
        snapshot.text_cache[key] = found
    return found


def _bm25f(postings: list[tuple[str, str, array, array]]) -> Scorer:
    def score(snapshot: Snapshot, searcher: Searcher) -> array:
        scores = array("f", bytes(4 * snapshot.size))
        for field, term, ids, weights in postings:
            norms_of_field = norms(snapshot, searcher, field)
            idf = math.log(snapshot.size / (searcher.doc_frequency(field, term) + 1)) + 1
            factor = idf * (K1 + 1)
            for docnum, weight in zip(ids, weights):
                scores[docnum] += factor * weight / (weight + norms_of_field[docnum])
        return scores
    return score


def _summed(children: list[Clause], docs: int) -> Scorer:
    """Scores summed over the children, computed only where the part matches: for "all of"
    parts the intersection, often a small share of what each child matches alone."""
    def score(snapshot: Snapshot, searcher: Searcher) -> array:
        total = array("f", bytes(4 * snapshot.size))
        members = bits.members(docs)
        columns = [map(child.scores(snapshot, searcher).__getitem__, members)
                   for child in children if child.docs]
        deque(map(total.__setitem__, members, map(sum, zip(*columns))), maxlen=0)
        return total
    return score


def cached(snapshot: Snapshot, key, make: Callable[[], Clause]) -> Clause:
    """The clause under ``key`` for this version, made by ``make()`` the first time.

    ``make`` runs outside the lock: two threads may both make a new clause, and one is kept.
    """
    with snapshot.text_lock:
        cache: OrderedDict = snapshot.text_cache.setdefault("clauses", OrderedDict())
        clause = cache.get(key)
        if clause is not None:
            cache.move_to_end(key)
            return clause
    clause = make()
    with snapshot.text_lock:
        cache[key] = clause
        while len(cache) > MAX_CACHED_PARTS:
            cache.popitem(last=False)
    return clause


def cached_keys(snapshot: Snapshot, kind: str) -> list[tuple]:
    """The keys (after ``kind``) of the clauses of one kind this version keeps scored now."""
    with snapshot.text_lock:
        cache = snapshot.text_cache.get("clauses", {})
        return [key[1:] for key, clause in cache.items() if key[0] == kind and clause.scored]


def term_clause(snapshot: Snapshot, searcher: Searcher, pairs: tuple[Pair, ...]) -> Clause:
    """Documents with any of the (field, term) pairs; scores summed over those that match."""
    return cached(snapshot, ("terms", pairs),
                  lambda: Clause(*term_postings(snapshot, searcher, pairs)))


def term_postings(snapshot: Snapshot, searcher: Searcher,
                  pairs: tuple[Pair, ...]) -> tuple[int, Scorer]:
    """(live documents, scorer) of the documents with any of the (field, term) pairs: the
    arguments of a ``Clause`` that is not kept on its own."""
    postings, docs = [], 0
    for field, term in pairs:
        ids, weights = _postings(searcher, field, term)
        if ids:
            postings.append((field, term, ids, weights))
            docs |= bits.from_members(ids, snapshot.size)
    return docs & snapshot.live, _bm25f(postings)


def any_clause(children: list[Clause]) -> Clause:
    """Documents any child matches, scored by the sum of the children's scores."""
    if len(children) == 1:
        return children[0]
    docs = bits.union(child.docs for child in children)
    return Clause(docs, _summed(children, docs))


def all_clause(children: list[Clause]) -> Clause:
    """Documents every child matches, scored by the sum of the children's scores."""
    docs = bits.intersection((child.docs for child in children), -1) if children else 0
    return Clause(docs, _summed(children, docs))


def phrase_clause(snapshot: Snapshot, searcher: Searcher, fields: tuple[str, ...],
                  stems: tuple[str, ...]) -> Clause:
    """Documents where the stemmed words occur in this order in one of the positional fields."""
    def make() -> Clause:
        query = Or([Phrase(field, list(stems)) for field in fields])
        found = dict(searcher.search(query, limit=None, scored=True).items())

        def score(snapshot: Snapshot, _searcher: Searcher) -> array:
            scores = array("f", bytes(4 * snapshot.size))
            for docnum, value in found.items():
                scores[docnum] = value
            return scores
        return Clause(bits.from_members(found, snapshot.size) & snapshot.live, score)
    return cached(snapshot, ("phrase", fields, stems), make)


def prefix_terms(searcher: Searcher, field: str, prefix: str) -> list[str]:
    """Indexed terms of ``field`` that start with ``prefix``, or that ``prefix`` starts with.

    The second kind catches stems shorter than what was typed ("infusi*" finds the stem "infus").
    """
    reader = searcher.reader()
    found: list[str] = []
    for term in reader.expand_prefix(field, prefix):
        found.append(term.decode("utf-8") if isinstance(term, bytes) else term)
        if len(found) >= MAX_PREFIX_TERMS:
            break
    for length in range(max(3, len(prefix) - 3), len(prefix)):
        stem = prefix[:length]
        if (field, stem) in reader and stem not in found:
            found.append(stem)
    return found
