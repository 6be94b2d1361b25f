"""A new index version starts with the caches of the one in use, filled before readers switch."""
from __future__ import annotations

import threading

from sqlalchemy import select

from clinics.db import session_scope
from clinics.models import Clinic
from search_index import SearchRequest, rebuild, search, update
from search_index import readers
from search_index.readers import thread_view


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
