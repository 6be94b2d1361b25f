"""Whatever arrives in a query string, a form or a path, the answer is never a 500.

Hypothesis sends every public query parameter, form field and path parameter values a person,
a bot or a broken client might: long, empty, numeric edge cases, NUL and control characters,
bytes that are not UTF-8, markup, and the values that once broke something (ids past 32 and 64
bits, the backtracking place). On SQLite and PostgreSQL, whose drivers refuse different things.
Rate limits are off so that every example reaches the code behind them.
"""
from __future__ import annotations

from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fault_directory import ADMIN_EMAIL, make_app

SLUG = "harbor-ketamine-baltimore"
FLAGS = ("sliding_scale", "payment_plans", "free_consultation", "aftercare",
         "accepting_new_patients", "telehealth", "npi_verified")
SEARCH_ARGS = ("q", "near", "radius", "widen", "insurance", "treatment", "condition",
               "credential", "min_rating", "max_price", "sort", "page", "per_page", *FLAGS)
# Values that once broke something, or sit on a boundary.
EDGES = ("", " ", "0", "-1", "1", "1.5", "1e309", "-1e309", "nan", "inf", "2147483647",
         "2147483648", "9223372036854775808", "9" * 40, "21201", "21201-1234", "99999",
         "Baltimore, MD", "baltimore md", "MD", "Maryland", "39.29,-76.61", "95,200", "any",
         "aetna", "cigna,aetna", "iv_ketamine", "licensed therapist", "distance", "rating",
         "price", "relevance", "\x00", "a\x00b", "The number moved\x00 to a new line.",
         "pat\x00@example.org", "a" + " " * 150 + "a!", "x" * 101, "x" * 2001, "x" * 4001,
         "<script>alert(1)</script>", '"ketamine', "ketamine*", "*", "AND OR NOT (", "%",
         "\u202e", "\ufeff", "😀", "Ǆ", "ǅ", "ß", "İ", "\r\n")

# Any character but lone surrogates, with the ones that break things (NUL, controls, the query
# string's own separators) made common.
text = st.text(alphabet=st.one_of(st.characters(blacklist_categories=("Cs",)),
                                  st.sampled_from("\x00\x01\x7f\r\n\t %&=+#;,.<>\"'")),
               max_size=120)
# Ordinary words with a NUL inside, long enough to pass a form's length checks.
with_nul = st.builds(lambda before, after: f"{before} words\x00 and more {after}", text, text)
values = st.one_of(st.sampled_from(EDGES), text, with_nul,
                   st.binary(max_size=40))  # raw bytes, which need not be UTF-8


def encoded(value: str | bytes) -> str:
    if isinstance(value, bytes):
        return quote_from_bytes(value, safe="")
    return quote(value, safe="")


def query_string(pairs: list[tuple[str | bytes, str | bytes]]) -> str:
    return "&".join(f"{encoded(key)}={encoded(value)}" for key, value in pairs)


def pairs_of(names: tuple[str, ...]):
    key = st.one_of(st.sampled_from(names), st.sampled_from(names), text.filter(bool))
    return st.lists(st.tuples(key, values), max_size=8)


FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.fixture
def fuzz_client(shared_directory, fault_env):
    return make_app(shared_directory, RATELIMIT_ENABLED=False).test_client()


def answered(response) -> int:
    assert response.status_code < 500, (response.status_code, response.request.url)
    return response.status_code


@FUZZ
@given(pairs=pairs_of(SEARCH_ARGS))
@example(pairs=[("near", "a" + " " * 2000 + "a!")])
@example(pairs=[("near", "\x00"), ("q", "a\x00b")])
@example(pairs=[("page", "9" * 5000), ("per_page", "1e309"), ("radius", "nan")])
def test_search_arguments_never_answer_500(fuzz_client, pairs):
    qs = query_string(pairs)
    assert answered(fuzz_client.get(f"/search?{qs}")) in (200, 400)
    assert answered(fuzz_client.get(f"/api/v1/search?{qs}")) in (200, 400)


@FUZZ
@given(pairs=pairs_of(("page", "per_page", "next", "q", "near")))
def test_listing_and_page_arguments_never_answer_500(fuzz_client, pairs):
    qs = query_string(pairs)
    for path in ("/", "/api/v1/clinics", f"/clinics/{SLUG}", "/admin/login", "/guides/",
                 "/healthz", "/robots.txt", "/sitemap.xml"):
        answered(fuzz_client.get(f"{path}?{qs}"))


path_values = st.one_of(st.sampled_from(EDGES), text.filter(bool), st.binary(min_size=1,
                                                                             max_size=40),
                        st.integers(min_value=-2**70, max_value=2**70).map(str))


@FUZZ
@given(value=path_values)
@example(value="a\x00b")
@example(value="9223372036854775808")
@example(value="2147483648")
@example(value="9" * 5000)
def test_path_parameters_never_answer_500(fuzz_client, value):
    part = encoded(value)
    for path in (f"/clinics/{part}", f"/clinics/{part}/correction", f"/guides/{part}",
                 f"/api/v1/clinics/{part}"):
        assert answered(fuzz_client.get(path)) in (200, 308, 404, 400)


form_values = st.one_of(st.sampled_from(EDGES), text, with_nul)
CORRECTION = {"topic": "phone", "message": "The phone number moved to a new line.",
              "contact_email": "pat@example.org"}


@FUZZ
@given(field=st.sampled_from(sorted(CORRECTION)), value=form_values)
@example(field="message", value="The number moved\x00 to a new line.")
@example(field="contact_email", value="pat\x00@example.org")
def test_correction_form_fields_never_answer_500(fuzz_client, field, value):
    """One field at a time is fuzzed, the others valid, so each example reaches the database."""
    response = fuzz_client.post(f"/clinics/{SLUG}/correction",
                                data={**CORRECTION, field: value})
    assert answered(response) in (302, 400)


@settings(FUZZ, max_examples=12)
@given(field=st.sampled_from(("email", "password")), value=form_values)
@example(field="email", value="ops\x00@example.org")
def test_sign_in_form_fields_never_answer_500(fuzz_client, field, value):
    """Fewer examples: a well-formed attempt costs one scrypt hash by design."""
    form = {"email": ADMIN_EMAIL, "password": "not the password", field: value}
    response = fuzz_client.post("/admin/login", data=form)
    assert answered(response) in (302, 400, 401, 429)
