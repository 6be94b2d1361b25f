"""Partners' keys: made and revoked from the command line, stored as a hash, sent two ways,
each with its own rate limit and the RateLimit headers on every answer."""
from __future__ import annotations

import hashlib

from sqlalchemy import select

from clinics.db import session_scope
from clinics.models import ApiKey


def create_key(runner, name: str) -> str:
    result = runner.invoke(args=["api-key", "create", name])
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def bare(app):
    """A client that sends no key of its own."""
    client = app.test_client()
    client.environ_base.pop("HTTP_X_API_KEY", None)
    return client


def test_create_prints_the_key_once_and_stores_only_its_hash(app, runner):
    key = create_key(runner, "Acme Health")
    assert key.startswith("ck_") and len(key) > 40
    with session_scope(app.config["DATABASE_URL"]) as session:
        row = session.scalars(select(ApiKey).where(ApiKey.name == "Acme Health")).one()
        stored = {row.key_hash, row.prefix, row.name}
    assert hashlib.sha256(key.encode()).hexdigest() in stored and key not in stored
    listed = runner.invoke(args=["api-key", "list"]).output
    assert "Acme Health" in listed and key not in listed and "live" in listed
    again = runner.invoke(args=["api-key", "create", "Acme Health"])
    assert again.exit_code != 0 and "already has a key" in again.output


def test_a_key_works_as_bearer_or_header_until_it_is_revoked(app, runner):
    key = create_key(runner, "Referral Co")
    client = bare(app)
    for headers in ({"Authorization": f"Bearer {key}"}, {"X-API-Key": key}):
        assert client.get("/api/v1/clinics?limit=1", headers=headers).status_code == 200
    result = runner.invoke(args=["api-key", "revoke", "Referral Co"])
    assert result.exit_code == 0 and "Revoked" in result.output
    refused = client.get("/api/v1/clinics", headers={"X-API-Key": key})
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "unauthorized"
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert "revoked" in runner.invoke(args=["api-key", "list"]).output
    assert runner.invoke(args=["api-key", "revoke", "Referral Co"]).exit_code != 0


def test_no_key_or_a_made_up_one_is_a_json_401_on_every_route(app):
    client = bare(app)
    for path in ("/api/v1/clinics", "/api/v1/clinics/1", "/api/v1/clinics/1/reviews",
                 "/api/v1/search?near=21201"):
        for headers in ({}, {"X-API-Key": "ck_made-up"}, {"Authorization": "Bearer " + "x" * 500}):
            response = client.get(path, headers=headers)
            assert response.status_code == 401, (path, headers)
            assert response.get_json()["error"]["code"] == "unauthorized"
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/docs").status_code == 200


def test_each_key_has_its_own_limit_and_every_answer_says_where_it_stands(make_app, directory):
    app = make_app(directory, API_RATE_LIMIT="3 per minute")
    runner = app.test_cli_runner()
    first, second = create_key(runner, "First"), create_key(runner, "Second")
    client = bare(app)
    answers = [client.get("/api/v1/clinics", headers={"X-API-Key": first}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert {a.headers["RateLimit-Limit"] for a in answers} == {"3"}
    assert all(0 <= int(a.headers["RateLimit-Reset"]) <= 61 for a in answers)
    assert answers[-1].headers["RateLimit-Policy"] == "3;w=60"
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= 61
    other = client.get("/api/v1/clinics", headers={"X-API-Key": second})
    assert other.status_code == 200 and other.headers["RateLimit-Remaining"] == "2"
