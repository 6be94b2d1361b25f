"""Free text finds clinics by words of their name, description, place and treatments."""
from __future__ import annotations

import re
from datetime import date

import pytest

from clinics.db import session_scope
from clinics.models import Clinic, Review
from search_index import SearchRequest, rebuild, search

from clinic_corpus import (
    MARKER_WORD, REVIEW_WORD, all_hits, clinic_at, directory_of, database_in,
)


def active(corpus):
    return [c for c in corpus.clinics if c.status == "active"]


def ids(request, corpus) -> set[int]:
    return {hit.clinic_id for hit in all_hits(request, corpus.index_dir)}


def test_a_word_of_the_description_finds_exactly_the_clinics_that_use_it(corpus):
    word = re.compile(rf"\b{MARKER_WORD}\b", re.IGNORECASE)
    expected = {c.id for c in active(corpus) if word.search(c.description)}
    assert ids(SearchRequest(q=MARKER_WORD.upper()), corpus) == expected and len(expected) > 10


def test_words_are_stemmed_so_plural_and_singular_match(corpus):
    plural = ids(SearchRequest(q="infusions"), corpus)
    assert plural == ids(SearchRequest(q="infusion"), corpus)
    assert plural


@pytest.mark.parametrize(
    ("q", "token"),
    [("stellate ganglion block", "sgb"), ("Spravato", "esketamine_spravato"),
     ("troche", "oral_ketamine"), ("fibromyalgia", "fibromyalgia")],
)
def test_labels_and_aliases_of_listed_treatments_and_conditions_are_searchable(corpus, q, token):
    expected = {c.id for c in active(corpus) if token in c.treatments + c.conditions}
    assert ids(SearchRequest(q=q), corpus) == expected and expected


def test_every_word_must_match_somewhere(corpus):
    both = ids(SearchRequest(q=f"{MARKER_WORD} fibromyalgia"), corpus)
    assert both == ids(SearchRequest(q=MARKER_WORD), corpus) & ids(
        SearchRequest(q="fibromyalgia"), corpus)
    assert both


def test_text_and_place_combine(corpus):
    results = search(SearchRequest(q="sgb", near="Richmond, VA", radius_mi=120, per_page=100),
                     corpus.index_dir)
    assert results.hits
    by_id = {c.id: c for c in corpus.clinics}
    assert all("sgb" in by_id[hit.clinic_id].treatments for hit in results.hits)
    assert all(hit.distance_mi <= 120 for hit in results.hits)


def test_a_match_in_the_name_ranks_above_a_match_in_the_description(tmp_path):
    database_url = database_in(tmp_path)
    with session_scope(database_url) as session:
        session.add(Clinic(name="Harbor Health", slug="harbor", status="active",
                           description="Our Lighthouse room is quiet; the Lighthouse team, kind."))
        session.add(Clinic(name="Lighthouse Ketamine", slug="lighthouse", status="active",
                           description="Infusions in Baltimore."))
        session.add(Clinic(name="Elsewhere", slug="elsewhere", status="active",
                           description="Nothing to see."))
    rebuild(database_url, tmp_path / "index")
    results = search(SearchRequest(q="lighthouse"), tmp_path / "index")
    assert [hit.slug for hit in results.hits] == ["lighthouse", "harbor"]


def reviewed(text: str) -> list[Review]:
    return [Review(source="test", source_url="https://reviews.test/", rating=5, text=text,
                   published=date(2025, 1, 1), content_hash=text[:60])]


