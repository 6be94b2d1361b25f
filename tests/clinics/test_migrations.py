"""The Alembic migrations go all the way down and back up on SQLite and on PostgreSQL, and the
schema they build is the models' own: every table and column, no more."""
import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from clinics import db
from clinics.models import Base
from databases import engine_params, throwaway_database


@pytest.fixture(params=engine_params())
def empty_url(request, tmp_path):
    with throwaway_database(tmp_path, request.param, migrated=False) as url:
        yield url


def _alembic(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _schema(url: str) -> dict[str, set[str]]:
    """{table: column names} of the database, Alembic's own table left out."""
    found = inspect(db.engine_for(url))
    return {table: {column["name"] for column in found.get_columns(table)}
            for table in found.get_table_names() if table != "alembic_version"}


def _models() -> dict[str, set[str]]:
    return {name: {column.name for column in table.columns}
            for name, table in Base.metadata.tables.items()}


def test_migrations_go_down_to_nothing_and_up_to_the_models_again(empty_url):
    db.migrate(empty_url)
    assert _schema(empty_url) == _models()

    command.downgrade(_alembic(empty_url), "base")
    assert _schema(empty_url) == {}

    command.upgrade(_alembic(empty_url), "head")
    assert _schema(empty_url) == _models()


def test_each_migration_steps_down_and_up_again(empty_url):
    """Every revision's downgrade undoes exactly its upgrade."""
    db.migrate(empty_url)
    scripts = [script.revision for script in
               command.ScriptDirectory.from_config(_alembic(empty_url)).walk_revisions()]
    assert len(scripts) >= 7
    for _ in scripts[:-1]:
        before = _schema(empty_url)
        command.downgrade(_alembic(empty_url), "-1")
        below = _schema(empty_url)
        assert below != before
        command.upgrade(_alembic(empty_url), "+1")
        assert _schema(empty_url) == before
        command.downgrade(_alembic(empty_url), "-1")
        assert _schema(empty_url) == below
