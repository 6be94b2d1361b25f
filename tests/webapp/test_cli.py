"""Operator commands run through the app's own CLI, against real databases and indexes."""
import json

import pytest
from sqlalchemy import inspect, select

from clinics.db import engine_for
from clinics.db import session_scope
from clinics.models import Clinic
from databases import drop_database, new_database
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
            drop_database(url)


def test_export_prints_one_json_object_per_active_clinic(runner, clinic_records):
    result = runner.invoke(args=["export-clinics"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    active = {r["slug"] for r in clinic_records if r.get("status", "active") == "active"}
    assert len(rows) == len(active) == 7
    assert {row["slug"] for row in rows} == active
    assert all(isinstance(row["id"], int) and "insurers" in row for row in rows)


def test_export_gives_each_clinic_its_new_fields_and_the_evidence_for_each_fact(runner):
    result = runner.invoke(args=["export-clinics"])
    rows = {row["slug"]: row for row in map(json.loads, result.output.splitlines())}
    harbor = rows["harbor-ketamine-baltimore"]
    assert harbor["superbill"] is None and harbor["insurance_treatments"] == []
    assert harbor["evidence"]["insurers"] == [
        {"url": "https://harbor-ketamine.example/insurance", "seen_at": "2025-05-01T12:00:00+00:00",
         "quote": 'We bill <b>Aetna</b> for Spravato."><script>alert(1)</script>',
         "value": "aetna"},
        {"url": "https://harbor-ketamine.example/", "seen_at": "2025-05-01T12:00:00+00:00",
         "quote": None, "value": "cigna"}]
    assert harbor["evidence"]["phone"] == [
        {"url": "https://harbor-ketamine.example/contact", "seen_at": "2025-05-01T12:00:00+00:00",
         "quote": None}]
    assert "price_min_usd" not in harbor["evidence"], "a retired statement is history, not evidence"
    assert rows["annapolis-infusion"]["evidence"] == {}


def test_export_writes_to_a_file_when_asked(runner, tmp_path):
    target = tmp_path / "clinics.jsonl"
    result = runner.invoke(args=["export-clinics", "--output", str(target)])
    assert result.exit_code == 0, result.output
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 7
    assert json.loads(lines[0])["name"] == "Harbor Ketamine Center"


def test_migrate_and_create_admin_set_up_an_empty_database(runner_for, tmp_path, monkeypatch):
    url = new_database(tmp_path, migrated=False, filename="empty.sqlite3")
    runner = runner_for(DATABASE_URL=url)
    assert runner.invoke(args=["migrate"]).exit_code == 0
    assert "admin_users" in inspect(engine_for(url)).get_table_names()
    monkeypatch.setenv("CLINICS_ADMIN_PASSWORD", "a long enough secret")
    result = runner.invoke(args=["create-admin", "Ops@Example.org"])
    assert result.exit_code == 0, result.output
    assert "Created admin ops@example.org." in result.output
    with session_scope(url) as session:
        assert auth.authenticate(session, "ops@example.org", "a long enough secret") is not None
    monkeypatch.setenv("CLINICS_ADMIN_PASSWORD", "another long secret")
    again = runner.invoke(args=["create-admin", "ops@example.org"])
    assert "Changed the password of admin ops@example.org." in again.output
    with session_scope(url) as session:
        assert auth.authenticate(session, "ops@example.org", "a long enough secret") is None
        assert queries.admin_by_email(session, "ops@example.org") is not None


def test_create_admin_refuses_a_short_password(runner_for, tmp_path, monkeypatch):
    url = new_database(tmp_path, migrated=False, filename="empty.sqlite3")
    runner = runner_for(DATABASE_URL=url)
    runner.invoke(args=["migrate"])
    monkeypatch.setenv("CLINICS_ADMIN_PASSWORD", "short")
    result = runner.invoke(args=["create-admin", "ops@example.org"])
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
    assert json.loads(result.stdout)["clinics"] == 2
    assert "Indexing clinics" in result.stderr
    after = search(SearchRequest(q="Annapolis"), index_dir=directory.index_dir)
    assert before.total == 0 and [hit.slug for hit in after.hits] == ["annapolis-infusion"]


def _directory_runner(runner_for, small_directory, records):
    directory = small_directory(records)
    runner = runner_for(DATABASE_URL=directory.database_url, INDEX_DIR=directory.index_dir)
    return directory, runner


def _slugs(directory, **request) -> list[str]:
    return [hit.slug for hit in search(SearchRequest(**request), directory.index_dir).hits]


def test_index_update_reindexes_the_given_clinics(runner_for, small_directory, clinic_records):
    directory, runner = _directory_runner(runner_for, small_directory, clinic_records[:2])
    with session_scope(directory.database_url) as session:
        clinic = session.scalars(select(Clinic).where(Clinic.slug == "annapolis-infusion")).one()
        clinic.name, clinic_id = "Chesapeake Infusion", clinic.id
    assert _slugs(directory, q="Chesapeake") == []
    result = runner.invoke(args=["index", "update", str(clinic_id)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["indexed"] == 1
    assert _slugs(directory, q="Chesapeake") == ["annapolis-infusion"]


def test_index_update_since_a_time_takes_the_clinics_seen_since(runner_for, small_directory,
                                                                 clinic_records):
    directory, runner = _directory_runner(runner_for, small_directory, clinic_records[:2])
    with session_scope(directory.database_url) as session:
        for clinic in session.scalars(select(Clinic)):
            clinic.status = "hidden"
    result = runner.invoke(args=["index", "update", "--since", "2000-01-01T00:00:00"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["removed"] == 2
    assert search(SearchRequest(), directory.index_dir).total == 0


def test_index_update_without_ids_says_what_to_give(runner):
    result = runner.invoke(args=["index", "update"])
    assert result.exit_code == 2 and "Give the ids" in result.output


def test_index_check_says_the_index_matches(runner):
    result = runner.invoke(args=["index", "check"])
    assert result.exit_code == 0, result.output
    assert "The index matches the database: 7 active clinics in the database, 7 in the index" \
        in result.output


def test_index_check_finds_drift_and_rebuilds(runner_for, small_directory, clinic_records,
                                              clinic_factory):
    directory, runner = _directory_runner(runner_for, small_directory, clinic_records[:3])
    with session_scope(directory.database_url) as session:
        session.add(clinic_factory(clinic_records[3]))
        session.scalars(select(Clinic).where(Clinic.slug == "annapolis-infusion")).one() \
            .treatments = ["sgb"]
    result = runner.invoke(args=["index", "check", "--no-rebuild"])
    assert result.exit_code == 1
    assert "3 in the index" in result.output and "Missing from the index: 1" in result.output
    assert "Indexed with outdated facts: 1" in result.output
    assert "index rebuild" in result.output
    result = runner.invoke(args=["index", "check"])
    assert result.exit_code == 0, result.output
    assert "Rebuilding the index from the database." in result.output
    assert result.output.rstrip().endswith("4 in the index; 4 sampled agree.")
    assert _slugs(directory, q="Philly") == ["philly-ketamine"]


def test_index_check_without_an_index_builds_one(runner_for, small_directory, clinic_records,
                                                 tmp_path):
    directory = small_directory(clinic_records[:2])
    runner = runner_for(DATABASE_URL=directory.database_url, INDEX_DIR=tmp_path / "none")
    result = runner.invoke(args=["index", "check"])
    assert result.exit_code == 0, result.output
    assert "The search index has not been built yet." in result.output
    assert search(SearchRequest(), tmp_path / "none").total == 2
