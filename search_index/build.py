"""Writing the index from the database, the source of truth.

``rebuild`` writes every active clinic into a fresh generation and swaps it in, so readers never
see a half-built index and a crash leaves the live one untouched. ``update`` re-indexes a few
clinics (after a crawl or an admin edit) the same way: it copies the live generation into a new
one (hard links: Whoosh never rewrites a segment file, it only adds new ones and a new table of
contents), writes the changes there and swaps it in, so the live generation is never written to.
Both hold the index's writer lock, so an update waits for a running rebuild instead of being lost
under it.
"""
from __future__ import annotations

import os
import shutil
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload
from whoosh import index as whoosh_index

import config
from clinics.db import session_scope
from clinics.models import Clinic, Review
from search_index import generations
from search_index.documents import clinic_document
from search_index.errors import IndexBusy, IndexWriteError
from search_index.readers import ClosingStorage
from search_index.schema import SCHEMA

# Whoosh's indexing buffer. Below about 1 GB a rebuild of 20,000 clinics with their reviews
# spills sorted runs to disk and merges them back, which costs a third of the rebuild.
REBUILD_LIMIT_MB = 1024
# Segments are written as separate files (compound=False): a reader of a compound segment copies
# each file it opens into memory, which would add the whole index to every searching process.
_BATCH = 500

Progress = Callable[[int], None]


def locations(database_url: str | None, index_dir: Path | str | None) -> tuple[str, Path]:
    """The database URL and index folder to use: the given ones, else the configured ones."""
    if database_url is None or index_dir is None:
        settings = config.load()
        database_url = database_url or settings.database_url
        index_dir = index_dir or settings.index_dir
    return database_url, Path(index_dir)


def _with_related(statement):
    return statement.options(
        selectinload(Clinic.practitioners), selectinload(Clinic.organization)
    )


def active_count(database_url: str) -> int:
    """How many clinics a full rebuild will index (for a progress bar)."""
    with session_scope(database_url) as session:
        statement = select(func.count()).select_from(Clinic).where(Clinic.status == "active")
        return session.scalar(statement) or 0


def _review_texts(session: Session, clinic_ids: list[int]) -> dict[int, list[str]]:
    """Review texts by clinic, read as plain rows: review objects would cost more than indexing."""
    texts: dict[int, list[str]] = defaultdict(list)
    statement = select(Review.clinic_id, Review.text).where(Review.clinic_id.in_(clinic_ids))
    for clinic_id, text in session.execute(statement):
        if text:
            texts[clinic_id].append(text)
    return texts


def _batches(session: Session, statement) -> Iterator[list[dict]]:
    """Documents for the clinics ``statement`` selects, a few hundred at a time."""
    batch: list[Clinic] = []
    for clinic in session.scalars(_with_related(statement).execution_options(yield_per=_BATCH)):
        batch.append(clinic)
        if len(batch) == _BATCH:
            yield _documents_of(session, batch)
            batch = []
    if batch:
        yield _documents_of(session, batch)


def _documents_of(session: Session, clinics: list[Clinic]) -> list[dict]:
    texts = _review_texts(session, [clinic.id for clinic in clinics])
    return [clinic_document(clinic, texts.get(clinic.id, ())) for clinic in clinics]


def rebuild(
    database_url: str | None = None, index_dir: Path | str | None = None, *,
    timeout_s: float = 60.0, progress: Progress | None = None,
) -> dict:
    """Index every active clinic into a new generation, publish it, and delete unread old ones.

    Returns ``{"clinics", "generation", "removed_generations", "seconds"}``. ``progress`` is called
    with the number of clinics written since its last call. Raises IndexBusy when another writer
    holds the index for more than ``timeout_s`` seconds.
    """
    database_url, index_dir = locations(database_url, index_dir)
    started = time.perf_counter()
    with _writing(index_dir), generations.write_lock(index_dir, timeout_s):
        stats = _rebuild_locked(database_url, index_dir, progress)
    stats["seconds"] = round(time.perf_counter() - started, 3)
    return stats


@contextmanager
def _writing(index_dir: Path) -> Iterator[None]:
    """Turn the disk's refusals (read-only folder, no space left) into IndexWriteError.

    A new generation is only published once complete, and a failed one is deleted, so the
    index in use is untouched whatever the disk said.
    """
    try:
        yield
    except OSError as error:
        reason = error.strerror or str(error)
        where = f" ({error.filename})" if error.filename else ""
        raise IndexWriteError(
            f"Could not write the search index under {index_dir}: {reason}{where}. "
            "The index in use was left as it was; free some space or make the folder "
            "writable, then rebuild."
        ) from error


def _rebuild_locked(database_url: str, index_dir: Path, progress: Progress | None) -> dict:
    generation = generations.create(index_dir)
    try:
        count = _write_generation(generation, database_url, progress)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    generations.publish(index_dir, generation)
    removed = generations.remove_unused(index_dir)
    return {"clinics": count, "generation": generation.name, "removed_generations": removed}


