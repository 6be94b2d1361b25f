"""The check compares the live index with the database: counts, ids and a sample of facts."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from clinics.db import session_scope
from clinics.models import Clinic
from search_index import IndexUnavailable, SearchRequest, check, rebuild, search
from search_index import facts


def test_a_fresh_index_matches_its_database(small_db, tmp_path):
    rebuild(small_db, tmp_path / "index")
    report = check(small_db, tmp_path / "index", sample=100)
    assert report.ok and report.sampled == report.database_count == report.index_count
    assert report.message().startswith("The index matches the database")


def test_drift_is_named_clinic_by_clinic(small_db, tmp_path):
    rebuild(small_db, tmp_path / "index")
    with session_scope(small_db) as session:
        active = list(session.scalars(select(Clinic).where(Clinic.status == "active")
                                      .order_by(Clinic.id)))
        active[0].status = "hidden"
        active[1].rating = 1.0 if active[1].rating != 1.0 else 2.0
        gone, changed = active[0].id, active[1].id
    report = check(small_db, tmp_path / "index", sample=100)
    assert not report.ok
    assert (report.extra, report.different, report.missing) == ([gone], [changed], [])
    assert f"In the index but not active: 1 (ids {gone})" in report.message()


def test_an_index_written_by_older_code_asks_for_a_rebuild(small_db, tmp_path, monkeypatch):
    rebuild(small_db, tmp_path / "index")
    monkeypatch.setattr(facts, "ROW_FORMAT", facts.ROW_FORMAT + 1)
    with pytest.raises(IndexUnavailable, match="rebuild it"):
        search(SearchRequest(), tmp_path / "index")
    report = check(small_db, tmp_path / "index")
    assert not report.ok and "built by an older version" in report.message()
