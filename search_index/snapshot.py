"""One version of the index as searches see it: rows and document sets in global numbering.

A Whoosh reader numbers documents across its segments (segment offset + number in the segment).
The snapshot lines the segments' facts up in that numbering, removes the documents this version
deleted, and caches what every search would otherwise recompute: the set of each filter value,
the sets of numeric thresholds ("rated 4 or better"), and the clinics in rating and price order.
Everything in it is immutable once computed, so all threads share one snapshot per version;
caches fill lazily and a race only computes a value twice.

The filter-value sets are the one cache whose keys come from requests (any insurer or map cell
a URL names), so it is bounded (SEARCH_FILTER_CACHE_SIZE, least recently used out) and keeps
only values some document holds: a value no segment knows is answered as empty without being
remembered, so junk in URLs cannot grow it.
"""
from __future__ import annotations

from array import array
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from typing import Callable

from whoosh.reading import IndexReader

import config
from clinics.ratings import best_rated_score
from search_index import bits
from search_index.facts import ClinicRow, SegmentFacts

# Bound on cached threshold sets per version; the form offers a handful of values.
_MAX_THRESHOLDS = 256
# The rating an unrated clinic counts with in "best match": neither rewarded nor sunk.
NEUTRAL_RATING = 3.0
# Free texts remembered per version, so that the next version can be warmed with them.
_RECENT_TEXTS = 64


def _rating_key(row: ClinicRow) -> tuple:
    """"Best rated": the Bayesian score, so that one glowing review does not outrank fifty good
    ones; the shown rating stays the plain mean."""
    score = best_rated_score(row.rating, row.review_count)
    return (row.rating is None, -score, -row.review_count, row.name_key, row.clinic_id)


def _price_key(row: ClinicRow) -> tuple:
    price = row.price_min_usd
    return (price is None, price or 0, row.name_key, row.clinic_id)


def _rating_weight(row: ClinicRow) -> float:
    if row.rating is None or not row.review_count:
        return NEUTRAL_RATING
    return best_rated_score(row.rating, row.review_count)


ORDERS: dict[str, Callable[[ClinicRow], tuple]] = {"rating": _rating_key, "price": _price_key}


