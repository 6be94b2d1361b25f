"""What a claim reaches: a disclaimer about results neither offers nor denies the care it
names, and an answered question is judged with its question."""
from __future__ import annotations

from snippet_pages import snippet_record as _page


def test_a_disclaimer_about_results_neither_claims_nor_denies_a_condition():
    record = _page("<p>We treat depression with a series of ketamine infusions. No clinic can "
                   "promise results for depression or CRPS, yet many of our patients improve.</p>")
    assert record["conditions"] == ["depression"]


def test_a_yes_answers_the_question_it_follows():
    record = _page("<h3>Do you treat PTSD with ketamine?</h3><p>Yes.</p>")
    assert record["conditions"] == ["ptsd"]
    refused = _page("<h3>Do you treat OCD with ketamine?</h3><p>No.</p>")
    assert refused["conditions"] == []
