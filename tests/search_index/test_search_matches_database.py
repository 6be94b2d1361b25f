"""The index answers exactly what a brute-force pass over the database answers."""
from __future__ import annotations

import random
from collections import Counter

import pytest

from clinics import vocab
from clinics.geo import haversine_mi, resolve_place
from clinics.ratings import best_rated_score
from search_index import SearchRequest, search

from clinic_corpus import all_hits, brute_force

CITIES = ("Baltimore, MD", "Richmond, VA", "Philadelphia, PA", "Wilmington, DE", "Washington, DC",
          "Harrisburg, Pennsylvania", "Ocean City, MD")
RADII = (1, 5, 10, 25, 50, 100, 250, 500)


def random_near(rng: random.Random, corpus) -> str:
    kind = rng.choice(("zip", "city", "point"))
    if kind == "zip":
        return rng.choice([c.postal_code for c in corpus.clinics])
    if kind == "city":
        return rng.choice(CITIES)
    return f"{rng.uniform(37.0, 41.5):.4f},{rng.uniform(-80.0, -75.0):.4f}"


def random_request(rng: random.Random, corpus) -> SearchRequest:
    return SearchRequest(
        near=random_near(rng, corpus) if rng.random() < 0.85 else None,
        radius_mi=rng.choice(RADII) if rng.random() < 0.7 else round(rng.uniform(0.5, 500), 2),
        insurers=rng.sample(vocab.tokens("insurers"), rng.choice((0, 0, 1, 2))),
        insurance_any=rng.random() < 0.2,
        sliding_scale=rng.random() < 0.3,
        payment_plans=rng.random() < 0.2,
        treatments=rng.sample(vocab.tokens("treatments"), rng.choice((0, 0, 1, 2))),
        conditions=rng.sample(vocab.tokens("conditions"), rng.choice((0, 0, 1, 3))),
    )


@pytest.mark.parametrize("seed", range(8))
def test_random_searches_find_exactly_the_clinics_the_database_holds(corpus, seed):
    rng = random.Random(seed)
    checked_nonempty = 0
    for _ in range(30):
        request = random_request(rng, corpus)
        expected = {c.id for c in brute_force(corpus.clinics, request)}
        found = [hit.clinic_id for hit in all_hits(request, corpus.index_dir)]
        assert len(found) == len(set(found))
        assert set(found) == expected, request
        checked_nonempty += bool(expected)
    assert checked_nonempty >= 5


def test_a_search_across_the_date_line_finds_clinics_on_both_sides(corpus):
    request = SearchRequest(near="99546", radius_mi=250)
    found = {hit.postal_code for hit in all_hits(request, corpus.index_dir)}
    expected = {c.postal_code for c in brute_force(corpus.clinics, request)}
    assert found == expected
    assert expected == {"99546", "96507"}


def test_distance_sort_is_ascending_and_distances_are_exact(corpus):
    request = SearchRequest(near="Baltimore, MD", radius_mi=60)
    hits = all_hits(request, corpus.index_dir)
    assert len(hits) > 20
    distances = [hit.distance_mi for hit in hits]
    assert distances == sorted(distances)
    place = resolve_place("Baltimore, MD")
    by_id = {c.id: c for c in corpus.clinics}
    for hit in hits:
        clinic = by_id[hit.clinic_id]
        assert hit.distance_mi == pytest.approx(
            haversine_mi(place.lat, place.lon, clinic.lat, clinic.lon), abs=1e-9)


def test_near_defaults_to_distance_sort_and_no_place_to_relevance(corpus):
    near = search(SearchRequest(near="21201", radius_mi=100, per_page=100), corpus.index_dir)
    assert [h.distance_mi for h in near.hits] == sorted(h.distance_mi for h in near.hits)
    assert near.place is not None and near.place.precision == "zip"
    assert near.radius_mi == 100
    anywhere = search(SearchRequest(), corpus.index_dir)
    assert anywhere.place is None and anywhere.radius_mi is None
    assert all(hit.distance_mi is None for hit in anywhere.hits)
    assert anywhere.total == sum(c.status == "active" for c in corpus.clinics)


