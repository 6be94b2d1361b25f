"""No dead ends: the nearest matches at any distance when nothing is near, and the telehealth
clinics of the patient's state, each with its distance."""
from __future__ import annotations

import pytest

from search_index import SearchRequest, search

from clinic_corpus import clinic_at, directory_of

SGB_SLIDING = dict(treatments=["sgb"], sliding_scale=True)


@pytest.fixture(scope="module")
def west(tmp_path_factory):
    """San Diego has one SGB clinic that does not state a sliding scale; the SGB clinics with a
    sliding scale are in Henderson, NV (254 miles), Phoenix (297) and Seattle (1,059)."""
    return directory_of(tmp_path_factory.mktemp("west"), [
        clinic_at("92101", "san-diego-sgb", treatments=["sgb"]),
        clinic_at("89014", "henderson-sgb", **SGB_SLIDING),
        clinic_at("85004", "phoenix-sgb", **SGB_SLIDING),
        clinic_at("98101", "seattle-sgb", **SGB_SLIDING),
        clinic_at("92590", "temecula-infusions", treatments=["iv_ketamine"]),
        clinic_at("95814", "sacramento-video", treatments=["iv_ketamine"], telehealth=True),
        clinic_at("89501", "reno-video", treatments=["iv_ketamine"], telehealth=True),
    ])


def slugs(hits) -> list[str]:
    return [hit.slug for hit in hits]


def test_san_diego_sgb_sliding_scale_shows_the_nearest_matches_with_their_distances(west):
    results = search(SearchRequest(near="San Diego, CA", **SGB_SLIDING), west.index_dir)
    assert (results.total, results.radius_mi) == (0, 100)
    assert slugs(results.nearest) == ["henderson-sgb", "phoenix-sgb", "seattle-sgb"]
    assert [round(hit.distance_mi) for hit in results.nearest] == [254, 297, 1059]
    assert results.notices[-1] == (
        "No clinic within 100 miles matches your search. The 3 nearest clinics that match are "
        "listed below, with their distance.")
    # The San Diego clinic does not say whether it offers a sliding scale, and the page says so.
    assert results.unknown_counts == {"treatments": 0, "sliding_scale": 1}


def test_a_zip_far_from_every_clinic_shows_the_nearest_ones(west):
    results = search(SearchRequest(near="99950", radius_mi=250), west.index_dir)
    assert results.total == 0 and results.radius_mi == 250
    assert slugs(results.nearest)[:1] == ["seattle-sgb"]
    assert 600 < results.nearest[0].distance_mi < 700 and len(results.nearest) == 5
    distances = [hit.distance_mi for hit in results.nearest]
    assert distances == sorted(distances)


def test_telehealth_clinics_of_the_patients_state_are_offered_when_the_search_widened(west):
    results = search(SearchRequest(near="San Diego, CA", treatments=["iv_ketamine"]),
                     west.index_dir)
    assert slugs(results.hits) == ["temecula-infusions"] and results.radius_mi == 50
    # Reno offers telehealth too, but in Nevada.
    assert slugs(results.telehealth) == ["sacramento-video"]
    assert results.telehealth[0].telehealth is True
    assert 460 < results.telehealth[0].distance_mi < 475


def test_nothing_more_is_offered_when_the_search_found_clinics_where_asked(west):
    results = search(SearchRequest(near="San Diego, CA", radius_mi=50,
                                   treatments=["iv_ketamine"]), west.index_dir)
    assert slugs(results.hits) == ["temecula-infusions"]
    assert (results.nearest, results.telehealth, results.notices) == ([], [], [])


def test_a_search_that_may_not_widen_offers_nothing_farther(west):
    results = search(SearchRequest(near="San Diego, CA", widen=False, **SGB_SLIDING),
                     west.index_dir)
    assert (results.total, results.nearest, results.telehealth) == (0, [], [])


def test_with_nothing_matching_anywhere_the_page_says_so(west):
    results = search(SearchRequest(near="San Diego, CA", treatments=["oral_ketamine"]),
                     west.index_dir)
    assert results.nearest == [] and results.notices[-1] == (
        "No clinic within 100 miles matches your search, nor any farther away.")