@pytest.fixture(scope="module")
def words(tmp_path_factory):
    """A dozen clinics that name treatments and conditions in different ways."""
    at = "21201"
    return directory_of(tmp_path_factory.mktemp("words"), [
        clinic_at(at, "esk-listed", treatments=["esketamine_spravato"],
                  description="Nasal spray sessions under supervision."),
        clinic_at(at, "esk-prose", description="We offer esketamine treatment."),
        clinic_at(at, "esk-review", reviews=reviewed("Spravato changed my life.")),
        clinic_at(at, "sgb-listed", treatments=["sgb"]),
        clinic_at(at, "sgb-prose", description="Stellate ganglion block for veterans."),
        clinic_at(at, "sgb-review", reviews=reviewed("The stellate ganglion block worked.")),
        clinic_at(at, "block-only", description="Parking on the next block."),
        clinic_at(at, "kap-listed", treatments=["ketamine_assisted_psychotherapy"]),
        clinic_at(at, "kap-prose",
                  description="Ketamine-assisted psychotherapy with a licensed therapist."),
        clinic_at(at, "trd-only", conditions=["treatment_resistant_depression"]),
        clinic_at(at, "depression-listed", conditions=["depression"]),
        clinic_at(at, "private-suite", description="A private suite for every infusion."),
        clinic_at(at, "suite-private", description="Calm suite, private entrance."),
        clinic_at(at, "tricare-ketamine", insurers=["tricare"], insurance_accepted="yes",
                  treatments=["iv_ketamine"], description="Ketamine infusions for veterans."),
        clinic_at(at, "anesthesia", description="Our anesthesiologists monitor every session."),
    ])


def slugs(q: str, corpus) -> set[str]:
    return {hit.slug for hit in all_hits(SearchRequest(q=q), corpus.index_dir)}


@pytest.mark.parametrize("q", ["spravato", "Esketamine", "esketamine nasal spray"])
def test_spravato_and_esketamine_are_one_treatment_listed_described_or_reviewed(words, q):
    assert slugs(q, words) == {"esk-listed", "esk-prose", "esk-review"}


@pytest.mark.parametrize("q", ["sgb", "SGB", "stellate ganglion block", "Stellate ganglion blocks"])
def test_sgb_and_stellate_ganglion_block_are_one_treatment(words, q):
    assert slugs(q, words) == {"sgb-listed", "sgb-prose", "sgb-review"}


@pytest.mark.parametrize("q", ["KAP", "ketamine-assisted psychotherapy",
                               "ketamine assisted psychotherapy"])
def test_kap_is_ketamine_assisted_psychotherapy(words, q):
    assert slugs(q, words) == {"kap-listed", "kap-prose"}


def test_depression_also_finds_treatment_resistant_depression(words):
    assert {"trd-only", "depression-listed"} <= slugs("depression", words)
    assert slugs("treatment-resistant depression", words) == {"trd-only"}


@pytest.mark.parametrize(("typed", "meant"), [
    ("spravto", "spravato"), ("ketamne infusions", "ketamine infusions"),
    ("Stellate ganglon block", "Stellate ganglion block"), ("veterns", "veterans"),
])
def test_a_misspelt_word_is_searched_as_the_nearest_known_word_and_said(words, typed, meant):
    results = search(SearchRequest(q=typed), words.index_dir)
    assert results.did_you_mean == meant
    assert f"“{meant}”" in results.notices[0]
    assert slugs(typed, words) == slugs(meant, words) != set()
    assert search(SearchRequest(q=meant), words.index_dir).did_you_mean is None


def test_a_word_nobody_uses_finds_nothing_and_suggests_nothing(words):
    results = search(SearchRequest(q="ketamine qzxwvk"), words.index_dir)
    assert (results.total, results.did_you_mean, results.notices) == (0, None, [])


def test_a_quoted_phrase_needs_its_words_in_that_order(words):
    assert slugs('"private suite"', words) == {"private-suite"}
    assert slugs("private suite", words) == {"private-suite", "suite-private"}


def test_a_star_finds_words_by_their_beginning(words):
    assert slugs("anesthesiolog*", words) == {"anesthesia"}
    assert slugs("infusi*", words) == {"private-suite", "tricare-ketamine"}


def test_patients_own_words_find_what_they_mean(words):
    assert slugs("ketamine near me", words) == slugs("ketamine", words) != set()
    assert slugs("ketamin clinic that takes tricare", words) == {"tricare-ketamine"}
    assert slugs("sgb for veterans", words) == {"sgb-prose"}


def test_review_text_is_searchable_though_not_shown(corpus):
    word = re.compile(rf"\b{REVIEW_WORD}\b", re.IGNORECASE)
    expected = {c.id for c in active(corpus) if any(word.search(r.text) for r in c.reviews)}
    assert ids(SearchRequest(q=REVIEW_WORD.lower()), corpus) == expected and expected
