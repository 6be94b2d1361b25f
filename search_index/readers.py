"""Searchers: one open index per generation per process, one refreshed searcher per thread.

A Whoosh searcher holds files open and must not be shared between threads, and opening one per
request is slow and leaks files when a request fails. So each thread keeps its own searcher over the
live generation and refreshes it before each use (cheap when nothing changed). When ``current``
moves to a new generation, the thread closes its old searcher; the process releases its lease on
the old generation once no thread uses it, which lets the next rebuild delete it.

A new generation's caches are filled from the old one's before readers switch (``warming``): in a
server's worker (once ``warm_at_start`` ran) by a thread of its own while every search keeps the
old generation, so no search waits for it; elsewhere by the first search to meet it, so that a
search right after an update in the same thread finds the update.

Refreshing does not use Whoosh's ``Searcher.refresh()``: in whoosh3 3.54.0 (as in whoosh-reloaded
2.7.5) it reuses segment readers by segment id and puts back segments the new version dropped, so
after an incremental update the refreshed searcher still finds the replaced documents (each update
adds a duplicate). A changed index gets a whole new searcher instead.
"""
from __future__ import annotations

import threading
import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher

from search_index import generations, warming
from search_index.errors import IndexUnavailable
from search_index.facts import SegmentFacts, read_segment
from search_index.snapshot import Snapshot

NOT_BUILT = "The search index has not been built yet"
UNREADABLE = "The search index cannot be read"
_ATTEMPTS = 3
# Snapshots kept per generation: the newest version, and the one before it for threads that
# have not refreshed yet.
_SNAPSHOT_VERSIONS = 2

_lock = threading.RLock()
_open: dict[Path, _Generation] = {}
_local = threading.local()
# Generations a thread of this process is warming now (see ``_warm``).
_warming: set[Path] = set()
# Per index folder, a generation opened ahead of the readers (at start, or warmed in the
# background), held until a thread moves on to a newer one.
_held: dict[Path, "_Generation"] = {}
# Whether a new generation is warmed in a thread of its own while searches keep the one they
# have (a server's worker, once ``warm_at_start`` ran), rather than by the first search to meet
# it, which then waits for it.
_background = False
# Generations whose warming in the background failed: the next search opens one itself and
# meets the error.
_failed: set[Path] = set()


class ClosingStorage(FileStorage):
    """Whoosh's storage of one generation, closing the files a failed opening leaves behind.

    Whoosh opens the table of contents, then each segment's files, and raises at the first one it
    cannot read without closing those it had opened, so every request to a damaged index would
    leak files. Files opened while a reader is being opened are noted (per thread) and closed when
    the opening fails; a reader that opens keeps its files until it is closed.
    """

    def __init__(self, path: Path):
        super().__init__(str(path))
        self._opening = threading.local()

    def open_file(self, name, **kwargs):
        handle = super().open_file(name, **kwargs)
        noted = getattr(self._opening, "files", None)
        if noted is not None:
            noted.append(handle)
        return handle

    @contextmanager
    def closing_on_failure(self) -> Iterator[None]:
        self._opening.files = []
        try:
            yield
        except BaseException:
            for handle in self._opening.files:
                if not handle.is_closed:
                    handle.close()
            raise
        finally:
            self._opening.files = None


class _Generation:
    """An open index over one generation, with this process's lease on it.

    ``known`` are segment facts already read from an earlier generation of the same index: an
    incremental update copies the live generation's segments into the next one unchanged, so
    only the segments it wrote need reading.
    """

    def __init__(self, path: Path, known: dict[str, SegmentFacts] | None = None):
        self.path = path
        self.lease = generations.hold(path)
        self.storage = ClosingStorage(path)
        try:
            with self.storage.closing_on_failure():
                self.index = self.storage.open_index()
        except BaseException:
            generations.let_go(self.lease)
            raise
        self.users = 0
        # Whether its caches were filled (``warm``) before readers were let in.
        self.warm = False
        self._snapshots: dict[int, Snapshot] = {}
        self._segments: dict[str, SegmentFacts] = dict(known or {})
        # Held while a snapshot is built, so that threads wait for one build instead of each
        # reading the same segments.
        self._snapshot_lock = threading.Lock()

    def snapshot(self, searcher: Searcher) -> Snapshot:
        """The snapshot of the index version ``searcher`` reads, built on first use."""
        reader = searcher.reader()
        version = reader.generation()
        with self._snapshot_lock:
            if version not in self._snapshots:
                self._snapshots[version] = self._build(reader)
                for old in sorted(self._snapshots)[:-_SNAPSHOT_VERSIONS]:
                    del self._snapshots[old]
                self._forget_unused_segments()
            return self._snapshots[version]

    def latest_snapshot(self) -> Snapshot | None:
        with self._snapshot_lock:
            return self._snapshots[max(self._snapshots)] if self._snapshots else None

    def _build(self, reader) -> Snapshot:
        segments = []
        if reader.doc_count_all():
            for leaf, offset in reader.leaf_readers():
                segment_id = leaf.segment().segment_id()
                facts = self._segments.get(segment_id)
                if facts is None:
                    facts = self._segments[segment_id] = read_segment(leaf, segment_id)
                segments.append((facts, offset))
        return Snapshot(reader, segments)

    def _forget_unused_segments(self) -> None:
        used = {facts.segment_id for snapshot in self._snapshots.values()
                for facts, _ in snapshot.segments}
        for segment_id in set(self._segments) - used:
            del self._segments[segment_id]

    def close(self) -> None:
        self.index.close()
        generations.let_go(self.lease)


