"""What operators watch: /metrics, request ids and JSON log lines, /healthz and /readyz."""
from __future__ import annotations

import json
import logging
import re
import shutil
from types import SimpleNamespace

import pytest
from prometheus_client.parser import text_string_to_metric_families

from clinics.db import engine_for, migrate, session_scope
from clinics.logs import StderrHandler, job_context
from clinics.models import CrawlJob
from clinics.worker import Worker
from search_index import rebuild
from search_index.generations import current
from search_index.readers import close_thread_searchers
from webapp.request_log import MAX_REQUEST_ID

SEARCH = "/search?near=21201&radius=100"
API_SEARCH = "/api/v1/search?near=21201&radius=100"
ACTIVE_CLINICS = 7  # the test directory's clinics, less the hidden one


def samples(client, **headers) -> dict[tuple[str, tuple], float]:
    """The scrape as {(sample name, sorted labels): value}."""
    answer = client.get("/metrics", headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.content_type.startswith("text/plain; version=")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(answer.text) for s in family.samples}


def value(scraped: dict, name: str, **labels: str) -> float:
    return scraped.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def metrics_client(make_app, directory):
    return make_app(directory, METRICS_ENABLED=True, RATELIMIT_ENABLED=False).test_client()


@pytest.fixture
def json_logs():
    """Log lines of the apps a test builds with LOG_FORMAT=json; the handler goes afterwards."""
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(handler)


@pytest.fixture
def sqlite_node(tmp_path):
    """A migrated SQLite file and an index of it, whatever the run's engine: moving a database
    file away is SQLite's own fault."""
    node = SimpleNamespace(database_url=f"sqlite:///{tmp_path / 'node.sqlite3'}",
                           path=tmp_path / "node.sqlite3", index_dir=tmp_path / "index")
    migrate(node.database_url)
    rebuild(database_url=node.database_url, index_dir=node.index_dir)
    yield node
    close_thread_searchers()
    engine_for(node.database_url).dispose()


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


# /metrics ------------------------------------------------------------------------------------

def test_metrics_are_off_by_default_and_answer_404(client):
    assert client.get("/metrics").status_code == 404


def test_requests_are_counted_by_endpoint_method_and_status(metrics_client):
    before = samples(metrics_client)
    for _ in range(3):
        assert metrics_client.get(SEARCH).status_code == 200
    assert metrics_client.get("/clinics/no-such-clinic").status_code == 404
    after = samples(metrics_client)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("clinics_http_requests_total", endpoint="public.search_page", method="GET",
                status="200") == 3
    assert grew("clinics_http_requests_total", endpoint="public.clinic", method="GET",
                status="404") == 1
    assert grew("clinics_http_request_duration_seconds_count", endpoint="public.search_page",
                method="GET") == 3
    assert grew("clinics_http_request_duration_seconds_sum", endpoint="public.search_page",
                method="GET") > 0


def test_search_time_is_observed_for_the_site_and_the_api(metrics_client):
    before = samples(metrics_client)
    assert metrics_client.get(SEARCH).status_code == 200
    assert metrics_client.get(API_SEARCH).status_code == 200
    after = samples(metrics_client)
    for face in ("public", "api"):
        count = "clinics_search_duration_seconds_count"
        assert value(after, count, face=face) - value(before, count, face=face) == 1
        assert value(after, "clinics_search_duration_seconds_bucket", face=face, le="+Inf") >= 1
        assert value(after, "clinics_search_duration_seconds_sum", face=face) > 0


def test_the_index_generation_and_its_documents_are_those_being_searched(metrics_client,
                                                                         directory):
    scraped = samples(metrics_client)
    live = current(directory.index_dir)
    assert value(scraped, "clinics_index_up") == 1
    assert value(scraped, "clinics_index_generation_info", generation=live.name) == 1
    assert value(scraped, "clinics_index_generation") >= 1
    assert value(scraped, "clinics_index_documents") == ACTIVE_CLINICS


def test_crawl_figures_are_read_from_the_jobs_in_the_database(make_app, small_directory,
                                                              clinic_records):
    built = small_directory(clinic_records[:1])
    with session_scope(built.database_url) as session:
        session.add_all([
            CrawlJob(spider="clinic_site", status="done",
                     stats={"response_received_count": 40, "item_scraped_count": 9}),
            CrawlJob(spider="clinic_site", status="done",
                     stats={"response_received_count": 2, "item_scraped_count": 1}),
            CrawlJob(spider="directory", status="running",
                     stats={"response_received_count": 5}),
            CrawlJob(spider="directory", status="failed", stats={}),
        ])
    scraped = samples(make_app(built, METRICS_ENABLED=True).test_client())
    assert value(scraped, "clinics_database_up") == 1
    # The directory is built with one finished job of its own, without figures.
    jobs = {status: value(scraped, "clinics_crawl_jobs", status=status)
            for status in ("queued", "running", "done", "failed", "cancelled")}
    assert jobs == {"queued": 0, "running": 1, "done": 3, "failed": 1, "cancelled": 0}
    assert value(scraped, "clinics_crawl_pages_fetched", status="done") == 42
    assert value(scraped, "clinics_crawl_pages_fetched", status="running") == 5
    assert value(scraped, "clinics_crawl_items_scraped", status="done") == 10
    assert value(scraped, "clinics_crawl_items_scraped", status="failed") == 0


def test_a_metrics_token_is_required_when_one_is_set(make_app, directory):
    client = make_app(directory, METRICS_ENABLED=True, METRICS_TOKEN="s3cret").test_client()
    refused = client.get("/metrics")
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert value(samples(client, Authorization="Bearer s3cret"), "clinics_index_up") == 1


