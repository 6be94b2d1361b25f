"""Typo tolerance: a word no clinic has is replaced by the nearest word the index knows.

The index holds stems ("depress"), which are poor suggestions, and Whoosh's own spelling fields
cost a posting per word per document at build time. So the dictionary of suggestions is built per
index version from what patients mostly type: the names and aliases of treatments, conditions and
insurers, and the words of the indexed clinics' names, organizations and cities. A suggestion
is only made when it would itself find something.
"""
from __future__ import annotations

import re
from typing import Callable

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from clinics import vocab
from clinics.geo import STATE_NAMES

from search_index.snapshot import Snapshot

_WORD = re.compile(r"[a-z]{3,}")
_CANDIDATES = 8


def max_edits(word: str) -> int:
    """How many typing mistakes a word of this length may hold and still be corrected."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 5 else 2


def dictionary(snapshot: Snapshot) -> list[str]:
    """Suggestible words for this version of the index, built on first use."""
    found = snapshot.text_cache.get("spelling")
    if found is None:
        words: set[str] = set()
        for terms in vocab.VOCABULARIES.values():
            for term in terms:
                for name in (term.label, *term.aliases):
                    words.update(_WORD.findall(name.lower()))
        for name in STATE_NAMES.values():
            words.update(_WORD.findall(name.lower()))
        for row in snapshot.rows:
            for text in (row.name, row.organization, row.city):
                if text:
                    words.update(_WORD.findall(text.lower()))
        found = sorted(words)
        snapshot.text_cache["spelling"] = found
    return found


def correct(word: str, snapshot: Snapshot, frequency: Callable[[str], int]) -> str | None:
    """The nearest dictionary word that matches some clinic, or None.

    ``frequency(word)`` says in how many clinics a word occurs; among equally near words the more
    frequent wins, then the alphabetically first, so a correction is the same on every call.
    """
    edits = max_edits(word)
    if not edits or not word.isalpha():
        return None
    candidates = process.extract(word, dictionary(snapshot), scorer=Levenshtein.distance,
                                 score_cutoff=edits, limit=_CANDIDATES)
    ranked = []
    for candidate, distance, _ in candidates:
        if candidate == word:
            continue
        count = frequency(candidate)
        if count:
            ranked.append((distance, -count, candidate))
    return min(ranked)[2] if ranked else None
