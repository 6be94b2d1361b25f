"""Incremental updates change only the given clinics, through the one writer."""
from __future__ import annotations


import pytest
from sqlalchemy import select
from whoosh import index as whoosh_index

from clinics.db import session_scope
from clinics.models import Clinic
from search_index import IndexBusy, SearchRequest, rebuild, search, update
from search_index.generations import current, write_lock

from clinic_corpus import searching_meanwhile


def slugs(index_dir, q: str) -> set[str]:
    return {hit.slug for hit in search(SearchRequest(q=q, per_page=100), index_dir).hits}


def first_active_id(database_url: str) -> int:
    with session_scope(database_url) as session:
        return session.scalars(
            select(Clinic.id).where(Clinic.status == "active").order_by(Clinic.id)
        ).first()


def test_an_edited_clinic_is_found_by_its_new_name_after_update(small_db, tmp_path):
    index_dir = tmp_path / "index"
    rebuild(small_db, index_dir)
    clinic_id = first_active_id(small_db)
    with session_scope(small_db) as session:
        clinic = session.get(Clinic, clinic_id)
        clinic.name, slug = "Quetzal Infusion Lounge", clinic.slug
    assert slugs(index_dir, "quetzal") == set()
    stats = update([clinic_id], small_db, index_dir)
    assert (stats["indexed"], stats["removed"]) == (1, 0)
    assert slugs(index_dir, "quetzal") == {slug}
    total = search(SearchRequest(), index_dir).total
    update([clinic_id, clinic_id], small_db, index_dir)
    assert search(SearchRequest(), index_dir).total == total


def test_hidden_clinics_leave_and_new_clinics_join_the_index(small_db, tmp_path):
    index_dir = tmp_path / "index"
    before = rebuild(small_db, index_dir)["clinics"]
    hidden_id = first_active_id(small_db)
    with session_scope(small_db) as session:
        session.get(Clinic, hidden_id).status = "hidden"
        added = Clinic(name="Zebrafish Ketamine", slug="zebrafish", status="active",
                       treatments=["iv_ketamine"], insurers=[])
        session.add(added)
        session.flush()
        added_id = added.id
    stats = update([hidden_id, added_id, 999_999], small_db, index_dir)
    assert (stats["indexed"], stats["removed"]) == (1, 1)
    assert search(SearchRequest(), index_dir).total == before
    assert hidden_id not in {h.clinic_id for h in search(SearchRequest(per_page=100),
                                                         index_dir).hits}
    assert slugs(index_dir, "zebrafish") == {"zebrafish"}


def test_update_without_an_index_builds_one(small_db, tmp_path):
    stats = update([1], small_db, tmp_path / "index")
    assert stats["rebuilt"] is True
    assert search(SearchRequest(), tmp_path / "index").total == stats["clinics"] > 0


def test_update_says_the_index_is_busy_while_another_writer_holds_it(small_db, tmp_path):
    index_dir = tmp_path / "index"
    rebuild(small_db, index_dir)
    with write_lock(index_dir, timeout_s=1):
        with pytest.raises(IndexBusy, match="Try again"):
            update([1], small_db, index_dir, timeout_s=0.2)


def test_a_raw_whoosh_writer_lock_becomes_index_busy_too(small_db, tmp_path):
    index_dir = tmp_path / "index"
    rebuild(small_db, index_dir)
    live = whoosh_index.open_dir(str(current(index_dir)))
    stray_writer = live.writer()
    try:
        with pytest.raises(IndexBusy, match="lock"):
            update([1], small_db, index_dir, timeout_s=0.2)
    finally:
        stray_writer.cancel()
        live.close()
    assert update([1], small_db, index_dir)["seconds"] >= 0


def test_searches_during_updates_never_fail_nor_see_duplicates(small_db, tmp_path):
    index_dir = tmp_path / "index"
    total = rebuild(small_db, index_dir)["clinics"]
    with session_scope(small_db) as session:
        ids = list(session.scalars(select(Clinic.id).where(Clinic.status == "active")))
    with searching_meanwhile(
            lambda: search(SearchRequest(per_page=100), index_dir).total) as (seen, errors):
        for start in range(0, 30, 3):
            update(ids[start:start + 3], small_db, index_dir)
    assert errors == []
    assert len(seen) > 10 and set(seen) == {total}, (len(seen), set(seen), total)