def test_metrics_report_a_missing_index_as_a_value(make_app, directory, tmp_path):
    client = make_app(directory, METRICS_ENABLED=True, INDEX_DIR=tmp_path / "none").test_client()
    scraped = samples(client)
    assert value(scraped, "clinics_index_up") == 0
    assert value(scraped, "clinics_database_up") == 1


# Request ids and JSON log lines ---------------------------------------------------------------

def test_every_response_carries_a_new_request_id(client):
    answers = [client.get(path) for path in ("/healthz", "/healthz", "/no-such-page", SEARCH)]
    answers.append(client.get("/healthz", headers={"Host": "forged.example"}))
    assert [a.status_code for a in answers] == [200, 200, 404, 200, 400]
    ids = [a.headers["X-Request-ID"] for a in answers]
    assert len(set(ids)) == 5
    assert all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids)


def test_answers_flask_gives_before_routing_are_counted_too(metrics_client):
    before = samples(metrics_client)
    assert metrics_client.get("/healthz", headers={"Host": "forged.example"}).status_code == 400
    assert metrics_client.get("/no-such-page").status_code == 404
    after = samples(metrics_client)
    for status in ("400", "404"):
        labels = {"endpoint": "unmatched", "method": "GET", "status": status}
        assert (value(after, "clinics_http_requests_total", **labels)
                - value(before, "clinics_http_requests_total", **labels)) == 1


@pytest.mark.parametrize("incoming, kept", [
    ("edge-7f3a-42", True),
    ("A" * MAX_REQUEST_ID, True),
    ("A" * (MAX_REQUEST_ID + 1), False),
    ("id with spaces", False),
    ("id\u00e9", False),
    ("x;drop", False),
])
def test_a_proxy_s_request_id_is_kept_only_when_it_is_sane(client, incoming, kept):
    answered = client.get("/healthz", headers={"X-Request-ID": incoming}).headers["X-Request-ID"]
    assert (answered == incoming) is kept
    assert len(answered) <= MAX_REQUEST_ID


def test_json_log_lines_name_the_request_of_the_response(make_app, directory, tmp_path,
                                                         json_logs, capsys):
    """The readiness probe logs why the index failed; that line names the request answered."""
    app = make_app(directory, LOG_FORMAT="json", INDEX_DIR=tmp_path / "none")
    capsys.readouterr()
    answer = app.test_client().get("/readyz", headers={"X-Request-ID": "probe-1"})
    assert answer.status_code == 503 and answer.headers["X-Request-ID"] == "probe-1"
    lines = json_lines(capsys.readouterr().err)
    failed = [line for line in lines if line["message"] == "search index health check failed"]
    assert len(failed) == 1
    assert failed[0]["request_id"] == "probe-1"
    assert failed[0]["level"] == "ERROR" and failed[0]["logger"] == "webapp"
    assert "IndexUnavailable" in failed[0]["exception"]
    assert all(line["request_id"] == "probe-1" for line in lines)


def test_json_log_lines_of_a_crawl_job_name_it(make_app, directory, json_logs, capsys):
    make_app(directory, LOG_FORMAT="json")
    capsys.readouterr()
    with job_context(41):
        logging.getLogger("clinics.worker").warning("job %s lost its worker", 41)
    logging.getLogger("clinics.worker").warning("between jobs")
    first, second = json_lines(capsys.readouterr().err)
    assert first["job_id"] == 41 and first["message"] == "job 41 lost its worker"
    assert "job_id" not in second and "request_id" not in second


class LoggingWorker(Worker):
    """A worker whose jobs only log a line, to see what the worker's loop names on it."""

    def run_job(self, job_id: int) -> str:
        logging.getLogger("clinics.worker").info("running the crawl")
        return "done"


def test_the_worker_names_the_job_it_runs_on_each_line(make_app, sqlite_node, json_logs,
                                                        capsys):
    make_app(sqlite_node, LOG_FORMAT="json")
    with session_scope(sqlite_node.database_url) as session:
        job = CrawlJob(spider="clinic_site", status="queued")
        session.add(job)
        session.flush()
        job_id = job.id
    capsys.readouterr()
    assert LoggingWorker(sqlite_node.database_url).run(once=True) == 1
    lines = [line for line in json_lines(capsys.readouterr().err)
             if line["message"] == "running the crawl"]
    assert [(line["job_id"], line["level"]) for line in lines] == [(job_id, "INFO")]


def test_building_apps_again_keeps_one_json_handler(make_app, directory, json_logs):
    for _ in range(3):
        make_app(directory, LOG_FORMAT="json")
    assert sum(isinstance(h, StderrHandler) for h in logging.getLogger().handlers) == 1


# Liveness and readiness ----------------------------------------------------------------------

def test_ready_when_the_database_and_index_answer(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json() == {"status": "ok", "database": "ok", "index": "ok"}


def test_not_ready_while_the_database_file_is_moved_away_yet_alive(make_app, sqlite_node):
    client, path = make_app(sqlite_node).test_client(), sqlite_node.path
    assert client.get("/readyz").status_code == 200
    path.rename(path.with_suffix(".away"))
    try:
        ready, alive = client.get("/readyz"), client.get("/healthz")
    finally:
        path.with_suffix(".away").rename(path)
    assert ready.status_code == 503
    assert ready.get_json() == {"status": "degraded", "database": "unavailable", "index": "ok"}
    assert alive.status_code == 200 and alive.get_json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200


def test_not_ready_while_the_index_is_missing(make_app, sqlite_node):
    client = make_app(sqlite_node).test_client()
    shutil.rmtree(sqlite_node.index_dir)
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json() == {"status": "degraded", "database": "ok", "index": "unavailable"}
    assert client.get("/healthz").status_code == 200
