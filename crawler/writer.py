"""The database side of a crawl, run in a writer process of its own.

Storing a record (matching, merging, provenance) costs more CPU than fetching and reading its
pages; in its own process it runs beside the crawl instead of taking turns with it under one
interpreter lock, and the reactor never waits on a database. The writer owns one session and
commits each item on its own, so a killed crawl loses at most the item in flight.

Functions here run in the writer process and answer with plain tuples: exceptions do not cross
the process boundary intact, so a refused record comes back as ``("rejected", reason)``.
"""
from __future__ import annotations

import os
import threading
import time

from sqlalchemy.exc import SQLAlchemyError

from clinics.credentials import record_npi_check
from clinics.db import session_factory
from clinics.errors import InvalidRecord
from clinics.ingest import upsert_clinic

_session = None
# How often the writer looks whether its crawl is still alive.
PARENT_CHECK_S = 1.0


def open_writer(database_url: str) -> None:
    """Initializer of the writer process."""
    global _session
    _session = session_factory(database_url)()
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True,
                     name="writer-parent-watch").start()


def _exit_with_parent(parent_pid: int) -> None:
    """A crawl killed outright (SIGKILL, a dead worker's cleanup) cannot shut its writer down,
    and the writer would wait for work forever; it leaves once it is no longer its crawl's
    child. Its open transaction, if any, is rolled back by the database."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_S)
    os._exit(1)


def close_writer() -> None:
    global _session
    if _session is not None:
        _session.close()
        _session = None


def store_clinic(record: dict, source_url: str, spider: str, demo: bool) -> tuple[str, object]:
    """("created" | "updated" | "unchanged", reviews added), ("rejected", reason) or
    ("error", message)."""
    def write():
        result = upsert_clinic(_session, record, source_url=source_url, spider=spider, demo=demo)
        changed = result.changed or result.reviews_added
        outcome = "created" if result.created else "updated" if changed else "unchanged"
        return outcome, result.reviews_added
    return _committed(write)


def store_npi_check(practitioner_id: int, npi: str | None, verified: bool, taxonomy: str | None,
                    source_url: str) -> tuple[str, object]:
    """("npi_verified" | "npi_unverified" | "npi_unknown_practitioner", 0) or ("error", ...)."""
    def write():
        found = record_npi_check(_session, practitioner_id, npi=npi, verified=verified,
                                 taxonomy=taxonomy, source_url=source_url)
        if not found:
            return "npi_unknown_practitioner", 0
        return ("npi_verified" if verified else "npi_unverified"), 0
    return _committed(write)


def _committed(write) -> tuple[str, object]:
    try:
        answer = write()
        _session.commit()
        return answer
    except InvalidRecord as error:
        _session.rollback()
        return "rejected", error.reason
    except (SQLAlchemyError, ValueError) as error:
        _session.rollback()
        return "error", f"{type(error).__name__}: {error}"