def _acquire(path: Path) -> _Generation:
    with _lock:
        generation = _open.get(path)
        if generation is None:
            generation = _open[path] = _Generation(path, _known_segments(path.parent))
        generation.users += 1
        return generation


def _known_segments(root: Path) -> dict[str, SegmentFacts]:
    """Segment facts of the generations of ``root`` this process has open (call under _lock)."""
    known: dict[str, SegmentFacts] = {}
    for generation in _open.values():
        if generation.path.parent == root:
            with generation._snapshot_lock:
                known.update(generation._segments)
    return known


def _release(generation: _Generation) -> None:
    with _lock:
        generation.users -= 1
        if generation.users == 0:
            _open.pop(generation.path, None)
            generation.close()


def _retire(generation: _Generation, searcher: Searcher) -> None:
    searcher.close()
    _release(generation)


class _ThreadSearcher:
    """A thread's searcher, closed and released when replaced or when the thread ends."""

    def __init__(self, generation: _Generation):
        self.generation = generation
        with generation.storage.closing_on_failure():
            self.searcher = generation.index.searcher()
        self._finalizer = weakref.finalize(self, _retire, generation, self.searcher)

    def refreshed(self) -> Searcher:
        index = self.generation.index
        if index.latest_generation() != self.searcher.reader().generation():
            with self.generation.storage.closing_on_failure():
                fresh = index.searcher()
            self._finalizer.detach()
            self.searcher.close()
            self.searcher = fresh
            self._finalizer = weakref.finalize(self, _retire, self.generation, fresh)
        return self.searcher

    def close(self) -> None:
        self._finalizer()


def _slots() -> dict[Path, _ThreadSearcher]:
    if not hasattr(_local, "slots"):
        _local.slots = {}
    return _local.slots


@dataclass(frozen=True)
class IndexView:
    """A thread's searcher and the snapshot of the same index version."""

    searcher: Searcher
    snapshot: Snapshot


def thread_view(index_dir: Path) -> IndexView:
    """This thread's up-to-date view of the live generation under ``index_dir``.

    The searcher stays open for the thread's next search: copy what you need out of it and do not
    close it. Raises IndexUnavailable when no index has been built, or when the live one cannot be
    opened or read (missing files, random bytes, an older format): a fault of this server, not of
    the request, which ``index check`` repairs by rebuilding.
    """
    root = Path(index_dir).resolve()
    failure: BaseException | None = None
    for _ in range(_ATTEMPTS):
        live = generations.current(root)
        if live is None:
            raise IndexUnavailable(NOT_BUILT)
        try:
            return _view_for(root, live)
        except Exception as error:  # noqa: BLE001 - Whoosh raises anything, even bare Exception
            # The generation may have been replaced, or an update removed files between listing
            # and opening them: the next attempt resolves ``current`` again. A damaged generation
            # fails every time.
            failure = error
            _drop(root)
    if isinstance(failure, IndexUnavailable):
        raise failure
    raise _unreadable(failure) from failure


def _unreadable(error: BaseException) -> IndexUnavailable:
    return IndexUnavailable(f"{UNREADABLE} ({type(error).__name__}: {error})")


def forget_thread_view(index_dir: Path) -> None:
    """Drop this thread's searcher over ``index_dir`` after it failed mid-search, so that the next
    search opens the live generation afresh instead of reusing a reader in a bad state."""
    _drop(Path(index_dir).resolve())


def _warm(path: Path, fill: Callable[[Snapshot, Searcher], None]) -> _Generation:
    """Open a generation, build its snapshot and ``fill`` its caches; returns it acquired,
    marked warm."""
    opened = _acquire(path)
    try:
        with opened.storage.closing_on_failure():
            searcher = opened.index.searcher()
        try:
            fill(opened.snapshot(searcher), searcher)
        finally:
            searcher.close()
    except BaseException:
        _release(opened)
        raise
    opened.warm = True
    return opened


def _replaying(previous: Snapshot) -> Callable[[Snapshot, Searcher], None]:
    """Fills a new snapshot with what ``previous`` (the snapshot in use) has cached."""
    return lambda snapshot, searcher: warming.replay(previous, snapshot, searcher)


