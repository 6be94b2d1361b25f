"""The order of the results, and only as much of it as the page needs.

Every order is total (ties broken by name, then clinic id), so page 2 continues page 1 exactly.
"Best match" blends how well the words match (Whoosh's BM25F, scaled to the best match), how close
the clinic is (within the radius searched) and its combined rating; with neither words nor a point
it is the rating order. Only the first ``stop`` results are ever sorted: a heap for computed keys,
and a walk down a per-version precomputed order for rating and price.
"""
from __future__ import annotations

import heapq

from whoosh.searching import Searcher

from search_index import bits
from search_index.nearby import Nearby
from search_index.snapshot import ORDERS, Snapshot
from search_index.textmatch import TextMatch

# Weights of (words, distance, rating) in best match, by what the search has.
BLEND_WEIGHTS = {
    (True, True): (0.6, 0.25, 0.15),
    (True, False): (0.8, 0.0, 0.2),
    (False, True): (0.0, 0.6, 0.4),
}
# Up to this many matches, sort them; beyond it, walk the precomputed order.
_SORT_DIRECTLY = 2000


def first(matched: int, sort: str, stop: int, snapshot: Snapshot, searcher: Searcher,
          text: TextMatch, nearby: Nearby | None) -> list[int]:
    """The first ``stop`` document numbers of ``matched`` in the order ``sort``."""
    if sort == "distance" and nearby is not None:
        return _by_distance(matched, stop, snapshot, nearby)
    if sort == "relevance" and (text.scored or nearby is not None):
        return _best_match(matched, stop, snapshot, searcher, text, nearby)
    return _stored_order(matched, "price" if sort == "price" else "rating", stop, snapshot)


def _top(docnums: list[int], values: list[float], stop: int, rows) -> list[int]:
    """The ``stop`` documents with the smallest values, ties broken by name and then id.

    The heap compares bare floats (fast); the documents tied with the last one kept are then
    sorted with the full key, so the order is total without building a key per document.
    """
    if not docnums:
        return []
    chosen = heapq.nsmallest(stop, range(len(docnums)), key=values.__getitem__)
    limit = values[chosen[-1]]
    pool = [i for i, value in enumerate(values) if value <= limit]
    pool.sort(key=lambda i: (values[i], rows[docnums[i]].name_key, rows[docnums[i]].clinic_id))
    return [docnums[i] for i in pool[:stop]]


def _by_distance(matched: int, stop: int, snapshot: Snapshot, nearby: Nearby) -> list[int]:
    docnums = bits.members(matched)
    distances = nearby.distance_mi
    return _top(docnums, [distances[d] for d in docnums], stop, snapshot.rows)


def _stored_order(matched: int, name: str, stop: int, snapshot: Snapshot) -> list[int]:
    if matched.bit_count() <= _SORT_DIRECTLY:
        key, rows = ORDERS[name], snapshot.rows
        return heapq.nsmallest(stop, bits.members(matched), key=lambda d: key(rows[d]))
    table = bits.lookup(matched, snapshot.size)
    out: list[int] = []
    for docnum in snapshot.order(name):
        if bits.has(table, docnum):
            out.append(docnum)
            if len(out) == stop:
                break
    return out


def _best_match(matched: int, stop: int, snapshot: Snapshot, searcher: Searcher,
                text: TextMatch, nearby: Nearby | None) -> list[int]:
    docnums = bits.members(matched)
    if not docnums:
        return []
    text_weight, distance_weight, rating_weight = BLEND_WEIGHTS[(text.scored, nearby is not None)]
    blended = [0.0] * len(docnums)
    if text.scored:
        scores = text.scores(snapshot, searcher, docnums)
        scale = text_weight / (max(scores) or 1.0)
        blended = [score * scale for score in scores]
    if nearby is not None:
        scale = distance_weight / nearby.radius_mi
        distances = nearby.distance_mi
        blended = [b + distance_weight - distances[d] * scale for b, d in zip(blended, docnums)]
    ratings = snapshot.rating_weights()
    scale = rating_weight / 5.0
    # Negated, so that the best match is the smallest value.
    blended = [-b - ratings[d] * scale for b, d in zip(blended, docnums)]
    return _top(docnums, blended, stop, snapshot.rows)