class Snapshot:
    """The facts of one index version; ``version`` is Whoosh's index generation number."""

    def __init__(self, reader: IndexReader, segments: list[tuple[SegmentFacts, int]],
                 set_cache_size: int | None = None):
        self.version = reader.generation()
        self.size = reader.doc_count_all()
        self.segments = segments
        self.rows: list[ClinicRow] = [row for facts, _ in segments for row in facts.rows]
        self.live = self._live(reader)
        self.live_count = self.live.bit_count()
        self.everything = bits.all_of(self.size)
        self._sets: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._sets_lock = threading.Lock()
        self.set_cache_size = set_cache_size or config.load().search_filter_cache_size
        self._thresholds: dict[tuple[str, str, float], int] = {}
        self._sorted_values: dict[str, tuple[array, array]] = {}
        self._orders: dict[str, array] = {}
        self._values: dict[str, list[str]] = {}
        self._rating_weights: array | None = None
        # Filled by the text matcher: postings and scores of words, per version.
        self.text_cache: dict = {}
        self.text_lock = threading.Lock()
        # Free texts searched on this version, newest last, and whether they were scored.
        self._texts: OrderedDict[str, bool] = OrderedDict()

    def _live(self, reader: IndexReader) -> int:
        live = 0
        for (facts, offset), (leaf, _) in zip(self.segments, reader.leaf_readers()):
            deleted = bits.from_members(leaf.segment().deleted_docs() or (), facts.size)
            live |= (bits.all_of(facts.size) & ~deleted) << offset
        return live

    def lengths(self, field: str) -> array:
        """Each document's length in a scored field (see ``facts.SegmentFacts``)."""
        key = ("lengths", field)
        found = self.text_cache.get(key)
        if found is None:
            found = array("I")
            for facts, _ in self.segments:
                found.extend(facts.lengths[field])
            self.text_cache[key] = found
        return found

    def set_of(self, field: str, value: str) -> int:
        """Live documents whose ``field`` holds ``value`` (a token, a fact word, a map cell)."""
        key = (field, value)
        with self._sets_lock:
            found = self._sets.get(key)
            if found is not None:
                self._sets.move_to_end(key)
                return found
        parts = [local << offset if offset else local for facts, offset in self.segments
                 if (local := facts.sets.get(key)) is not None]
        if not parts:
            return 0
        # One segment and no deletions (a fresh rebuild): the segment's own set, not a copy.
        found = parts[0] if len(parts) == 1 else bits.union(parts)
        if self.live_count != self.size:
            found &= self.live
        with self._sets_lock:
            self._sets[key] = found
            while len(self._sets) > self.set_cache_size:
                self._sets.popitem(last=False)
        return found

    def cached_sets(self) -> int:
        """How many filter-value sets this snapshot keeps now."""
        return len(self._sets)

    def cached_set_keys(self) -> list[tuple[str, str]]:
        """The (field, value) of every filter-value set kept now, least recently used first."""
        with self._sets_lock:
            return list(self._sets)

    def cached_orders(self) -> list[str]:
        return list(self._orders)

    def cached_thresholds(self) -> list[tuple[str, str, float]]:
        return list(self._thresholds)

    def has_rating_weights(self) -> bool:
        return self._rating_weights is not None

    def rating_weights(self) -> array:
        """Each document's "best rated" score, or the neutral rating when it has no reviews: what
        "best match" blends in for every clinic it ranks, computed once per version."""
        found = self._rating_weights
        if found is None:
            found = array("d", (_rating_weight(row) for row in self.rows))
            self._rating_weights = found
        return found

    def note_text(self, q: str, scored: bool) -> None:
        """Remember a free text searched on this version (see ``recent_texts``)."""
        with self.text_lock:
            self._texts[q] = self._texts.get(q, False) or scored
            self._texts.move_to_end(q)
            while len(self._texts) > _RECENT_TEXTS:
                self._texts.popitem(last=False)

    def recent_texts(self) -> list[tuple[str, bool]]:
        """(free text, whether its scores were needed) of the latest searches, oldest first."""
        with self.text_lock:
            return list(self._texts.items())

    def has_value(self, field: str, value: str) -> bool:
        return self.set_of(field, value) != 0

    def values(self, field: str) -> list[str]:
        """Every value of ``field`` some live document holds, e.g. every insurer in the index."""
        found = self._values.get(field)
        if found is None:
            names = {value for facts, _ in self.segments for (name, value) in facts.sets
                     if name == field}
            found = sorted(value for value in names if self.has_value(field, value))
            self._values[field] = found
        return found

    def sorted_values(self, field: str) -> tuple[array, array]:
        """(values, document numbers) of the live documents stating ``field``, by value: two
        arrays rather than a list of pairs, a tenth of the memory."""
        found = self._sorted_values.get(field)
        if found is None:
            table = bits.lookup(self.live, self.size)
            pairs = sorted((getattr(row, field), docnum) for docnum, row in enumerate(self.rows)
                           if getattr(row, field) is not None and bits.has(table, docnum))
            found = (array("d", (value for value, _ in pairs)),
                     array("I", (docnum for _, docnum in pairs)))
            self._sorted_values[field] = found
        return found

    def at_least(self, field: str, low: float) -> int:
        """Live documents whose number ``field`` is stated and at least ``low``."""
        return self._threshold(field, ">=", low)

    def at_most(self, field: str, high: float) -> int:
        """Live documents whose number ``field`` is stated and at most ``high``."""
        return self._threshold(field, "<=", high)

    def _threshold(self, field: str, op: str, value: float) -> int:
        key = (field, op, value)
        found = self._thresholds.get(key)
        if found is None:
            values, docnums = self.sorted_values(field)
            if op == ">=":
                chosen = docnums[bisect_left(values, value):]
            else:
                chosen = docnums[:bisect_right(values, value)]
            found = bits.from_members(chosen, self.size)
            if len(self._thresholds) >= _MAX_THRESHOLDS:
                self._thresholds.clear()
            self._thresholds[key] = found
        return found

    def order(self, name: str) -> array:
        """Live document numbers in one of the ORDERS, a stable total order."""
        found = self._orders.get(name)
        if found is None:
            key = ORDERS[name]
            table = bits.lookup(self.live, self.size)
            alive = [d for d in range(self.size) if bits.has(table, d)]
            found = array("I", sorted(alive, key=lambda docnum: key(self.rows[docnum])))
            self._orders[name] = found
        return found
