"""A new index version starts with the caches of the one in use, filled before readers switch."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from clinics import vocab
from clinics.db import session_scope
from clinics.models import Clinic
from search_index import IndexUnavailable, SearchRequest, rebuild, search, update
from search_index import readers
from search_index.readers import thread_view
from search_index.schema import SCORED_FIELDS
from search_index.textmatch import scored_synonyms
from search_index.words import TEXT_VOCABULARIES, synonym_tokens
from webapp.warm_start import warm


def _first_id(database_url: str) -> int:
    with session_scope(database_url) as session:
        return session.scalar(select(Clinic.id).where(Clinic.status == "active")
                              .order_by(Clinic.id))


def _warm_searches(index_dir) -> None:
    search(SearchRequest(q="ketamine", sort="relevance"), index_dir)
    search(SearchRequest(sort="rating", min_rating=4), index_dir)
    search(SearchRequest(insurers=["aetna"]), index_dir)
    # A small directory is sorted directly; a large one walks the version's rating order.
    thread_view(index_dir).snapshot.order("rating")


def test_the_next_version_inherits_what_the_version_in_use_had_cached(small_db, tmp_path):
    index_dir = tmp_path / "index"
    rebuild(small_db, index_dir)
    _warm_searches(index_dir)
    old = thread_view(index_dir).snapshot
    for _ in range(2):
        update([_first_id(small_db)], small_db, index_dir)
        new = thread_view(index_dir).snapshot
        assert new is not old
        assert new.cached_orders() == ["rating"]
        assert ("rating", ">=", 4.0) in new.cached_thresholds()
        assert ("insurers", "aetna") in new.cached_set_keys()
        assert ("ketamine", True) in new.recent_texts()
        assert new.text_cache["clauses"]
        old = new


def test_other_threads_keep_the_version_they_have_while_one_warms_the_next(small_db,
                                                                          tmp_path):
    index_dir = tmp_path / "index"
    rebuild(small_db, index_dir)
    _warm_searches(index_dir)
    before = thread_view(index_dir).snapshot
    update([_first_id(small_db)], small_db, index_dir)
    live = readers.generations.current(index_dir.resolve())
    seen = []
    readers._warming.add(live)  # as if another thread were warming it now
    try:
        other = threading.Thread(target=lambda: seen.append(thread_view(index_dir).snapshot))
        seen.append(thread_view(index_dir).snapshot)
        other.start()
        other.join()
    finally:
        readers._warming.discard(live)
    # This thread kept its version; a thread with no version yet opened the new one.
    assert seen[0] is before
    assert seen[1] is not before
    assert thread_view(index_dir).snapshot is not before


def test_a_starting_process_opens_the_live_version_with_its_shared_caches_filled(small_db,
                                                                                 tmp_path):
    index_dir = tmp_path / "index"
    assert readers.warm_at_start(index_dir) is False  # nothing built yet
    rebuild(small_db, index_dir)
    try:
        assert readers.warm_at_start(index_dir) is True
        seen = []
        reader = threading.Thread(target=lambda: seen.append(thread_view(index_dir).snapshot))
        reader.start()
        reader.join()
        snapshot = seen[0]
        assert sorted(snapshot.cached_orders()) == ["price", "rating"]
        assert snapshot.text_cache.get("spelling")
        assert snapshot.has_rating_weights()
        assert {key[1] for key in snapshot.text_cache if key[0] == "norms"} == set(SCORED_FIELDS)
    finally:
        readers.release_held()


def test_a_starting_process_has_every_vocabulary_name_matched_and_scored(small_db, tmp_path):
    index_dir = tmp_path / "index"
    rebuild(small_db, index_dir)
    try:
        readers.warm_at_start(index_dir)
        snapshot = thread_view(index_dir).snapshot
        clauses = snapshot.text_cache["clauses"]
        assert set(scored_synonyms(snapshot)) == {(name, synonym_tokens(name, token))
                          for name in TEXT_VOCABULARIES for token in vocab.tokens(name)}
        kept = set(clauses)
        # Any name of a vocabulary term, typed any way, finds the clause made at start.
        for typed in ("sgb", "Stellate Ganglion Block", "spravato", "ptsd", "tricare"):
            found = search(SearchRequest(q=typed, sort="relevance"), index_dir)
            assert found.total > 0
        assert set(clauses) == kept
    finally:
        readers.release_held()
        readers.close_thread_searchers()


def test_the_version_opened_at_start_is_given_back_once_a_reader_moves_past_it(small_db,
                                                                              tmp_path):
    index_dir = tmp_path / "index"
    first = rebuild(small_db, index_dir)
    try:
        readers.warm_at_start(index_dir)
        second = rebuild(small_db, index_dir)
        # Held since the start, though no thread has searched it.
        assert second["removed_generations"] == []
        search(SearchRequest(), index_dir)
        readers.close_thread_searchers()
        third = rebuild(small_db, index_dir)
        assert sorted(third["removed_generations"]) == [first["generation"],
                                                        second["generation"]]
    finally:
        readers.release_held()


def test_a_damaged_index_at_start_is_reported_and_the_worker_still_starts(small_db, tmp_path):
    index_dir = tmp_path / "index"
    rebuild(small_db, index_dir)
    live = readers.generations.current(index_dir.resolve())
    for path in live.iterdir():
        if path.suffix in (".toc", ".seg"):
            path.write_bytes(b"\x00not an index\x00" * 8)
    with pytest.raises(IndexUnavailable):
        readers.warm_at_start(index_dir)
    line = warm(index_dir)
    assert line.startswith("worker ready in ") and "index not opened: " in line
    assert not readers._held


def test_a_server_warms_the_next_version_behind_its_searches(small_db, tmp_path):
    index_dir = tmp_path / "index"
    rebuild(small_db, index_dir)
    try:
        readers.warm_at_start(index_dir)
        _warm_searches(index_dir)
        old = thread_view(index_dir).snapshot
        update([_first_id(small_db)], small_db, index_dir)
        live = readers.generations.current(index_dir.resolve())
        # The search that meets the new version keeps the old one and starts its warming.
        assert thread_view(index_dir).snapshot is old
        deadline = time.monotonic() + 30
        while live in readers._warming or not readers._is_warm(live):
            assert time.monotonic() < deadline, "the new version was never warmed"
            time.sleep(0.01)
        new = thread_view(index_dir).snapshot
        assert new is not old
        assert new.cached_orders() and ("insurers", "aetna") in new.cached_set_keys()
        assert ("ketamine", True) in new.recent_texts()
        assert new.has_rating_weights()
        assert set(scored_synonyms(new)) == set(scored_synonyms(old))
    finally:
        readers.release_held()
        readers.close_thread_searchers()
