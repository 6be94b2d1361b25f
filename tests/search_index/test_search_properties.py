"""Property-based checks: for any place, radius, filter combination and typed text, the index
answers exactly what a brute-force pass over the database answers."""
from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinics import vocab
from search_index import SearchRequest, search
from search_index.checks import CREDENTIAL_GROUPS

from clinic_corpus import all_hits, brute_force_with_radius, region_zips

NAMED_PLACES = ("Baltimore, MD", "Richmond, VA", "Philadelphia, PA", "Wilmington, DE",
                "Washington, DC", "Harrisburg, Pennsylvania", "Ocean City, MD", "99546")
STATES = ("MD", "Virginia", "pa", "Delaware", "AK")
CHECKS = settings(max_examples=60, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow])


def _point():
    latitude = st.floats(37.0, 41.5).map(lambda v: round(v, 4))
    longitude = st.floats(-80.0, -75.0).map(lambda v: round(v, 4))
    return st.tuples(latitude, longitude).map(lambda p: f"{p[0]},{p[1]}")


places = st.one_of(st.none(), st.sampled_from(region_zips()), st.sampled_from(NAMED_PLACES),
                   st.sampled_from(STATES), _point())
radii = st.one_of(st.sampled_from((1, 5, 10, 25, 50, 100, 250, 500)),
                  st.floats(0.5, 500).map(lambda v: round(v, 2)))


# A filter is on in one example out of five, so that most combinations still find clinics.
sometimes = st.integers(0, 4).map(lambda n: n == 0)


def _some(tokens, most: int):
    chosen = st.lists(st.sampled_from(tokens), min_size=1, max_size=most, unique=True)
    return sometimes.flatmap(lambda on: chosen if on else st.just([]))


def _maybe(values):
    return sometimes.flatmap(lambda on: st.sampled_from(values) if on else st.none())


filters = st.fixed_dictionaries({
    "insurers": _some(vocab.tokens("insurers") + ("ambetter",), 2),
    "treatments": _some(vocab.tokens("treatments"), 2),
    "conditions": _some(vocab.tokens("conditions"), 3),
    "credentials": _some(vocab.tokens("credentials") + tuple(CREDENTIAL_GROUPS), 2),
    "insurance_any": sometimes, "sliding_scale": sometimes,
    "payment_plans": sometimes, "free_consultation": sometimes,
    "aftercare": sometimes, "accepting_new_patients": sometimes,
    "telehealth": sometimes, "npi_verified": sometimes,
    "min_rating": _maybe((1, 2.5, 3, 4, 4.5)),
    "max_price_usd": _maybe((300, 400, 450, 650)),
    "widen": st.booleans(),
})
# Typed text: anything at all, from query syntax and unicode to plain words.
junk_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet='"*():^~-+[]{}!\\/ AND OR NOT ketamine', max_size=30),
    st.lists(st.sampled_from(["ketamine", "sgb", "ptsd", "zzqx", "the", "near", "me", "clinic",
                              '"calm', "suite\"", "infus*", "tricare"]), max_size=4).map(" ".join),
)


def found_ids(request: SearchRequest, index_dir) -> tuple[list[int], object]:
    first = search(replace(request, per_page=100), index_dir)
    ids = [hit.clinic_id for hit in all_hits(request, index_dir)]
    assert len(ids) == len(set(ids)) == first.total
    return ids, first


@CHECKS
@given(near=places, radius=radii, choices=filters)
def test_any_place_radius_and_filters_find_exactly_the_matching_clinics(corpus, near, radius,
                                                                       choices):
    request = SearchRequest(near=near, radius_mi=radius, **choices)
    expected, searched_mi = brute_force_with_radius(corpus.clinics, request)
    ids, results = found_ids(request, corpus.index_dir)
    assert set(ids) == {c.id for c in expected}
    assert results.radius_mi == searched_mi
    if searched_mi is not None and searched_mi != radius:
        assert results.notices and f"{searched_mi:g} miles" in results.notices[-1]


@CHECKS
@given(q=junk_text, near=places, radius=radii, choices=filters)
def test_typed_text_only_narrows_what_the_filters_find(corpus, q, near, radius, choices):
    """Text never fails; with filters it finds the text's matches that pass the filters."""
    everywhere = SearchRequest(q=q, widen=False, per_page=100)
    text_ids = {hit.clinic_id for hit in all_hits(everywhere, corpus.index_dir)}
    request = SearchRequest(q=q, near=near, radius_mi=radius, **{**choices, "widen": False})
    expected, _ = brute_force_with_radius(corpus.clinics, request)
    ids, _ = found_ids(request, corpus.index_dir)
    assert set(ids) == {c.id for c in expected} & text_ids
    if not re.search(r"\w", q):
        assert set(ids) == {c.id for c in expected}
