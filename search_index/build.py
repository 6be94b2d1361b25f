"""Writing the index from the database, the source of truth.

``rebuild`` writes every active clinic into a fresh generation and swaps it in, so readers never
see a half-built index and a crash leaves the live one untouched. ``update`` re-indexes a few
clinics in place (after a crawl or an admin edit) through the one writer. Both hold the index's
writer lock, so an update waits for a running rebuild instead of being lost under it.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from whoosh import index as whoosh_index

import config
from clinics.db import session_scope
from clinics.models import Clinic
from search_index import generations
from search_index.documents import clinic_document
from search_index.errors import IndexBusy
from search_index.schema import SCHEMA

# Whoosh's indexing buffer; the default (128) spills to disk sooner on large rebuilds.
REBUILD_LIMIT_MB = 256
_BATCH = 500


def _locations(database_url: str | None, index_dir: Path | str | None) -> tuple[str, Path]:
    if database_url is None or index_dir is None:
        settings = config.load()
        database_url = database_url or settings.database_url
        index_dir = index_dir or settings.index_dir
    return database_url, Path(index_dir)


def _with_related(statement):
    return statement.options(
        selectinload(Clinic.practitioners), selectinload(Clinic.organization)
    )


def _active_clinics(session: Session) -> Iterator[Clinic]:
    statement = _with_related(select(Clinic).where(Clinic.status == "active").order_by(Clinic.id))
    yield from session.scalars(statement.execution_options(yield_per=_BATCH))


def rebuild(
    database_url: str | None = None, index_dir: Path | str | None = None, *,
    timeout_s: float = 60.0,
) -> dict:
    """Index every active clinic into a new generation, publish it, and delete unread old ones.

    Returns ``{"clinics", "generation", "removed_generations", "seconds"}``. Raises IndexBusy when
    another writer holds the index for more than ``timeout_s`` seconds.
    """
    database_url, index_dir = _locations(database_url, index_dir)
    started = time.perf_counter()
    with generations.write_lock(index_dir, timeout_s):
        stats = _rebuild_locked(database_url, index_dir)
    stats["seconds"] = round(time.perf_counter() - started, 3)
    return stats


def _rebuild_locked(database_url: str, index_dir: Path) -> dict:
    generation = generations.create(index_dir)
    try:
        count = _write_generation(generation, database_url)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    generations.publish(index_dir, generation)
    removed = generations.remove_unused(index_dir)
    return {"clinics": count, "generation": generation.name, "removed_generations": removed}


def _write_generation(path: Path, database_url: str) -> int:
    index = whoosh_index.create_in(str(path), SCHEMA)
    writer = index.writer(limitmb=REBUILD_LIMIT_MB)
    count = 0
    try:
        with session_scope(database_url) as session:
            for clinic in _active_clinics(session):
                writer.add_document(**clinic_document(clinic))
                count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    index.close()
    return count


def update(
    clinic_ids: Iterable[int], database_url: str | None = None,
    index_dir: Path | str | None = None, *, timeout_s: float = 30.0,
) -> dict:
    """Bring the given clinics up to date in the live index: re-add active ones, drop the rest.

    Ids that are no longer in the database are dropped too. Call it after the database
    transaction has committed, never from inside it. With no index built yet, this does a full
    rebuild instead. Returns ``{"indexed", "removed", "seconds"}`` (plus the rebuild's counts when
    it rebuilt). Raises IndexBusy when another writer holds the index beyond ``timeout_s``.
    """
    database_url, index_dir = _locations(database_url, index_dir)
    ids = sorted({int(clinic_id) for clinic_id in clinic_ids})
    started = time.perf_counter()
    with generations.write_lock(index_dir, timeout_s):
        live = generations.current(index_dir)
        if live is None:
            stats = _rebuild_locked(database_url, index_dir)
            stats.update(indexed=stats["clinics"], removed=0, rebuilt=True)
        else:
            stats = _update_locked(live, _documents(database_url, ids), ids, timeout_s)
    stats["seconds"] = round(time.perf_counter() - started, 3)
    return stats


def _documents(database_url: str, ids: list[int]) -> list[dict]:
    if not ids:
        return []
    statement = _with_related(select(Clinic).where(Clinic.id.in_(ids), Clinic.status == "active"))
    with session_scope(database_url) as session:
        return [clinic_document(clinic) for clinic in session.scalars(statement)]


def _update_locked(live: Path, documents: list[dict], ids: list[int], timeout_s: float) -> dict:
    index = whoosh_index.open_dir(str(live))
    try:
        writer = index.writer(timeout=timeout_s)
    except whoosh_index.LockError:
        index.close()
        raise IndexBusy(
            "Another writer holds the search index's lock; try the update again later."
        ) from None
    try:
        # One searcher for all the deletions: a searcher per deleted term is what makes
        # Whoosh's update_document slow in batches.
        searcher = writer.searcher()
        were_indexed = {
            str(i) for i in ids if writer.delete_by_term("id", str(i), searcher=searcher)
        }
        for document in documents:
            writer.add_document(**document)
    except BaseException:
        writer.cancel()
        index.close()
        raise
    writer.commit()
    index.close()
    still_listed = {document["id"] for document in documents}
    return {"indexed": len(documents), "removed": len(were_indexed - still_listed)}
