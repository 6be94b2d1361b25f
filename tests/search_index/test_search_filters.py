"""Filters as a patient combines them, "not stated" counts, and facets over the matches."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search_index import SearchRequest, search

from clinic_corpus import (
    YES_ONLY, all_hits, brute_force, brute_force_with_radius, listed_conditions,
)

FLAGS = ("insurance_any", *YES_ONLY)
FACT_OF = {"insurance_any": "insurance_accepted"}


def ids(request: SearchRequest, corpus) -> set[int]:
    return {hit.clinic_id for hit in all_hits(request, corpus.index_dir)}


def expected_ids(request: SearchRequest, corpus) -> set[int]:
    return {c.id for c in brute_force(corpus.clinics, request)}


def says_nothing(clinic, flag: str) -> bool:
    if flag == "insurance_any":
        return clinic.insurance_accepted == "unknown"
    return getattr(clinic, flag) is None


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(flags=st.sets(st.sampled_from(FLAGS), min_size=1, max_size=3),
       near=st.sampled_from([None, "Baltimore, MD", "19103", "Virginia", "38.9,-77.03"]),
       radius=st.sampled_from([10, 50, 150]))
def test_each_yes_only_filter_counts_the_clinics_that_do_not_say(corpus, flags, near, radius):
    request = SearchRequest(near=near, radius_mi=radius, **{flag: True for flag in flags})
    results = search(request, corpus.index_dir)
    _, searched_mi = brute_force_with_radius(corpus.clinics, request)
    assert set(results.unknown_counts) == {FACT_OF.get(flag, flag) for flag in flags}
    for flag in flags:
        others = replace(request, radius_mi=searched_mi or radius, widen=False, **{flag: False})
        silent = [c for c in brute_force(corpus.clinics, others) if says_nothing(c, flag)]
        assert results.unknown_counts[FACT_OF.get(flag, flag)] == len(silent)


def test_several_treatments_mean_clinics_offering_all_of_them(corpus):
    both = SearchRequest(treatments=["sgb", "iv_ketamine"])
    found = ids(both, corpus)
    assert found == expected_ids(both, corpus) != set()
    assert found == ids(SearchRequest(treatments=["sgb"]), corpus) & ids(
        SearchRequest(treatments=["iv_ketamine"]), corpus)


def test_several_insurers_mean_clinics_taking_any_of_them(corpus):
    either = SearchRequest(insurers=["aetna", "tricare"])
    assert ids(either, corpus) == ids(SearchRequest(insurers=["aetna"]), corpus) | ids(
        SearchRequest(insurers=["tricare"]), corpus) == expected_ids(either, corpus)


def test_staff_can_be_asked_for_by_role_or_credential(corpus):
    therapist = SearchRequest(credentials=["licensed therapist"])
    found = ids(therapist, corpus)
    assert found == expected_ids(therapist, corpus) != set()
    assert found == ids(SearchRequest(credentials=["lcsw"]), corpus) | ids(
        SearchRequest(credentials=["lpc"]), corpus) | ids(
        SearchRequest(credentials=["psyd"]), corpus)
    team = SearchRequest(credentials=["Board-certified anesthesiologist", "crna"])
    assert ids(team, corpus) == expected_ids(team, corpus) != set()


def test_rating_and_price_limits_leave_out_clinics_that_do_not_state_them(corpus):
    request = SearchRequest(min_rating="4", max_price_usd="450")
    hits = all_hits(request, corpus.index_dir)
    assert {hit.clinic_id for hit in hits} == expected_ids(request, corpus) != set()
    assert all(hit.rating >= 4 and hit.price_min_usd <= 450 for hit in hits)


def test_npi_verified_staff_and_the_other_facts_are_yes_only(corpus):
    request = SearchRequest(npi_verified=True, telehealth=True, aftercare=True)
    hits = all_hits(request, corpus.index_dir)
    assert {hit.clinic_id for hit in hits} == expected_ids(request, corpus) != set()
    assert all(hit.npi_verified and hit.telehealth and hit.aftercare for hit in hits)


def test_facets_count_conditions_and_payment_options_as_the_filters_stand(corpus):
    request = SearchRequest(near="Washington, DC", radius_mi=120, insurers=["aetna", "cigna"])
    results = search(request, corpus.index_dir)
    matched = brute_force(corpus.clinics, request)
    assert results.total == len(matched) > 3
    assert results.facets["conditions"] == dict(
        Counter(t for c in matched for t in listed_conditions(c)))
    assert results.facets["payment"] == {
        "insurance": sum(c.insurance_accepted == "yes" for c in matched),
        "sliding_scale": sum(c.sliding_scale is True for c in matched),
        "payment_plans": sum(c.payment_plans is True for c in matched),
        "free_consultation": sum(c.free_consultation is True for c in matched),
    }


def test_an_insurer_with_a_treatment_needs_insurance_that_pays_for_that_treatment(corpus):
    narrow = [c for c in corpus.clinics if c.status == "active" and c.insurance_treatments
              and set(c.treatments) - set(c.insurance_treatments)]
    assert narrow, "the corpus has clinics whose insurance pays only for some treatments"
    for clinic in narrow[:8]:
        covered = clinic.insurance_treatments[0]
        uncovered = next(t for t in clinic.treatments if t not in clinic.insurance_treatments)
        insurer = clinic.insurers[0]
        with_covered = SearchRequest(insurers=[insurer], treatments=[covered])
        with_uncovered = SearchRequest(insurers=[insurer], treatments=[uncovered])
        assert clinic.id in ids(with_covered, corpus)
        assert clinic.id not in ids(with_uncovered, corpus)
        assert clinic.id in ids(SearchRequest(treatments=[uncovered]), corpus)
        assert ids(with_uncovered, corpus) == expected_ids(with_uncovered, corpus)