def _write_generation(path: Path, database_url: str, progress: Progress | None) -> int:
    index = whoosh_index.create_in(str(path), SCHEMA)
    writer = index.writer(limitmb=REBUILD_LIMIT_MB, compound=False)
    count = 0
    statement = select(Clinic).where(Clinic.status == "active").order_by(Clinic.id)
    try:
        with session_scope(database_url) as session:
            for documents in _batches(session, statement):
                for document in documents:
                    writer.add_document(**document)
                count += len(documents)
                if progress is not None:
                    progress(len(documents))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    index.close()
    return count


def touched_since(database_url: str | None, since: datetime) -> list[int]:
    """Ids of clinics the crawler saw, or whose facts changed (an NPI check), at or after
    ``since`` (any status), for ``update``."""
    database_url, _ = locations(database_url, "unused")
    with session_scope(database_url) as session:
        return list(session.scalars(select(Clinic.id).where(
            or_(Clinic.last_seen >= since, Clinic.changed_at >= since))))


def update(
    clinic_ids: Iterable[int], database_url: str | None = None,
    index_dir: Path | str | None = None, *, timeout_s: float = 30.0,
    progress: Progress | None = None,
) -> dict:
    """Bring the given clinics up to date: re-add active ones, drop the rest, in a copy of the
    live generation that is then swapped in, so readers see the index before or after, whole.

    Ids that are no longer in the database are dropped too. Call it after the database
    transaction has committed, never from inside it. With no index built yet, this does a full
    rebuild instead. Returns ``{"indexed", "removed", "generation", "removed_generations",
    "seconds"}`` (plus the rebuild's counts when it rebuilt). ``progress`` is called with the
    number of clinics read since its last call. Raises IndexBusy when another writer holds the
    index beyond ``timeout_s``.
    """
    database_url, index_dir = locations(database_url, index_dir)
    ids = sorted({int(clinic_id) for clinic_id in clinic_ids})
    started = time.perf_counter()
    with _writing(index_dir), generations.write_lock(index_dir, timeout_s):
        live = generations.current(index_dir)
        if live is None:
            stats = _rebuild_locked(database_url, index_dir, progress)
            stats.update(indexed=stats["clinics"], removed=0, rebuilt=True)
        else:
            documents = _documents(database_url, ids, progress)
            stats = _update_copy(index_dir, live, documents, ids, timeout_s)
    stats["seconds"] = round(time.perf_counter() - started, 3)
    return stats


def _update_copy(index_dir: Path, live: Path, documents: list[dict], ids: list[int],
                 timeout_s: float) -> dict:
    """Apply the update to a copy of the live generation, then publish the copy.

    Whoosh's own lock on the live generation is held meanwhile, so a stray writer working on it
    in place (outside our lock) is reported as IndexBusy rather than silently left out.
    """
    with _whoosh_lock(live, timeout_s):
        generation = generations.create(index_dir)
        try:
            _link_files(live, generation)
            stats = _update_locked(generation, documents, ids, timeout_s)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        generations.publish(index_dir, generation)
    stats.update(generation=generation.name,
                 removed_generations=generations.remove_unused(index_dir))
    return stats


@contextmanager
def _whoosh_lock(path: Path, timeout_s: float) -> Iterator[None]:
    index = whoosh_index.open_dir(str(path))
    lock = index.lock("WRITELOCK")
    deadline = time.monotonic() + timeout_s
    try:
        while not lock.acquire(False):
            if time.monotonic() >= deadline:
                raise IndexBusy("Another writer holds the search index's lock; "
                                "try the update again later.")
            time.sleep(0.05)
        try:
            yield
        finally:
            lock.release()
    finally:
        index.close()


def _link_files(source: Path, target: Path) -> None:
    """Every index file of ``source`` into ``target``, hard-linked (copied where links fail);
    the readers' lease and Whoosh's lock file stay behind."""
    for entry in os.scandir(source):
        if not entry.is_file() or entry.name == generations.LEASE or entry.name.endswith("LOCK"):
            continue
        destination = target / entry.name
        try:
            os.link(entry.path, destination)
        except OSError:
            shutil.copy2(entry.path, destination)


def _documents(database_url: str, ids: list[int], progress: Progress | None) -> list[dict]:
    documents: list[dict] = []
    with session_scope(database_url) as session:
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start:start + _BATCH]
            statement = select(Clinic).where(Clinic.id.in_(chunk), Clinic.status == "active")
            for batch in _batches(session, statement):
                documents += batch
            if progress is not None:
                progress(len(chunk))
    return documents


def _update_locked(path: Path, documents: list[dict], ids: list[int], timeout_s: float) -> dict:
    storage = ClosingStorage(path)
    # A damaged segment makes Whoosh raise half-way through opening its files: close them.
    with storage.closing_on_failure():
        index = storage.open_index()
        try:
            writer = index.writer(timeout=timeout_s, compound=False)
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
