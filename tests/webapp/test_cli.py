"""Operator commands run through the app's own CLI, against real databases and indexes."""
import json

import pytest
from sqlalchemy import inspect

from clinics.db import engine_for
from clinics.db import session_scope
from search_index import SearchRequest, search
from webapp import auth, queries


@pytest.fixture
def runner_for(make_app, directory):
    """A CLI runner for an app whose config differs from the shared directory's."""
    urls: list[str] = []

    def build(**overrides):
        urls.append(overrides.get("DATABASE_URL", directory.database_url))
        return make_app(directory, **overrides).test_cli_runner()

    yield build
    for url in urls:
        if url != directory.database_url:
            engine_for(url).dispose()


def test_export_prints_one_json_object_per_active_clinic(runner, clinic_records):
    result = runner.invoke(args=["export-clinics"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    active = {r["slug"] for r in clinic_records if r.get("status", "active") == "active"}
    assert len(rows) == len(active) == 7
    assert {row["slug"] for row in rows} == active
    assert all(isinstance(row["id"], int) and "insurers" in row for row in rows)


def test_export_writes_to_a_file_when_asked(runner, tmp_path):
    target = tmp_path / "clinics.jsonl"
    result = runner.invoke(args=["export-clinics", "--output", str(target)])
    assert result.exit_code == 0, result.output
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 7
    assert json.loads(lines[0])["name"] == "Harbor Ketamine Center"


def test_migrate_and_create_admin_set_up_an_empty_database(runner_for, tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    runner = runner_for(DATABASE_URL=url)
    assert runner.invoke(args=["migrate"]).exit_code == 0
    assert "admin_users" in inspect(engine_for(url)).get_table_names()
    result = runner.invoke(
        args=["create-admin", "Ops@Example.org", "--password", "a long enough secret"])
    assert result.exit_code == 0, result.output
    assert "Created admin ops@example.org." in result.output
    with session_scope(url) as session:
        assert auth.authenticate(session, "ops@example.org", "a long enough secret") is not None
    again = runner.invoke(
        args=["create-admin", "ops@example.org", "--password", "another long secret"])
    assert "Changed the password of admin ops@example.org." in again.output
    with session_scope(url) as session:
        assert auth.authenticate(session, "ops@example.org", "a long enough secret") is None
        assert queries.admin_by_email(session, "ops@example.org") is not None


def test_create_admin_refuses_a_short_password(runner_for, tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    runner = runner_for(DATABASE_URL=url)
    runner.invoke(args=["migrate"])
    result = runner.invoke(args=["create-admin", "ops@example.org", "--password", "short"])
    assert result.exit_code != 0 and "at least 12 characters" in result.output


def test_index_rebuild_makes_new_clinics_searchable(runner_for, small_directory, clinic_records,
                                                    clinic_factory):
    directory = small_directory(clinic_records[:1])
    runner = runner_for(DATABASE_URL=directory.database_url, INDEX_DIR=directory.index_dir)
    with session_scope(directory.database_url) as session:
        session.add(clinic_factory(clinic_records[1]))
    before = search(SearchRequest(q="Annapolis"), index_dir=directory.index_dir)
    result = runner.invoke(args=["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["clinics"] == 2
    after = search(SearchRequest(q="Annapolis"), index_dir=directory.index_dir)
    assert before.total == 0 and [hit.slug for hit in after.hits] == ["annapolis-infusion"]