def test_rating_sort_puts_best_rated_first_and_unrated_last(corpus):
    hits = all_hits(SearchRequest(sort="rating"), corpus.index_dir)
    ratings = [hit.rating for hit in hits]
    rated = [r for r in ratings if r is not None]
    scores = [best_rated_score(h.rating, h.review_count) for h in hits if h.rating is not None]
    assert scores == sorted(scores, reverse=True)
    assert ratings == rated + [None] * (len(ratings) - len(rated))
    assert rated and len(rated) < len(ratings)


def test_facets_count_insurers_and_treatments_over_the_whole_matching_set(corpus):
    request = SearchRequest(near="Philadelphia, PA", radius_mi=150, per_page=5)
    results = search(request, corpus.index_dir)
    expected = brute_force(corpus.clinics, request)
    assert results.total == len(expected) > 5
    assert len(results.hits) == 5
    assert results.facets["insurers"] == dict(Counter(t for c in expected for t in c.insurers))
    assert results.facets["treatments"] == dict(Counter(t for c in expected for t in c.treatments))
    counts = list(results.facets["treatments"].values())
    assert counts == sorted(counts, reverse=True)


def test_tri_state_filters_count_the_clinics_that_do_not_say(corpus):
    base = SearchRequest(near="Washington, DC", radius_mi=200, payment_plans=True)
    filtered = SearchRequest(near="Washington, DC", radius_mi=200, payment_plans=True,
                             sliding_scale=True)
    results = search(filtered, corpus.index_dir)
    without_sliding = brute_force(corpus.clinics, base)
    not_stated = sum(c.sliding_scale is None for c in without_sliding)
    assert not_stated > 0
    assert results.unknown_counts == {
        "sliding_scale": not_stated,
        "payment_plans": sum(
            c.payment_plans is None and c.sliding_scale is True
            for c in brute_force(corpus.clinics, SearchRequest(near="Washington, DC",
                                                               radius_mi=200))
        ),
    }
    assert all(hit.sliding_scale is True for hit in results.hits)
    assert search(base, corpus.index_dir).unknown_counts == {
        "payment_plans": sum(c.payment_plans is None for c in brute_force(
            corpus.clinics, SearchRequest(near="Washington, DC", radius_mi=200)))
    }


def test_hits_carry_the_clinic_facts_as_the_database_states_them(corpus):
    by_id = {c.id: c for c in corpus.clinics}
    for hit in all_hits(SearchRequest(), corpus.index_dir):
        clinic = by_id[hit.clinic_id]
        assert (hit.slug, hit.name, hit.city, hit.state, hit.postal_code) == (
            clinic.slug, clinic.name, clinic.city, clinic.state, clinic.postal_code)
        assert hit.treatments == clinic.treatments and hit.insurers == clinic.insurers
        assert hit.insurance_accepted == clinic.insurance_accepted
        assert hit.sliding_scale is clinic.sliding_scale
        assert (hit.rating, hit.review_count, hit.price_min_usd) == (
            clinic.rating, clinic.review_count, clinic.price_min_usd)


def test_insurer_names_and_insurers_only_the_index_knows_are_accepted(corpus):
    by_alias = search(SearchRequest(insurers=["UHC"], per_page=100), corpus.index_dir)
    by_token = search(SearchRequest(insurers=["unitedhealthcare"], per_page=100), corpus.index_dir)
    assert by_alias.total == by_token.total > 0
    extra = search(SearchRequest(insurers=["Ambetter"], per_page=100), corpus.index_dir)
    expected = {c.id for c in corpus.clinics if c.status == "active" and "ambetter" in c.insurers}
    assert {hit.clinic_id for hit in extra.hits} == expected and expected
