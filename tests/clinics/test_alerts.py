"""Admins are told when a crawl fails or its figures fall far from the source's last run."""
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

import config
from clinics import alerts, db
from clinics.models import CrawlJob, CrawlSource

RUN = {"response_received_count": 100, "item_scraped_count": 40,
       "validate/rejected/no_name": 2}


@pytest.fixture
def session(db_url):
    with db.session_scope(db_url) as s:
        yield s


def _job(session, source, status, stats, error=None):
    job = CrawlJob(source=source, spider="clinic_site", status=status, stats=stats, error=error)
    session.add(job)
    session.flush()
    return job


def test_a_run_with_half_the_pages_or_many_more_rejects_raises_an_alert(session):
    source = CrawlSource(name="Sites", spider="clinic_site", start_urls=["https://a.example/"])
    _job(session, source, "done", RUN)
    like_before = _job(session, source, "done", {**RUN, "response_received_count": 90})
    assert alerts.judge(session, like_before) == []
    fell = _job(session, source, "done", {**RUN, "response_received_count": 30,
                                          "ingest/rejected/foreign_address": 20})
    [alert] = alerts.judge(session, fell)
    assert alert.kind == "figures_dropped"
    assert "pages fell from 90 to 30" in alert.message
    assert "rejected items rose from 2 to 22" in alert.message
    failed = _job(session, source, "failed", {}, error="scrapy exited with status 1")
    assert [a.kind for a in alerts.judge(session, failed)] == ["job_failed"]


def test_alerts_are_posted_to_the_webhook(monkeypatch):
    received = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    monkeypatch.setenv("ALERT_WEBHOOK_URL", f"http://127.0.0.1:{server.server_port}/hook")
    alert = alerts.Alert(job_id=7, kind="job_failed", message="Crawl job 7 (Sites) failed")
    alerts.notify([alert], config.load())
    thread.join(timeout=5)
    server.server_close()
    assert received == [{"kind": "job_failed", "job_id": 7,
                         "message": "Crawl job 7 (Sites) failed"}]


def test_an_unreachable_webhook_does_not_fail_anything(monkeypatch):
    monkeypatch.setenv("ALERT_WEBHOOK_URL", "http://127.0.0.1:9/hook")
    alerts.notify([alerts.Alert(job_id=1, kind="job_failed", message="x")], config.load())
