"""Schemathesis reads /api/v1/openapi.json from the live app on a loopback port and calls every
operation with a valid key: no answer is a server error, and every answer fits the document."""
from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (content_type_conformance, not_a_server_error,
                                 response_schema_conformance, status_code_conformance)
from werkzeug.serving import make_server

from partner_keys import new_key

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture(scope="module")
def live_api(tmp_path_factory, directory):
    """The site on a free loopback port (a real HTTP server in a thread), and a key for it."""
    import os
    from webapp import create_app
    os.environ.setdefault("CLINICS_VAR", str(tmp_path_factory.mktemp("contract_var")))
    app = create_app({"TESTING": True, "DATABASE_URL": directory.database_url,
                      "INDEX_DIR": directory.index_dir, "SECRET_KEY": "contract tests",
                      "RATELIMIT_ENABLED": False, "SITE_URL": "http://127.0.0.1"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["SITE_URL"] = base
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=base, key=new_key(directory.database_url, "contract test"))
    server.shutdown()


@pytest.fixture(scope="module")
def api_schema(live_api):
    return schemathesis.openapi.from_url(f"{live_api.url}/api/v1/openapi.json")


def exercise(operation, live_api) -> None:
    """Up to 40 generated requests to one operation, each answer checked against the document."""
    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call(base_url=live_api.url, headers={"X-API-Key": live_api.key})
        case.validate_response(response, checks=CHECKS)
    run()


def test_every_operation_answers_within_its_documented_contract(live_api, api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 5
    for operation in operations:
        exercise(operation, live_api)


def test_the_document_lists_every_partner_route(live_api, api_schema):
    operations = {op.ok().path for op in api_schema.get_all_operations()}
    assert operations == {"/api/v1/clinics", "/api/v1/clinics/{clinic_id}",
                          "/api/v1/clinics/{clinic_id}/reviews", "/api/v1/search",
                          "/api/v1/export.geojson"}
