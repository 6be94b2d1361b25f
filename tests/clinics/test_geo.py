"""Offline places and distances."""
import pytest

from clinics import geo


@pytest.mark.parametrize("text, label", [
    ("21201", "21201 (Baltimore, MD)"),
    ("21201-1234", "21201 (Baltimore, MD)"),
    ("Baltimore, MD", "Baltimore, MD"),
    ("baltimore maryland", "Baltimore, MD"),
    ("39.29, -76.61", "Baltimore, MD"),
])
def test_places_people_type_resolve_near_baltimore(text, label):
    place = geo.resolve_place(text)
    assert place.label == label
    assert geo.haversine_mi(place.lat, place.lon, 39.29, -76.61) < 10


@pytest.mark.parametrize("text", ["99999", "", "AND OR (", "95.0, 200", "Atlantis, ZZ"])
def test_unknown_places_get_a_message_not_a_crash(text):
    with pytest.raises(geo.UnknownPlace) as caught:
        geo.resolve_place(text)
    assert "could not find" in str(caught.value)


def test_a_misspelt_city_is_offered_the_right_one():
    with pytest.raises(geo.UnknownPlace) as caught:
        geo.resolve_place("Baltimre, MD")
    assert caught.value.suggestions[0] == "Baltimore, MD"


def test_distance_baltimore_to_washington_is_about_35_miles():
    assert geo.haversine_mi(39.2904, -76.6122, 38.9072, -77.0369) == pytest.approx(35.3, abs=0.5)


@pytest.mark.parametrize("lat, lon, radius", [(39.29, -76.61, 100), (64.8, -147.7, 300),
                                              (25.77, -80.19, 5)])
def test_bounding_box_contains_the_whole_circle(lat, lon, radius):
    min_lat, max_lat, min_lon, max_lon = geo.bounding_box(lat, lon, radius)
    for bearing_lat, bearing_lon in [(max_lat, lon), (min_lat, lon)]:
        assert geo.haversine_mi(lat, lon, bearing_lat, bearing_lon) >= radius * 0.999
    assert geo.haversine_mi(lat, lon, lat, max_lon) >= radius * 0.999
    assert geo.haversine_mi(lat, lon, lat, min_lon) >= radius * 0.999


@pytest.mark.parametrize("text, label", [
    ("Salt Lake City UT", "Salt Lake City, UT"),
    ("Charleston West Virginia", "Charleston, WV"),
    ("Washington District of Columbia", "Washington, DC"),
    ("Baltimore,MD", "Baltimore, MD"),
    ("  new york   new york ", "New York, NY"),
])
def test_cities_of_several_words_and_states_without_a_comma_resolve(text, label):
    assert geo.resolve_place(text).label == label
