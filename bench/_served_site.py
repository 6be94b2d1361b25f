"""The site served by waitress on a free loopback port over bench.pages' directory, for the
benchmarks that look at pages the way a browser does (bench.transfer, bench.lighthouse).
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import select

from bench.pages import benchmark_data, heaviest_clinic, index_for
from clinics.db import session_scope
from clinics.models import Clinic

# The pages a patient opens, by name; "{clinic}" is the slug of the clinic with most reviews.
PAGES = {"home": "/", "results": "/search?near=21201&radius=50",
         "clinic": "/clinics/{clinic}"}


def _fill(pages: dict[str, str], database_url: str) -> dict[str, str]:
    clinic = heaviest_clinic(database_url)
    with session_scope(database_url) as session:
        clinic = clinic or session.scalar(select(Clinic.slug).limit(1))
    return {name: path.format(clinic=clinic) for name, path in pages.items()}


@contextmanager
def served_site(small: bool = True) -> Iterator[tuple[str, dict[str, str], str]]:
    """(base URL, {page name: path}, where the data came from) while the site is served."""
    import waitress

    from webapp import create_app

    database_url, source = benchmark_data(small)
    app = create_app({"DATABASE_URL": database_url, "INDEX_DIR": index_for(database_url),
                      "RATELIMIT_ENABLED": False, "SECRET_KEY": "bench"})
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}", _fill(PAGES, database_url), source
    finally:
        server.close()
        thread.join(timeout=5)


def chromium_path() -> Path | None:
    """Debian's chromium, when installed."""
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return Path(candidate)
    return None
