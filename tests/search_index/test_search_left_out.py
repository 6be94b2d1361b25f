"""A filter never hides clinics silently: for every kind of filter, the clinics it left out only
because they do not state its fact are counted, said in words, and can be listed."""
from __future__ import annotations

from dataclasses import replace

import pytest

from search_index import SearchError, SearchRequest, search

from clinic_corpus import all_hits, brute_force, brute_force_with_radius, clinic_at, directory_of

# Filter key -> (the request's choice, whether one database row does not state that fact).
KINDS = {
    "insurers": (dict(insurers=["aetna"]),
                 lambda c: not c.insurers and c.insurance_accepted != "no"),
    "insurance_accepted": (dict(insurance_any=True), lambda c: c.insurance_accepted == "unknown"),
    "treatments": (dict(treatments=["iv_ketamine"]), lambda c: not c.treatments),
    "conditions": (dict(conditions=["depression"]), lambda c: not c.conditions),
    "credentials": (dict(credentials=["md"]),
                    lambda c: not any(p.credentials for p in c.practitioners)),
    "min_rating": (dict(min_rating=4), lambda c: c.rating is None),
    "max_price_usd": (dict(max_price_usd=450), lambda c: c.price_min_usd is None),
    "sliding_scale": (dict(sliding_scale=True), lambda c: c.sliding_scale is None),
    "payment_plans": (dict(payment_plans=True), lambda c: c.payment_plans is None),
    "accepting_new_patients": (dict(accepting_new_patients=True),
                               lambda c: c.accepting_new_patients is None),
    "telehealth": (dict(telehealth=True), lambda c: c.telehealth is None),
}
PLACES = [dict(near="Baltimore, MD", radius_mi=50), dict(near="Virginia"), dict()]


def without(request: SearchRequest, key: str) -> SearchRequest:
    """The request with the filter ``key`` off."""
    off = {field: SearchRequest().__dict__[field] for field in KINDS[key][0]}
    return replace(request, **off)


def expected_left_out(corpus, request: SearchRequest, key: str) -> list:
    _, searched_mi = brute_force_with_radius(corpus.clinics, request)
    others = without(replace(request, widen=False,
                             radius_mi=searched_mi or request.radius_mi), key)
    return [c for c in brute_force(corpus.clinics, others) if KINDS[key][1](c)]


@pytest.mark.parametrize("where", PLACES, ids=["baltimore", "virginia", "everywhere"])
@pytest.mark.parametrize("key", KINDS)
def test_each_kind_of_filter_counts_what_it_left_out_for_not_saying(corpus, key, where):
    request = SearchRequest(**where, **KINDS[key][0])
    results = search(request, corpus.index_dir)
    silent = expected_left_out(corpus, request, key)
    assert results.unknown_counts == {key: len(silent)}
    if silent:
        assert [(note.filter, note.count) for note in results.left_out] == [(key, len(silent))]
    else:
        assert results.left_out == []


def test_several_filters_each_count_what_passes_all_the_others(corpus):
    request = SearchRequest(near="Washington, DC", radius_mi=100, insurers=["aetna", "cigna"],
                            conditions=["ptsd"], sliding_scale=True, max_price_usd=500)
    results = search(request, corpus.index_dir)
    expected = {key: len(expected_left_out(corpus, request, key))
                for key in ("insurers", "conditions", "sliding_scale", "max_price_usd")}
    assert results.unknown_counts == expected and sum(expected.values()) > 0


@pytest.mark.parametrize("key", ["insurers", "conditions", "sliding_scale", "min_rating"])
def test_the_clinics_left_out_can_be_listed(corpus, key):
    request = SearchRequest(near="Baltimore, MD", radius_mi=50, **KINDS[key][0])
    listed = all_hits(replace(request, unstated=key), corpus.index_dir)
    assert {hit.clinic_id for hit in listed} == {
        c.id for c in expected_left_out(corpus, request, key)} != set()
    shown = search(replace(request, unstated=key), corpus.index_dir)
    assert shown.unstated == key and key not in shown.unknown_counts
    assert any(notice.startswith("Showing the clinics within 50 miles that ")
               for notice in shown.notices)


def test_listing_what_a_filter_left_out_needs_that_filter(corpus):
    with pytest.raises(SearchError, match="choose that filter too"):
        search(SearchRequest(near="21201", unstated="insurers"), corpus.index_dir)
    with pytest.raises(SearchError, match="choose that filter too"):
        search(SearchRequest(near="21201", insurers=["aetna"], unstated="nonsense"),
               corpus.index_dir)


@pytest.fixture(scope="module")
def baltimore(tmp_path_factory):
    """Near 21201: one clinic names Aetna, one names only Cigna, one says insurance without
    naming any, one does not say, one is self-pay; an Aetna clinic 33 miles away."""
    return directory_of(tmp_path_factory.mktemp("baltimore"), [
        clinic_at("21202", "names-cigna", insurance_accepted="yes", insurers=["cigna"]),
        clinic_at("21205", "says-yes", insurance_accepted="yes"),
        clinic_at("21209", "silent", insurance_accepted="unknown"),
        clinic_at("21210", "self-pay", insurance_accepted="no"),
        clinic_at("21401", "annapolis-aetna", insurance_accepted="yes", insurers=["aetna"]),
    ])


def test_a_widened_search_says_why_and_counts_at_the_radius_it_searched(baltimore):
    results = search(SearchRequest(near="21201", radius_mi=10, insurers=["aetna"]),
                     baltimore.index_dir)
    assert [hit.slug for hit in results.hits] == ["annapolis-aetna"]
    assert results.radius_mi == 25
    assert results.notices == [
        "No clinic within 10 miles matches your search, so it widened to 25 miles."]
    assert [note.text for note in results.left_out] == [
        "2 clinics within 25 miles do not state whether they take Aetna."]


def test_one_clinic_left_out_is_said_in_the_singular(baltimore):
    results = search(SearchRequest(near="21201", radius_mi=25, insurance_any=True),
                     baltimore.index_dir)
    assert [note.text for note in results.left_out] == [
        "1 clinic within 25 miles does not state whether it takes insurance."]
