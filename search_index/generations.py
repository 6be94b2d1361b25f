"""The on-disk layout of the index: generations, the ``current`` link, and who may touch what.

``index_dir`` holds one directory per full build (``gen-<UTC timestamp>-<pid>``) and a symlink
``current`` naming the live one. A rebuild writes a new generation and replaces the link in one
``os.replace``, so a reader resolves either the old or the new generation, never a half-built one.
An incremental update does the same with a copy of the live generation, so no generation is ever
written to once published.

Two kinds of file lock (``flock``, which binds to an open file, so threads of one process exclude
each other as processes do):

* ``index_dir/.write.lock``: one writer at a time, for rebuilds and incremental updates alike, so an
  update can never be lost under a rebuild that read the database before it.
* ``<generation>/readers.lease``: every process reading a generation holds a shared lock on it; a
  generation is deleted only when an exclusive lock can be taken, i.e. when no reader needs it.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterator

from search_index.errors import IndexBusy

CURRENT = "current"
PREFIX = "gen-"
LEASE = "readers.lease"
WRITE_LOCK = ".write.lock"


def current(index_dir: Path) -> Path | None:
    """The real path of the live generation, or None when no index has been built."""
    try:
        target = Path(os.path.realpath(Path(index_dir) / CURRENT, strict=True))
    except OSError:
        return None
    return target if target.is_dir() else None


def create(index_dir: Path) -> Path:
    """A new, empty generation directory (with its lease file) that no reader can see yet."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    path = index_dir / f"{PREFIX}{stamp}-{os.getpid()}"
    path.mkdir()
    (path / LEASE).touch()
    return path


def publish(index_dir: Path, generation: Path) -> None:
    """Point ``current`` at a finished generation atomically."""
    index_dir = Path(index_dir)
    temporary = index_dir / f".{CURRENT}-{uuid.uuid4().hex}"
    # A relative target keeps the index valid when the whole folder is moved or mounted elsewhere.
    os.symlink(generation.name, temporary)
    os.replace(temporary, index_dir / CURRENT)


def hold(generation: Path) -> BinaryIO:
    """Take a reader's shared lease on a generation; raises FileNotFoundError if it is gone.

    Keep the returned file open for as long as the generation is read, then ``let_go`` it.
    """
    lease_path = Path(generation) / LEASE
    lease = open(lease_path, "rb")
    fcntl.flock(lease, fcntl.LOCK_SH)
    try:
        # The cleaner may have removed the generation while we waited for the lock.
        if os.stat(lease_path).st_ino != os.fstat(lease.fileno()).st_ino:
            raise FileNotFoundError(lease_path)
    except OSError:
        lease.close()
        raise
    return lease


def let_go(lease: BinaryIO) -> None:
    """Release a lease taken with ``hold``."""
    lease.close()


def remove_unused(index_dir: Path) -> list[str]:
    """Delete every generation other than the live one that no reader holds; returns their names.

    Call it with the write lock held, so no build is half-way through a generation it would see.
    """
    live = current(index_dir)
    removed = []
    for path in sorted(Path(index_dir).glob(f"{PREFIX}*")):
        if path.resolve() != live and _remove_if_unread(path):
            removed.append(path.name)
    for stale in Path(index_dir).glob(f".{CURRENT}-*"):
        stale.unlink(missing_ok=True)
    return removed


def _remove_if_unread(path: Path) -> bool:
    try:
        lease = open(path / LEASE, "rb")
    except FileNotFoundError:
        # A build that died before creating its lease: nobody can be reading it.
        shutil.rmtree(path, ignore_errors=True)
        return True
    with lease:
        try:
            fcntl.flock(lease, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        shutil.rmtree(path, ignore_errors=True)
        return True


@contextmanager
def write_lock(index_dir: Path, timeout_s: float) -> Iterator[None]:
    """Hold the index's single writer lock, waiting up to ``timeout_s`` seconds for it.

    Raises IndexBusy when another rebuild or update keeps it longer than that.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / WRITE_LOCK, "a+b") as lock:
        _acquire(lock, timeout_s)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _acquire(lock: BinaryIO, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise IndexBusy(
                    f"The search index is being written by another process; "
                    f"waited {timeout_s:g} s. Try again when it has finished."
                ) from None
            time.sleep(0.05)
