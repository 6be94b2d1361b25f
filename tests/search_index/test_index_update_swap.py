"""An incremental update never writes into the generation readers use: it writes a copy and
swaps it in, as a full rebuild does."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from clinics.db import session_scope
from clinics.models import Clinic
from search_index import SearchRequest, rebuild, search, update
from search_index.generations import LEASE, current
from search_index.readers import close_thread_searchers, thread_view

from clinic_corpus import searching_meanwhile


def _files(generation: Path) -> dict[str, tuple[int, int, int]]:
    """Name -> (inode, size, mtime) of every file in a generation."""
    out = {}
    for entry in os.scandir(generation):
        if entry.is_file() and entry.name != LEASE:
            stat = entry.stat()
            out[entry.name] = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    return out


def _active_ids(database_url: str) -> list[int]:
    with session_scope(database_url) as session:
        return list(session.scalars(select(Clinic.id).where(Clinic.status == "active")
                                    .order_by(Clinic.id)))


def _rename(database_url: str, clinic_id: int, name: str) -> str:
    with session_scope(database_url) as session:
        clinic = session.get(Clinic, clinic_id)
        clinic.name = name
        return clinic.slug


def test_an_update_publishes_a_new_generation_and_leaves_the_live_one_untouched(small_db,
                                                                                 tmp_path):
    index_dir = tmp_path / "index"
    rebuild(small_db, index_dir)
    live = current(index_dir)
    before = _files(live)
    search(SearchRequest(), index_dir)  # a reader holds the live generation
    slug = _rename(small_db, _active_ids(small_db)[0], "Quetzal Infusion Lounge")
    stats = update([_active_ids(small_db)[0]], small_db, index_dir)
    assert current(index_dir) != live
    assert stats["generation"] == current(index_dir).name
    assert _files(live) == before
    assert {hit.slug for hit in search(SearchRequest(q="quetzal"), index_dir).hits} == {slug}


def test_a_reader_that_opened_before_an_update_keeps_a_whole_consistent_view(small_db,
                                                                             tmp_path):
    """A searcher opened before the update keeps answering from the version it opened."""
    index_dir = tmp_path / "index"
    total = rebuild(small_db, index_dir)["clinics"]
    ids = _active_ids(small_db)
    view = thread_view(index_dir)
    docs_before = view.searcher.doc_count()
    with session_scope(small_db) as session:
        for clinic_id in ids[:5]:
            session.get(Clinic, clinic_id).status = "hidden"
    update(ids[:5], small_db, index_dir)
    # The old searcher still reads its own generation, whole: no missing files, same count.
    assert view.searcher.doc_count() == docs_before == total
    assert len(list(view.searcher.documents())) == total
    close_thread_searchers()
    assert search(SearchRequest(per_page=100), index_dir).total == total - 5


def test_old_generations_go_once_no_reader_holds_them(small_db, tmp_path):
    index_dir = tmp_path / "index"
    rebuild(small_db, index_dir)
    first = current(index_dir)
    search(SearchRequest(), index_dir)
    update(_active_ids(small_db)[:1], small_db, index_dir)
    assert first.exists()
    close_thread_searchers()
    stats = update(_active_ids(small_db)[:1], small_db, index_dir)
    assert first.name in stats["removed_generations"]
    assert sorted(p.name for p in index_dir.glob("gen-*")) == [current(index_dir).name]


def test_updates_in_a_loop_during_searches_never_give_a_reader_an_error(small_db, tmp_path):
    """Readers on four threads search without pause while renames and hides are indexed; every
    search answers, with the count of one version or the next, never a partial one."""
    index_dir = tmp_path / "index"
    total = rebuild(small_db, index_dir)["clinics"]
    ids = _active_ids(small_db)
    counts = {total - hidden for hidden in range(0, 11)}
    with searching_meanwhile(lambda: search(SearchRequest(per_page=100), index_dir).total,
                             threads=4, pause_s=0) as (seen, errors):
        for step, clinic_id in enumerate(ids[:10]):
            _rename(small_db, ids[-1 - step], f"Renamed Clinic {step}")
            with session_scope(small_db) as session:
                session.get(Clinic, clinic_id).status = "hidden"
            update([clinic_id, ids[-1 - step]], small_db, index_dir)
    assert errors == []
    assert len(seen) > 20
    assert set(seen) <= counts, sorted(set(seen) - counts)
    assert search(SearchRequest(per_page=100), index_dir).total == total - 10


def test_an_update_that_fails_half_way_leaves_the_live_generation_and_no_debris(small_db,
                                                                                tmp_path):
    """The live generation's term files are damaged: the copy cannot be written, is deleted, and
    ``current`` still names the generation it named."""
    index_dir = tmp_path / "index"
    rebuild(small_db, index_dir)
    live = current(index_dir)
    for terms in live.glob("*.trm"):
        terms.write_bytes(b"\0" * 64)
    with pytest.raises(Exception):  # noqa: B017 - Whoosh raises what it meets in the bytes
        update(_active_ids(small_db)[:1], small_db, index_dir)
    assert current(index_dir) == live
    assert sorted(p.name for p in index_dir.glob("gen-*")) == [live.name]