def warm_at_start(index_dir: Path | str) -> bool:
    """Open the live generation under ``index_dir`` and fill its caches before the first search:
    a server calls this as each worker starts. The generation stays open for the threads that
    search next, so they find its caches filled, until one of them moves on to a newer one.
    False when no index is built; raises IndexUnavailable when the live one cannot be read."""
    root = Path(index_dir).resolve()
    live = generations.current(root)
    if live is None:
        return False
    try:
        opened = _warm(live, warming.start)
    except Exception as error:  # noqa: BLE001 - Whoosh raises anything, even bare Exception
        raise _unreadable(error) from error
    _hold(root, opened)
    global _background
    _background = True
    return True


def _hold(root: Path, generation: _Generation) -> None:
    """Keep ``generation`` (acquired) open for the readers to come, in place of any earlier."""
    with _lock:
        earlier = _held.pop(root, None)
        _held[root] = generation
    if earlier is not None:
        _release(earlier)


def _let_go_of_held(root: Path, live: Path) -> None:
    """Give back the generation held ahead of the readers once a thread reads a newer one."""
    with _lock:
        held = _held.get(root)
        if held is None or held.path == live:
            return
        del _held[root]
    _release(held)


def release_held() -> None:
    """Give back every generation held ahead of the readers, and warm new ones in the search
    that meets them again (at the end of a benchmark or a test)."""
    global _background
    with _lock:
        held = list(_held.values())
        _held.clear()
        _failed.clear()
        _background = False
    for generation in held:
        _release(generation)


def _is_warm(path: Path) -> bool:
    with _lock:
        generation = _open.get(path)
        return generation is not None and generation.warm


def _claim_warming(path: Path) -> bool:
    """Whether this thread is the one to warm ``path`` (no other thread is doing it)."""
    with _lock:
        if path in _warming:
            return False
        _warming.add(path)
        return True


def _warmed_by_this_thread(slot: _ThreadSearcher, live: Path) -> _Generation | None:
    """Warm the new live generation when no other thread is warming it; None when another is
    (the caller keeps its generation meanwhile) or when warming failed (the caller opens it
    itself and meets the error)."""
    previous = slot.generation.latest_snapshot()
    if previous is None or not _claim_warming(live):
        return None
    try:
        return _warm(live, _replaying(previous))
    except Exception:  # noqa: BLE001 - opening it again below reports the failure
        return None
    finally:
        with _lock:
            _warming.discard(live)


def _warming_behind(root: Path, slot: _ThreadSearcher, live: Path) -> bool:
    """Whether ``live`` is being warmed in a thread of its own, started now if need be; False
    when this process warms in the searches themselves, or cannot warm ``live`` from here."""
    previous = slot.generation.latest_snapshot()
    if not _background or previous is None or live in _failed:
        return False
    if _claim_warming(live):
        threading.Thread(target=_warm_behind, args=(root, live, previous), daemon=True,
                         name="index-warming").start()
    return True


def _warm_behind(root: Path, live: Path, previous: Snapshot) -> None:
    try:
        _hold(root, _warm(live, _replaying(previous)))
    except Exception:  # noqa: BLE001 - the next search opens it itself and meets the error
        with _lock:
            _failed.add(live)
    finally:
        with _lock:
            _warming.discard(live)


def _view_for(root: Path, live: Path) -> IndexView:
    slots = _slots()
    slot = slots.get(root)
    warmed = None
    if slot is not None and slot.generation.path != live and not _is_warm(live):
        if _warming_behind(root, slot, live):
            # A server's searches keep the version they have until the new one is warm.
            searcher = slot.refreshed()
            return IndexView(searcher, slot.generation.snapshot(searcher))
        # A new version: one thread fills its caches while the others keep the version they
        # have, so that a single search per process waits for it rather than many.
        warmed = _warmed_by_this_thread(slot, live)
        if warmed is None and live in _warming:
            searcher = slot.refreshed()
            return IndexView(searcher, slot.generation.snapshot(searcher))
    try:
        return _switched(slots, slot, root, live)
    finally:
        if warmed is not None:
            _release(warmed)


def _switched(slots: dict, slot: _ThreadSearcher | None, root: Path, live: Path) -> IndexView:
    if slot is None or slot.generation.path != live:
        # The new generation is opened before the old one is let go, so that it can take over
        # the facts of the segments they share.
        generation = _acquire(live)
        try:
            fresh = _ThreadSearcher(generation)
        except BaseException:
            _release(generation)
            raise
        _drop(root)
        slot = slots[root] = fresh
        _let_go_of_held(root, live)
    searcher = slot.refreshed()
    return IndexView(searcher, slot.generation.snapshot(searcher))


def _drop(root: Path) -> None:
    slot = _slots().pop(root, None)
    if slot is not None:
        slot.close()


def close_thread_searchers() -> None:
    """Give back this thread's searchers now (e.g. at the end of a worker thread or a test)."""
    for root in list(_slots()):
        _drop(root)
