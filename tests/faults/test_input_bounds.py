"""Input bounds: one request can no longer freeze the server, and input that cannot name anything
is refused before any query.

A ``near`` of "a", 2,000 spaces and "a!" used to take 32 s in the place pattern while every other
request, /healthz included, waited. Now every argument is capped, the place is split without a
backtracking pattern, ids beyond the schema's integers and NUL bytes get 404 or 400 (PostgreSQL
used to answer 500 for both), and the public search has a rate limit. Runs on SQLite and
PostgreSQL where the database is involved.
"""
from __future__ import annotations

import statistics
import threading
import time
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from clinics import normalize, vocab
from clinics.db import session_scope
from clinics.geo import UnknownPlace, resolve_place
from clinics.models import Clinic, CorrectionRequest
from search_index.words import parse
from webapp.bounds import MAX_VALUE_CHARS
from webapp.search_params import MAX_PLACE_CHARS, MAX_QUERY_CHARS

from fault_directory import ADMIN_EMAIL, ADMIN_PASSWORD, fetch, make_app
from live_server import LiveServer

LONG_NEAR = "a" + " " * 2000 + "a!"
SLUG = "harbor-ketamine-baltimore"


def side_by_side(first: str, second: str) -> tuple[tuple[int, float], tuple[int, float]]:
    """Both requests sent at the same moment, each on its own connection and thread."""
    answers: dict[str, tuple[int, float]] = {}
    start = threading.Barrier(2)

    def send(name: str, url: str) -> None:
        start.wait()
        answer = fetch(url)
        answers[name] = (answer.status, answer.ms)

    other = threading.Thread(target=send, args=("second", second))
    other.start()
    send("first", first)
    other.join()
    return answers["first"], answers["second"]


def test_a_long_near_gets_400_at_once_while_healthz_keeps_answering(shared_directory, fault_env):
    """Seven rounds of the long ``near`` and /healthz sent together to a real server. The median
    is held to 50 ms and 100 ms, every single answer to a second: on a shared machine the
    scheduler may hold up any one request, while the old pattern held every request for 32 s."""
    with LiveServer(make_app(shared_directory)) as server:
        # First use of templates, places and each searcher is not what is measured.
        for path in ("/healthz", "/search?near=21201", "/healthz", "/healthz"):
            assert fetch(server.url + path).status == 200
        rounds = [side_by_side(f"{server.url}/search?near={quote(LONG_NEAR)}",
                               f"{server.url}/healthz") for _ in range(7)]
    long_near = [near for near, _ in rounds]
    health = [probe for _, probe in rounds]
    assert [status for status, _ in long_near] == [400] * 7
    assert [status for status, _ in health] == [200] * 7
    assert statistics.median(ms for _, ms in long_near) < 50, long_near
    assert statistics.median(ms for _, ms in health) < 100, health
    assert max(ms for _, ms in long_near + health) < 1000, rounds


@pytest.mark.parametrize("spaces", [2_000, 20_000])
def test_the_place_is_split_in_linear_time_even_past_the_cap(spaces):
    """Called directly, past the web's cap: the old pattern needed hours for 20,000 spaces."""
    with pytest.raises(UnknownPlace):
        resolve_place("Atlantis")  # loads the bundled places once, outside the measurement
    started = time.perf_counter()
    with pytest.raises(UnknownPlace):
        resolve_place("a" + " " * spaces + "a!")
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("hostile", [
    "a" + " " * 20_000 + "a!", "ketamine " * 3_000, "-" * 20_000 + "!", '"' * 20_001,
    "ab " * 7_000 + "*", ", " * 10_000,
])
def test_patterns_over_search_text_and_scraped_text_take_linear_time(hostile):
    started = time.perf_counter()
    parse(hostile)
    vocab.find_spans("treatments", hostile)
    vocab.canonical("insurers", hostile)
    normalize.street_key(hostile)
    normalize.postal_code(hostile)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("path, expected", [
    (f"/search?near={'x' * (MAX_PLACE_CHARS + 1)}", "The place must be at most 100 characters"),
    (f"/search?q={'x' * (MAX_QUERY_CHARS + 1)}", "Search text must be at most 200 characters"),
    (f"/search?insurance={'x' * 101}", "Each value of insurance must be at most 100"),
    (f"/search?radius={'1' * 101}", "The value of radius must be at most 100"),
    (f"/search?sort={'x' * 101}", "The value of sort must be at most 100"),
])
def test_every_search_argument_has_a_cap_that_names_it(shared_directory, fault_env, path, expected):
    client = make_app(shared_directory).test_client()
    page = client.get(path)
    assert page.status_code == 400 and expected in page.text
    api = client.get("/api/v1" + path)
    assert api.status_code == 400
    assert api.get_json()["error"]["code"] == "invalid_parameter"
    assert expected in api.get_json()["error"]["message"]


def test_a_place_just_within_the_cap_is_looked_up(shared_directory, fault_env):
    response = make_app(shared_directory).test_client().get(
        f"/search?near={'x' * MAX_PLACE_CHARS}")
    assert response.status_code == 400 and "We could not find the place" in response.text


