"""Rebuilds publish a complete new generation atomically and clean up the ones nobody reads."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from clinics.db import session_scope
from clinics.models import Clinic
from search_index import IndexBusy, SearchRequest, rebuild, search
from search_index.generations import write_lock
from search_index.readers import close_thread_searchers

from clinic_corpus import searching_meanwhile

ROOT = Path(__file__).resolve().parents[2]


def generations_in(index_dir: Path) -> list[str]:
    return sorted(path.name for path in index_dir.glob("gen-*"))


def active_count(database_url: str) -> int:
    with session_scope(database_url) as session:
        return len(list(session.scalars(select(Clinic.id).where(Clinic.status == "active"))))


def test_rebuild_indexes_the_active_clinics_and_points_current_at_them(small_db, tmp_path):
    stats = rebuild(small_db, tmp_path / "index")
    assert stats["clinics"] == active_count(small_db) < 42
    assert stats["removed_generations"] == [] and stats["seconds"] >= 0
    current = tmp_path / "index" / "current"
    assert current.is_symlink() and os.readlink(current) == stats["generation"]
    assert search(SearchRequest(), tmp_path / "index").total == stats["clinics"]


def test_a_second_rebuild_swaps_and_removes_the_unread_old_generation(small_db, tmp_path):
    index_dir = tmp_path / "index"
    first = rebuild(small_db, index_dir)
    second = rebuild(small_db, index_dir)
    assert second["generation"] != first["generation"]
    assert second["removed_generations"] == [first["generation"]]
    assert generations_in(index_dir) == [second["generation"]]
    assert os.readlink(index_dir / "current") == second["generation"]


def test_a_generation_stays_while_a_reader_holds_it_and_goes_once_released(small_db, tmp_path):
    index_dir = tmp_path / "index"
    first = rebuild(small_db, index_dir)
    search(SearchRequest(), index_dir)
    second = rebuild(small_db, index_dir)
    assert second["removed_generations"] == []
    assert generations_in(index_dir) == sorted([first["generation"], second["generation"]])
    # The next search moves this thread to the second generation and lets go of the first.
    search(SearchRequest(), index_dir)
    third = rebuild(small_db, index_dir)
    assert third["removed_generations"] == [first["generation"]]
    close_thread_searchers()
    fourth = rebuild(small_db, index_dir)
    assert sorted(fourth["removed_generations"]) == [second["generation"], third["generation"]]
    assert generations_in(index_dir) == [fourth["generation"]]


def test_a_thread_that_ends_gives_its_generation_back(small_db, tmp_path):
    index_dir = tmp_path / "index"
    first = rebuild(small_db, index_dir)
    worker = threading.Thread(target=search, args=(SearchRequest(), index_dir))
    worker.start()
    worker.join()
    assert rebuild(small_db, index_dir)["removed_generations"] == [first["generation"]]


READER = """
import sys
from search_index import SearchRequest, search
print(search(SearchRequest(), sys.argv[1]).total, flush=True)
sys.stdin.readline()
print(search(SearchRequest(), sys.argv[1]).total, flush=True)
sys.stdin.readline()
"""


def test_a_reader_in_another_process_keeps_its_generation_alive(small_db, tmp_path):
    index_dir = tmp_path / "index"
    first = rebuild(small_db, index_dir)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(index_dir)], cwd=ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert int(reader.stdout.readline()) == first["clinics"]
        second = rebuild(small_db, index_dir)
        assert first["generation"] in generations_in(index_dir)
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert int(reader.stdout.readline()) == second["clinics"]
        third = rebuild(small_db, index_dir)
        assert first["generation"] in third["removed_generations"]
    finally:
        reader.stdin.close()
        assert reader.wait(timeout=30) == 0
        reader.stdout.close()


QUERIES = (SearchRequest(near="39.0,-77.0", radius_mi=500), SearchRequest(q="ketamine"))


def totals_now(index_dir: Path) -> list[int]:
    return [search(request, index_dir).total for request in QUERIES]


def test_searches_during_rebuilds_never_fail_and_see_a_whole_index(small_db, tmp_path):
    index_dir = tmp_path / "index"
    rebuild(small_db, index_dir)
    before = totals_now(index_dir)
    with searching_meanwhile(lambda: totals_now(index_dir)) as (seen, errors):
        with session_scope(small_db) as session:
            first_active = session.scalars(
                select(Clinic).where(Clinic.status == "active")).first()
            first_active.status = "closed"
        for _ in range(4):
            rebuild(small_db, index_dir)
    after = totals_now(index_dir)
    assert errors == []
    assert len(seen) > 10
    assert after != before
    # Each search sees the old index or the new one, whole (the pair may straddle a swap).
    for totals in seen:
        assert all(total in pair for total, pair in zip(totals, zip(before, after)))
    close_thread_searchers()
    last = rebuild(small_db, index_dir)
    assert generations_in(index_dir) == [last["generation"]]


def test_a_failed_rebuild_leaves_the_live_index_and_no_debris(small_db, tmp_path):
    index_dir = tmp_path / "index"
    first = rebuild(small_db, index_dir)
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    with pytest.raises(Exception, match="no such table"):
        rebuild(f"sqlite:///{empty}", index_dir)
    with pytest.raises(Exception, match="unable to open database file"):
        rebuild(f"sqlite:///{tmp_path / 'missing.sqlite3'}", index_dir)
    assert not (tmp_path / "missing.sqlite3").exists()
    assert generations_in(index_dir) == [first["generation"]]
    assert search(SearchRequest(), index_dir).total == first["clinics"]


def test_a_rebuild_waits_for_the_writer_lock_and_then_says_the_index_is_busy(small_db, tmp_path):
    index_dir = tmp_path / "index"
    with write_lock(index_dir, timeout_s=1):
        with pytest.raises(IndexBusy, match="being written by another process"):
            rebuild(small_db, index_dir, timeout_s=0.2)
    assert rebuild(small_db, index_dir)["clinics"] == active_count(small_db)


def test_a_search_every_10_ms_during_full_rebuilds_never_fails_nor_comes_back_empty(
        corpus, tmp_path):
    index_dir = tmp_path / "index"
    total = rebuild(corpus.database_url, index_dir)["clinics"]
    request = SearchRequest(q="ketamine", near="Baltimore, MD", radius_mi=500, sort="relevance")
    expected = search(request, index_dir).total
    assert expected > 0
    with searching_meanwhile(lambda: search(request, index_dir).total, threads=1,
                             pause_s=0.010) as (seen, errors):
        for _ in range(3):
            assert rebuild(corpus.database_url, index_dir)["clinics"] == total
    assert errors == []
    assert len(seen) >= 20 and set(seen) == {expected}
