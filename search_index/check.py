"""Does the live index say what the database says? Counts, ids and a sample of clinics.

The database is the source of truth and the index a copy that can drift: a crawl that forgot to
call ``update``, an edit made while the index was being swapped, a rebuild that never ran. The
check compares the set of active clinic ids with the index's, and for a random sample of clinics
the facts a search reads (see ``facts.ClinicRow``). Review text is not compared; its count is.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from clinics.db import session_scope
from clinics.models import Clinic
from search_index.build import locations
from search_index.documents import clinic_row
from search_index.errors import IndexUnavailable
from search_index.readers import UNREADABLE, close_thread_searchers, thread_view

_SHOWN = 10


@dataclass
class CheckReport:
    database_count: int
    index_count: int
    # Active in the database but not in the index, and the other way round.
    missing: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    # Sampled clinics whose indexed facts differ from the database's.
    different: list[int] = field(default_factory=list)
    sampled: int = 0
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return not (self.problem or self.missing or self.extra or self.different)

    def message(self) -> str:
        """One paragraph an operator can act on."""
        if self.problem:
            return self.problem
        counts = (f"{self.database_count} active clinics in the database, "
                  f"{self.index_count} in the index")
        if self.ok:
            return f"The index matches the database: {counts}; {self.sampled} sampled agree."
        parts = [f"The index does not match the database: {counts}."]
        for label, ids in (("Missing from the index", self.missing),
                           ("In the index but not active", self.extra),
                           ("Indexed with outdated facts", self.different)):
            if ids:
                shown = ", ".join(str(i) for i in ids[:_SHOWN])
                more = f" and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else ""
                parts.append(f"{label}: {len(ids)} (ids {shown}{more}).")
        return " ".join(parts)


def _indexed_rows(index_dir: Path) -> dict[int, object]:
    """The live index's rows by clinic id, after reading every posting list it holds.

    Raises IndexUnavailable when any of it cannot be read: a damaged posting list is otherwise
    only found by the first search that asks for one of its words.
    """
    try:
        view = thread_view(index_dir)
        try:
            _read_postings(view.searcher.reader())
        except Exception as error:  # noqa: BLE001 - Whoosh raises anything, even bare Exception
            raise IndexUnavailable(f"{UNREADABLE} ({type(error).__name__}: {error})") from error
        snapshot = view.snapshot
        return {row.clinic_id: row for docnum, row in enumerate(snapshot.rows)
                if snapshot.live >> docnum & 1}
    finally:
        close_thread_searchers()


def _read_postings(reader) -> None:
    for fieldname, text in reader.all_terms():
        reader.postings(fieldname, text).all_ids()


def check(database_url: str | None = None, index_dir: Path | str | None = None, *,
          sample: int = 200, seed: int | None = None) -> CheckReport:
    """Compare the live index with the database; an index that is missing, stale or cannot
    be read is reported as a difference (``problem``), never raised."""
    database_url, index_dir = locations(database_url, index_dir)
    with session_scope(database_url) as session:
        active = set(session.scalars(select(Clinic.id).where(Clinic.status == "active")))
        try:
            rows = _indexed_rows(index_dir)
        except IndexUnavailable as error:
            return CheckReport(len(active), 0, problem=f"{error}.".replace("..", "."))
        report = CheckReport(len(active), len(rows), missing=sorted(active - set(rows)),
                             extra=sorted(set(rows) - active))
        chosen = random.Random(seed).sample(sorted(active & set(rows)),
                                            min(sample, len(active & set(rows))))
        statement = select(Clinic).where(Clinic.id.in_(chosen)).options(
            selectinload(Clinic.practitioners), selectinload(Clinic.organization))
        for clinic in session.scalars(statement):
            if clinic_row(clinic) != rows[clinic.id]:
                report.different.append(clinic.id)
        report.different.sort()
        report.sampled = len(chosen)
    return report
