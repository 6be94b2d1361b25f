"""Filling a new index version's caches before any reader uses it.

Every cache of a snapshot (filter-value sets, rating and price orders, thresholds, the postings
and scores of words, the spelling dictionary) belongs to one index version, so after each update
the first searches would rebuild them while patients wait: hundreds of milliseconds for a common
word at 20,000 clinics. Instead, whoever opens a new version first replays on it what the version
in use has cached, and the readers switch only once that is done.

A process that starts has no version in use to replay: it fills the caches most searches share
instead (``start``).
"""
from __future__ import annotations

from whoosh.searching import Searcher

from search_index import spelling
from search_index.errors import SearchError
from search_index.snapshot import Snapshot
from search_index.textmatch import match_text


def replay(previous: Snapshot, snapshot: Snapshot, searcher: Searcher) -> None:
    """Compute on ``snapshot`` what ``previous`` had computed, for the same requests."""
    for field, value in previous.cached_set_keys():
        snapshot.set_of(field, value)
    for name in previous.cached_orders():
        snapshot.order(name)
    for field, op, value in previous.cached_thresholds():
        if op == ">=":
            snapshot.at_least(field, value)
        else:
            snapshot.at_most(field, value)
    if previous.text_cache.get("spelling") is not None:
        spelling.dictionary(snapshot)
    for q, scored in previous.recent_texts():
        _text(q, scored, snapshot, searcher)
        # Passed on, so that the version after this one is warmed with them too.
        snapshot.note_text(q, scored)


def start(snapshot: Snapshot) -> None:
    """Fill a starting process's first snapshot with what many searches need: the rating and
    price orders and the spelling dictionary. The postings of words are left to the searches
    that ask for them: the vocabulary's words alone would hold some 30 MB of scores at 20,000
    clinics in every worker, for a few tens of milliseconds saved once per word."""
    for name in ("rating", "price"):
        snapshot.order(name)
    spelling.dictionary(snapshot)


def _text(q: str, scored: bool, snapshot: Snapshot, searcher: Searcher) -> None:
    try:
        found = match_text(q, snapshot, searcher)
    except SearchError:
        return
    if scored:
        for clause in found.clauses:
            clause.scores(snapshot, searcher)
