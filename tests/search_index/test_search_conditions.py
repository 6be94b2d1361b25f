"""Conditions nest: a broader condition finds the clinics that list only a narrower kind of it."""
from __future__ import annotations

import pytest

from clinics import vocab
from search_index import SearchRequest, search

from clinic_corpus import clinic_at, directory_of


@pytest.fixture(scope="module")
def kinds(tmp_path_factory):
    """One clinic per kind of condition, all in Baltimore."""
    return directory_of(tmp_path_factory.mktemp("kinds"), [
        clinic_at("21201", "plain", conditions=["depression"]),
        clinic_at("21202", "resistant", conditions=["treatment_resistant_depression"]),
        clinic_at("21205", "postpartum", conditions=["postpartum_depression", "chronic_pain"]),
        clinic_at("21209", "bipolar", conditions=["bipolar_depression"]),
        clinic_at("21210", "regional-pain", conditions=["crps"]),
        clinic_at("21211", "trauma", conditions=["ptsd"]),
    ])


def slugs(request: SearchRequest, corpus) -> set[str]:
    return {hit.slug for hit in search(request, corpus.index_dir).hits}


def test_the_vocabulary_says_which_conditions_are_kinds_of_which():
    assert set(vocab.narrower("conditions", "depression")) == {
        "depression", "treatment_resistant_depression", "postpartum_depression",
        "bipolar_depression"}
    assert set(vocab.narrower("conditions", "chronic_pain")) >= {"chronic_pain", "crps",
                                                                "fibromyalgia"}
    assert vocab.broader("conditions", "crps") == ("chronic_pain",)
    assert vocab.narrower("conditions", "ptsd") == ("ptsd",)
    assert vocab.narrower("treatments", "sgb") == ("sgb",)


def test_depression_finds_every_kind_of_depression(kinds):
    assert slugs(SearchRequest(conditions=["depression"]), kinds) == {
        "plain", "resistant", "postpartum", "bipolar"}


def test_a_narrower_condition_finds_only_itself(kinds):
    assert slugs(SearchRequest(conditions=["treatment_resistant_depression"]), kinds) == {
        "resistant"}


def test_chronic_pain_finds_crps(kinds):
    assert slugs(SearchRequest(conditions=["chronic_pain"]), kinds) == {
        "postpartum", "regional-pain"}


def test_the_facet_counts_a_clinic_under_the_broader_condition_once(kinds):
    facets = search(SearchRequest(), kinds.index_dir).facets["conditions"]
    assert facets["depression"] == 4
    assert facets["chronic_pain"] == 2
    assert facets["treatment_resistant_depression"] == 1 and facets["ptsd"] == 1


def test_depression_in_free_text_finds_the_narrower_kinds_too(kinds):
    assert slugs(SearchRequest(q="depression"), kinds) >= {
        "plain", "resistant", "postpartum", "bipolar"}


def test_hits_keep_the_conditions_the_clinic_itself_lists(kinds):
    hits = search(SearchRequest(conditions=["depression"]), kinds.index_dir).hits
    assert {hit.slug: hit.conditions for hit in hits}["postpartum"] == [
        "postpartum_depression", "chronic_pain"]
