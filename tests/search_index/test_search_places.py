"""Places: ZIPs, cities, states and browser points; radius widening that says so."""
from __future__ import annotations

import pytest

from clinics.geo import UnknownPlace
from search_index import SearchError, SearchRequest, search

from clinic_corpus import all_hits, brute_force, clinic_at, directory_of


@pytest.fixture(scope="module")
def spread(tmp_path_factory):
    """Clinics 34 (Washington), 89.6 (Philadelphia) and 171.5 (New York) miles from 21201."""
    return directory_of(tmp_path_factory.mktemp("spread"), [
        clinic_at("20001", "washington", treatments=["sgb"], sliding_scale=True),
        clinic_at("19103", "philadelphia", treatments=["iv_ketamine"]),
        clinic_at("10001", "new-york", treatments=["ketamine_assisted_psychotherapy"]),
    ])


def slugs(results) -> list[str]:
    return [hit.slug for hit in results.hits]


def test_nothing_within_25_miles_widens_to_50_and_says_so(spread):
    results = search(SearchRequest(near="21201"), spread.index_dir)
    assert slugs(results) == ["washington"]
    assert (results.asked_radius_mi, results.radius_mi, results.widened) == (25, 50, True)
    assert results.notices == [
        "No clinic is within 25 miles, so the search widened to 50 miles."]


def test_widening_goes_on_to_100_miles_for_what_the_filters_ask(spread):
    results = search(SearchRequest(near="21201", treatments=["iv_ketamine"]), spread.index_dir)
    assert slugs(results) == ["philadelphia"] and results.radius_mi == 100
    assert results.notices == [
        "No clinic within 25 miles matches your search, so it widened to 100 miles."]


def test_widening_stops_at_100_miles_and_then_shows_the_nearest_match_at_any_distance(spread):
    results = search(SearchRequest(near="21201", treatments=["ketamine_assisted_psychotherapy"]),
                     spread.index_dir)
    assert results.total == 0 and results.radius_mi == 100
    assert "widened to 100 miles" in results.notices[0]
    assert [hit.slug for hit in results.nearest] == ["new-york"]
    assert 165 < results.nearest[0].distance_mi < 175
    assert results.notices[1] == ("No clinic within 100 miles matches your search. The nearest "
                                  "clinic that matches is listed below, with its distance.")


def test_a_radius_that_finds_something_is_kept_and_nothing_is_said(spread):
    results = search(SearchRequest(near="21201", radius_mi=40), spread.index_dir)
    assert slugs(results) == ["washington"]
    assert (results.radius_mi, results.widened, results.notices) == (40, False, [])


def test_widening_can_be_turned_off(spread):
    results = search(SearchRequest(near="21201", widen=False), spread.index_dir)
    assert (results.total, results.radius_mi, results.notices) == (0, 25, [])


def test_a_radius_wider_than_100_miles_is_never_widened(spread):
    results = search(SearchRequest(near="21201", radius_mi=150,
                                   treatments=["ketamine_assisted_psychotherapy"]),
                     spread.index_dir)
    assert (results.total, results.radius_mi) == (0, 150)


def test_the_browser_location_is_a_point_with_exact_distances(spread):
    results = search(SearchRequest(near="38.9072, -77.0369", radius_mi=10), spread.index_dir)
    assert slugs(results) == ["washington"] and results.hits[0].distance_mi < 2
    assert results.place.precision == "point"


@pytest.mark.parametrize("near", ["MD", "Maryland", "maryland", " md "])
def test_a_state_finds_its_clinics_without_distances(corpus, near):
    request = SearchRequest(near=near)
    results = search(request, corpus.index_dir)
    expected = {c.id for c in brute_force(corpus.clinics, request)}
    assert {hit.clinic_id for hit in all_hits(request, corpus.index_dir)} == expected
    assert expected and all(hit.state == "MD" for hit in results.hits)
    assert results.place.label == "Maryland" and results.place.precision == "state"
    assert results.radius_mi is None and {hit.distance_mi for hit in results.hits} == {None}
    assert results.sort == "relevance"


def test_sorting_a_state_by_distance_asks_for_a_point(corpus):
    with pytest.raises(SearchError, match="needs a ZIP code, a city or your location"):
        search(SearchRequest(near="Virginia", sort="distance"), corpus.index_dir)


@pytest.mark.parametrize(("near", "suggestion"), [
    ("Baltimor, MD", "Baltimore, MD"), ("Philadelpia, PA", "Philadelphia, PA"),
    ("Richmnd, Virginia", "Richmond, VA"),
])
def test_a_misspelt_city_is_an_unknown_place_with_suggestions(corpus, near, suggestion):
    with pytest.raises(UnknownPlace) as raised:
        search(SearchRequest(near=near), corpus.index_dir)
    assert suggestion in raised.value.suggestions
    assert f"Did you mean {suggestion}" in str(raised.value)
