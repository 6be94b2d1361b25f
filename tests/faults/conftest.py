"""Fixtures of the fault suite. Input, database and index faults run on real SQLite and, where a
server answers (always in CI), real PostgreSQL (on PostgreSQL alone in a run on PostgreSQL); see
``fault_directory`` for the parts. Faults of SQLite's own file stay on SQLite."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from search_index.readers import close_thread_searchers

from databases import engine_params, run_engine
from fault_directory import build_directory

# Hypothesis keeps caches in a folder of its own; keep it out of the repository.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "clinics-hypothesis")


@pytest.fixture
def fault_env(tmp_path, monkeypatch):
    """State under the test's own folder, and this thread's searchers given back afterwards."""
    monkeypatch.setenv("CLINICS_VAR", str(tmp_path / "var"))
    monkeypatch.setenv("SECRET_KEY", "fault tests")
    yield
    close_thread_searchers()


@pytest.fixture(params=engine_params())
def fault_directory(request, tmp_path, fault_env):
    """A small directory (database and index) on SQLite, then on PostgreSQL."""
    yield from build_directory(request.param, tmp_path / "directory")


@pytest.fixture
def run_directory(tmp_path, fault_env):
    """The same small directory on the run's engine, for faults of the index files."""
    yield from build_directory(run_engine(), tmp_path / "directory")


@pytest.fixture
def sqlite_directory(tmp_path, fault_env):
    """The same small directory on SQLite, for faults of SQLite's own file."""
    yield from build_directory("sqlite", tmp_path / "directory")


@pytest.fixture(scope="module", params=engine_params())
def shared_directory(request, tmp_path_factory):
    """One directory per module and database, for tests that only read it (with ``fault_env``)."""
    yield from build_directory(request.param, tmp_path_factory.mktemp("shared_directory"))
