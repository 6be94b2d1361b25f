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

from clinics import vocab
from search_index import spelling
from search_index.clauses import norms
from search_index.errors import SearchError
from search_index.filters import THRESHOLD_FIELDS
from search_index.schema import SCORED_FIELDS
from search_index.snapshot import Snapshot
from search_index.textmatch import match_text, scored_synonyms, synonym_clause
from search_index.words import TEXT_VOCABULARIES, synonym_tokens


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
    if previous.has_rating_weights():
        _columns(snapshot, searcher)
    for vocabulary, tokens in scored_synonyms(previous):
        synonym_clause(vocabulary, tokens, snapshot, searcher).scores(snapshot, searcher)
    for q, scored in previous.recent_texts():
        _text(q, scored, snapshot, searcher)
        # Passed on, so that the version after this one is warmed with them too.
        snapshot.note_text(q, scored)


def start(snapshot: Snapshot, searcher: Searcher) -> None:
    """Fill a starting process's first snapshot with what many searches need: the rating and
    price orders, the spelling dictionary, the per-document columns of ``_columns`` and the
    vocabulary's clauses. Other words are left to the searches that ask for them."""
    for name in ("rating", "price"):
        snapshot.order(name)
    spelling.dictionary(snapshot)
    _columns(snapshot, searcher)
    _vocabulary(snapshot, searcher)


def _vocabulary(snapshot: Snapshot, searcher: Searcher) -> None:
    """The documents and scores of every treatment, condition and insurer named in free text:
    most searches name one, and the first search of a name would otherwise read the postings of
    all its words (tens of milliseconds for "sgb" or "treatment resistant depression")."""
    for vocabulary in TEXT_VOCABULARIES:
        for token in vocab.tokens(vocabulary):
            tokens = synonym_tokens(vocabulary, token)
            synonym_clause(vocabulary, tokens, snapshot, searcher).scores(snapshot, searcher)


def _columns(snapshot: Snapshot, searcher: Searcher) -> None:
    """One number per document that the first search of its kind would otherwise compute while
    a patient waits: the length normalization of every scored field, the sorted numbers that
    the rating and price filters cut, and the ratings "best match" blends in (a few hundred
    kilobytes in all at 20,000 clinics)."""
    for field in SCORED_FIELDS:
        norms(snapshot, searcher, field)
    for field in THRESHOLD_FIELDS:
        snapshot.sorted_values(field)
    snapshot.rating_weights()


def _text(q: str, scored: bool, snapshot: Snapshot, searcher: Searcher) -> None:
    try:
        found = match_text(q, snapshot, searcher)
    except SearchError:
        return
    if scored:
        for clause in found.clauses:
            clause.scores(snapshot, searcher)
