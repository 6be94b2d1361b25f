"""An empty, migrated directory with the web app over it, for the admin face's tests: crawls
run by the real worker as real ``scrapy crawl`` processes, walled in to loopback."""
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from clinics import db
from crawl_process import OFFLINE_GUARD_DIR, ROOT
from databases import drop_database, new_database
from admin_accounts import ADMIN, EDITOR
from webapp import auth, create_app


@dataclass(frozen=True)
class Place:
    database_url: str
    index_dir: Path
    var_dir: Path


@pytest.fixture
def place(tmp_path, monkeypatch):
    """A fresh database with an admin and an editor; crawls may reach the sample web."""
    var_dir = tmp_path / "var"
    url = new_database(tmp_path)
    with db.session_scope(url) as session:
        auth.set_admin_password(session, *ADMIN, role="admin")
        auth.set_admin_password(session, *EDITOR, role="editor")
    for name in ("DATABASE_URL", "CLINICS_INDEX_DIR", "CLINICS_LOG_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLINICS_VAR", str(var_dir))
    monkeypatch.setenv("SECRET_KEY", "admin tests")
    monkeypatch.setenv("CRAWL_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("CRAWL_LIVE_STATS_S", "0.5")
    monkeypatch.setenv("WORKER_HEARTBEAT_S", "0.5")
    monkeypatch.setenv("OFFLINE_GUARD_LOG", str(tmp_path / "offline_violations.txt"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(OFFLINE_GUARD_DIR), str(ROOT)]))
    yield Place(url, tmp_path / "index", var_dir)
    drop_database(url)


@pytest.fixture
def admin_app(place):
    def build(**overrides):
        return create_app({"TESTING": True, "DATABASE_URL": place.database_url,
                           "INDEX_DIR": place.index_dir, "CRAWL_ALLOW_PRIVATE": True,
                           **overrides})
    return build


@pytest.fixture
def site_url(truth):
    """One clinic site of the sample web: a crawl of it is quick."""
    return truth[0]["website"]
