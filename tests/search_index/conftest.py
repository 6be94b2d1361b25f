"""Fixtures of the search index tests: a real database (on the run's engine) seeded with clinics
and a real Whoosh index built from it, under pytest's temporary directories."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from search_index import rebuild
from search_index.readers import close_thread_searchers

from clinic_corpus import Corpus, database_in, load_clinics, seed_clinics
from databases import drop_database

# Hypothesis keeps caches in a folder of its own; keep it out of the repository.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "clinics-hypothesis")


@pytest.fixture(autouse=True)
def _release_searchers():
    yield
    close_thread_searchers()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Corpus:
    """300 random clinics (plus two by the date line) in a database and a built index; read only."""
    folder = tmp_path_factory.mktemp("corpus")
    database_url = database_in(folder)
    seed_clinics(database_url, 300, seed=20260)
    index_dir = folder / "index"
    rebuild(database_url, index_dir)
    return Corpus(database_url, index_dir, load_clinics(database_url))


@pytest.fixture()
def small_db(tmp_path):
    """A database of 40 random clinics for tests that write the index."""
    database_url = database_in(tmp_path)
    seed_clinics(database_url, 40, seed=7)
    yield database_url
    drop_database(database_url)
