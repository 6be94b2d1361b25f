"""Places as people mean them: the largest place of a name first, a typo's big city first, and a
browser's coordinates named after the town they are in."""
from __future__ import annotations

import time

import pytest

from clinics import populations
from clinics.geo import MAX_PLACE_CHARS, UnknownPlace, resolve_place
from search_index import SearchRequest, search

from clinic_corpus import clinic_at, directory_of


def suggestions(text: str) -> list[str]:
    with pytest.raises(UnknownPlace) as raised:
        resolve_place(text)
    return raised.value.suggestions


def test_a_bare_city_name_suggests_the_largest_place_of_that_name_first():
    found = suggestions("austin")
    assert found[0] == "Austin, TX"
    assert {"Austin, MN", "Austin, AR"} <= set(found) and len(found) <= 5


def test_a_misspelt_city_offers_the_big_place_before_the_small_one():
    found = suggestions("Sn Diego")
    assert found.index("San Diego, CA") < found.index("San Diego, TX")


def test_populations_come_from_the_shipped_extract_and_agree_on_saint_and_st():
    assert populations.population("Austin", "TX") > 500_000
    assert populations.population("Saint Louis", "MO") == populations.population(
        "St. Louis", "MO") > 100_000
    assert populations.population("Nowhere Special", "TX") == 0


@pytest.mark.parametrize(("lat", "lon", "label", "state"), [
    (32.7157, -117.1611, "San Diego, CA", "CA"),
    (38.9072, -77.0369, "Washington, DC", "DC"),
    (32.64, -117.08, "Chula Vista, CA", "CA"),
    (39.2904, -76.6122, "Baltimore, MD", "MD"),
])
def test_coordinates_are_named_after_the_town_they_are_in(lat, lon, label, state):
    place = resolve_place(f"{lat},{lon}")
    assert (place.label, place.state, place.precision) == (label, state, "point")
    assert (place.lat, place.lon) == (lat, lon)


def test_coordinates_far_from_any_town_keep_their_numbers():
    place = resolve_place("0,0")
    assert place.label == "0.0000, 0.0000" and place.state is None


def test_zips_and_cities_know_their_state():
    assert resolve_place("92101").state == "CA"
    assert resolve_place("Austin, TX").state == "TX"


def test_a_search_from_the_browser_location_names_the_city(tmp_path):
    corpus = directory_of(tmp_path, [clinic_at("92101", "gaslamp", treatments=["sgb"])])
    results = search(SearchRequest(near="32.7157,-117.1611"), corpus.index_dir)
    assert results.place.label == "San Diego, CA" and [h.slug for h in results.hits] == ["gaslamp"]


@pytest.mark.parametrize("text", [
    " " * 90 + "austin", "a ," * 33, "Sn Diego" + " " * 92, "1" * 99 + ",",
    "-1." + "1" * 95 + ",", "x" * (MAX_PLACE_CHARS + 1),
])
def test_long_or_odd_place_text_is_answered_at_once(text):
    suggestions("austin")  # the place data is read once, before the clock starts
    started = time.perf_counter()
    try:
        resolve_place(text)
    except UnknownPlace:
        pass
    # A loose bound: a backtracking pattern takes seconds on such text.
    assert time.perf_counter() - started < 1.0