@pytest.mark.parametrize("path", ["/", "/search", "/guides/", f"/clinics/{SLUG}",
                                  "/api/v1/clinics", "/admin/login"])
def test_any_value_past_the_site_wide_cap_is_a_400(shared_directory, fault_env, path):
    client = make_app(shared_directory).test_client()
    assert client.get(f"{path}?anything={'x' * (MAX_VALUE_CHARS + 1)}").status_code == 400
    assert client.get(f"{path}?{'&'.join(f'k{n}=1' for n in range(101))}").status_code == 400


def test_arguments_the_search_does_not_read_keep_only_the_site_wide_cap(shared_directory,
                                                                       fault_env):
    """A campaign's click id is long; the person clicking the link still gets results."""
    response = make_app(shared_directory).test_client().get(
        f"/search?near=21201&fbclid={'I' * 150}")
    assert response.status_code == 200 and "Harbor Ketamine Center" in response.text


@pytest.mark.parametrize("clinic_id", [
    "9223372036854775808", "2147483648", "99999999999999999999999999", "9" * 5000, "0",
])
def test_ids_beyond_the_schema_are_404_on_every_database(shared_directory, fault_env, clinic_id):
    response = make_app(shared_directory).test_client().get(f"/api/v1/clinics/{clinic_id}")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_the_largest_id_and_a_real_one_are_looked_up(shared_directory, fault_env):
    client = make_app(shared_directory).test_client()
    with session_scope(shared_directory.database_url) as session:
        real = session.scalar(select(Clinic.id).where(Clinic.slug == SLUG))
    assert client.get("/api/v1/clinics/2147483647").status_code == 404
    found = client.get(f"/api/v1/clinics/{real}")
    assert found.status_code == 200 and found.get_json()["slug"] == SLUG


@pytest.mark.parametrize("path", [
    "/clinics/a%00b", f"/clinics/{SLUG}%00", f"/clinics/{SLUG}%00/correction",
    f"/clinics/{'a' * 221}", "/clinics/Harbor%20Ketamine", "/guides/a%00b",
    "/corrections/a%00b", "/admin/clinics/2147483648", "/admin/jobs/9223372036854775808",
])
def test_paths_that_cannot_name_a_page_are_404_on_every_database(shared_directory, fault_env, path):
    assert make_app(shared_directory).test_client().get(path).status_code == 404


@pytest.mark.parametrize("path", ["/search?q=a%00b", "/search?near=%00", "/api/v1/search?near=%00",
                                  f"/clinics/{SLUG}?page=%00", "/admin/login?next=/%00"])
def test_nul_bytes_in_the_query_string_are_400(shared_directory, fault_env, path):
    assert make_app(shared_directory).test_client().get(path).status_code == 400


@pytest.mark.parametrize("path", ["/admin/clinics/2147483648",
                                  "/admin/clinics/9223372036854775808", "/admin/jobs/2147483648"])
def test_a_signed_in_admin_asking_for_an_id_past_the_schema_gets_404(shared_directory, fault_env,
                                                                     path):
    client = make_app(shared_directory).test_client()
    signed_in = client.post("/admin/login", data={"email": ADMIN_EMAIL,
                                                  "password": ADMIN_PASSWORD})
    assert signed_in.status_code == 302
    assert client.get(path).status_code == 404


def corrections(database_url: str) -> int:
    with session_scope(database_url) as session:
        return session.scalar(select(func.count()).select_from(CorrectionRequest))


@pytest.mark.parametrize("field, value", [
    ("message", "The phone number is wrong\x00, it moved."),
    ("contact_email", "pat\x00@example.org"),
    ("topic", "phone\x00"),
])
def test_nul_bytes_in_the_correction_form_are_400_and_nothing_is_saved(fault_directory, field,
                                                                         value):
    client = make_app(fault_directory).test_client()
    valid = {"topic": "phone", "message": "The phone number is wrong, it moved.",
             "contact_email": "pat@example.org"}
    response = client.post(f"/clinics/{SLUG}/correction", data={**valid, field: value})
    assert response.status_code == 400
    assert corrections(fault_directory.database_url) == 0
    assert client.post(f"/clinics/{SLUG}/correction", data=valid).status_code == 302
    assert corrections(fault_directory.database_url) == 1


@pytest.mark.parametrize("email, password", [
    (f"{ADMIN_EMAIL}\x00", ADMIN_PASSWORD), ("\x00", "x"), (ADMIN_EMAIL, ADMIN_PASSWORD + "\x00"),
])
def test_nul_bytes_in_the_sign_in_form_are_400(shared_directory, fault_env, email, password):
    client = make_app(shared_directory).test_client()
    response = client.post("/admin/login", data={"email": email, "password": password})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_people_search_freely_and_a_bot_is_stopped_with_retry_after(run_directory):
    """The default limit: a minute of one search a second is answered, the next is refused."""
    client = make_app(run_directory).test_client()
    statuses = [client.get("/search?near=21201").status_code for _ in range(60)]
    assert statuses == [200] * 60
    refused = client.get("/search?near=21201")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 61
    other = client.get("/search?near=21201", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200
