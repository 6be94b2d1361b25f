"""Each domain test runs on real SQLite and, where a server answers (always in CI), real PostgreSQL;
in a run on PostgreSQL, on PostgreSQL alone (see ``databases.engine_params``)."""
import pytest

from clinics import db
from databases import engine_params, throwaway_database


@pytest.fixture(params=engine_params())
def database_url(request, tmp_path):
    with throwaway_database(tmp_path, request.param) as url:
        yield url


@pytest.fixture
def session(database_url):
    with db.session_scope(database_url) as s:
        yield s
