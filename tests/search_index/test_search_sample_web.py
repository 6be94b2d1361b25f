"""Over the crawled sample web: any place, radius and filters find exactly what a brute-force
haversine over the database finds (the crawl, the ingest and the index together)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinics import vocab
from clinics.geo import UnknownPlace, resolve_place
from search_index import SearchRequest, rebuild

from clinic_corpus import Corpus, all_hits, brute_force_with_radius, load_clinics


@pytest.fixture(scope="module")
def sample_web(crawled_db_url, tmp_path_factory) -> Corpus:
    index_dir = tmp_path_factory.mktemp("sample_web_index")
    rebuild(crawled_db_url, index_dir)
    return Corpus(crawled_db_url, index_dir, load_clinics(crawled_db_url))


def _resolves(near: str) -> bool:
    try:
        resolve_place(near)
    except UnknownPlace:
        return False
    return True


def _places(corpus: Corpus) -> list[str]:
    """ZIPs, cities and points around the crawled clinics that the offline geo data knows."""
    located = [c for c in corpus.clinics if c.lat is not None]
    places = ([c.postal_code for c in located if c.postal_code]
              + [f"{c.city}, {c.state}" for c in located if c.city and c.state]
              + [f"{c.lat + 0.3:.4f},{c.lon - 0.3:.4f}" for c in located])
    return sorted({near for near in places if _resolves(near)})


@settings(max_examples=50, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_places_and_radii_over_the_sample_web_match_the_database(sample_web, data):
    places = _places(sample_web)
    assert len(places) > 20
    near = data.draw(st.one_of(st.none(), st.sampled_from(places)))
    request = SearchRequest(
        near=near, radius_mi=data.draw(st.sampled_from((5, 10, 25, 50, 100, 250, 500))),
        insurers=data.draw(st.lists(st.sampled_from(vocab.tokens("insurers")), max_size=2)),
        treatments=data.draw(st.lists(st.sampled_from(vocab.tokens("treatments")), max_size=1)),
        sliding_scale=data.draw(st.booleans()), widen=data.draw(st.booleans()))
    expected, radius = brute_force_with_radius(sample_web.clinics, request)
    found = all_hits(request, sample_web.index_dir)
    assert {hit.clinic_id for hit in found} == {c.id for c in expected}
    if near is not None and radius is not None:
        distances = [hit.distance_mi for hit in found]
        assert distances == sorted(distances) and all(d <= radius for d in distances)
