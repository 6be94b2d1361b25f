"""From the command line: add a source, queue a crawl, run the worker once; the job is done with
its figures, and the clinic is in the export and in search."""
import json

from sqlalchemy import select

from clinics import db
from clinics.models import AuditEntry, CrawlSource
from search_index import SearchRequest, search


def test_sources_add_crawl_and_worker_once_store_and_index_the_clinic(admin_app, place, truth,
                                                                     site_url, tmp_path):
    runner = admin_app().test_cli_runner()
    added = runner.invoke(args=["sources", "add", "One clinic", "--spider", "clinic_site",
                                "--url", site_url, "--schedule", "weekly", "--page-limit", "40",
                                "--demo"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(args=["sources", "list"]).output
    assert listed.split("\t")[:4] == ["One clinic", "clinic_site", "weekly", "enabled"]
    queued = runner.invoke(args=["crawl", "One clinic"])
    assert queued.exit_code == 0, queued.output
    job_id = int(queued.stdout.strip())
    again = runner.invoke(args=["crawl", "One clinic"])
    assert int(again.stdout.strip()) == job_id and "already has job" in again.stderr

    ran = runner.invoke(args=["worker", "--once"])
    assert ran.exit_code == 0, ran.output
    shown = json.loads(runner.invoke(args=["jobs", "show", str(job_id), "--json"]).stdout)
    assert shown["status"] == "done" and shown["source"] == "One clinic", shown
    stats = shown["stats"]
    assert stats["pages_fetched"] >= 2 and stats["items_scraped"] >= 1
    assert stats["clinics_added"] >= 1 and stats["errors"] == 0
    assert set(stats) >= {"items_rejected", "rejected_by_reason", "clinics_updated",
                          "clinics_unchanged", "reviews_added"}
    assert shown["index"]["indexed"] >= 1
    assert f"{job_id}\tdone\tOne clinic" in runner.invoke(args=["jobs", "list"]).output

    name = truth[0]["name"]
    exported = [json.loads(line) for line in
                runner.invoke(args=["export-clinics"]).stdout.splitlines()]
    assert name in {row["name"] for row in exported}
    hits = search(SearchRequest(q=name), index_dir=place.index_dir).hits
    assert hits and hits[0].name == name

    with db.session_scope(place.database_url) as session:
        source = session.scalar(select(CrawlSource))
        assert source.politeness["user_agent"].startswith("ClinicDirectoryBot/")
        assert set(source.politeness["robots"].values()) == {"allowed"}
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions == ["source.add", "job.queue"]
    assert not (tmp_path / "offline_violations.txt").exists()


def test_sources_disable_stops_its_crawls(admin_app, site_url):
    runner = admin_app().test_cli_runner()
    runner.invoke(args=["sources", "add", "Off", "--spider", "clinic_site", "--url", site_url])
    assert runner.invoke(args=["sources", "disable", "Off"]).exit_code == 0
    refused = runner.invoke(args=["crawl", "Off"])
    assert refused.exit_code != 0 and "disabled" in refused.output


def test_a_source_url_inside_the_network_is_refused_without_the_setting(admin_app):
    runner = admin_app(CRAWL_ALLOW_PRIVATE=False).test_cli_runner()
    for url in ("http://127.0.0.1:8001/", "http://169.254.169.254/", "http://10.0.0.7/"):
        refused = runner.invoke(args=["sources", "add", "Inside", "--spider", "clinic_site",
                                      "--url", url])
        assert refused.exit_code != 0 and "private, loopback or link-local" in refused.output


def test_create_admin_takes_the_password_from_the_environment_or_a_prompt(
        admin_app, place, monkeypatch):
    from webapp import auth

    runner = admin_app().test_cli_runner()
    monkeypatch.setenv("CLINICS_ADMIN_PASSWORD", "from the environment")
    made = runner.invoke(args=["create-admin", "ed@example.org", "--role", "editor"])
    assert made.exit_code == 0, made.output
    monkeypatch.delenv("CLINICS_ADMIN_PASSWORD")
    prompted = runner.invoke(args=["create-admin", "ops@example.org"],
                             input="typed at the prompt\ntyped at the prompt\n")
    assert prompted.exit_code == 0, prompted.output
    assert runner.invoke(args=["create-admin", "x@example.org", "--password", "p" * 20]
                         ).exit_code != 0, "a password is never an argument"
    with db.session_scope(place.database_url) as session:
        assert auth.authenticate(session, "ed@example.org", "from the environment").role == \
            "editor"
        assert auth.authenticate(session, "ops@example.org", "typed at the prompt").role == \
            "admin"
