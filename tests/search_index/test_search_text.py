"""Free text finds clinics by words of their name, description, place and treatments."""
from __future__ import annotations

import re

import pytest

from clinics.db import session_scope
from clinics.models import Clinic
from search_index import SearchRequest, rebuild, search

from clinic_corpus import MARKER_WORD, all_hits, sqlite_url


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
    database_url = sqlite_url(tmp_path)
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
