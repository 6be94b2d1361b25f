"""Free text to the set of clinics it finds, their text scores and a "did you mean".

Every required part must match (several words narrow the results); optional parts only add to the
score. A word that no clinic has is corrected to the nearest known word when there is one: the
search runs with the correction and says so. Without a correction it matches nothing, so a typo
never silently turns into "everything".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh.searching import Searcher

from search_index import spelling
from search_index.clauses import (
    Clause, all_clause, any_clause, cached, cached_keys, phrase_clause, prefix_terms,
    term_clause, term_postings,
)
from search_index.schema import PHRASE_FIELDS, TEXT_FIELDS
from search_index.snapshot import Snapshot
from search_index.words import Part, parse, several_word_names, single_word_names


@dataclass
class TextMatch:
    """``docs`` is None when the text asks for nothing (every clinic matches, unscored)."""

    docs: int | None
    clauses: list[Clause] = field(default_factory=list)
    # The query as the search understood it, when a word was corrected.
    did_you_mean: str | None = None

    @property
    def scored(self) -> bool:
        return bool(self.clauses)

    def scores(self, snapshot: Snapshot, searcher: Searcher, docnums: list[int]) -> list[float]:
        """Text score per document number in ``docnums`` (summed over the parts)."""
        arrays = [clause.scores(snapshot, searcher) for clause in self.clauses]
        if len(arrays) == 1:
            only = arrays[0]
            return [only[d] for d in docnums]
        return [sum(a[d] for a in arrays) for d in docnums]


class _Words:
    """Stemming and word counts against one searcher."""

    def __init__(self, searcher: Searcher):
        self.searcher = searcher
        self.field = searcher.schema["text"]

    def stems(self, word: str) -> list[str]:
        return list(self.field.process_text(word, mode="query"))

    def frequency(self, word: str) -> int:
        reader = self.searcher.reader()
        return sum(reader.doc_frequency(name, stem)
                   for stem in self.stems(word) for name in TEXT_FIELDS)

    def pairs(self, word: str) -> tuple[tuple[str, str], ...]:
        return tuple((name, stem) for stem in self.stems(word) for name in TEXT_FIELDS)


def match_text(q: str, snapshot: Snapshot, searcher: Searcher) -> TextMatch:
    """The clinics the free text ``q`` finds in this version of the index.

    When a word had to be corrected, the corrected text is read again from the start, so that a
    corrected treatment name ("spravto") also finds the clinics listing that treatment.
    """
    corrections: list[tuple[str, str]] = []
    found = _match(q, snapshot, searcher, corrections)
    if not corrections:
        return found
    corrected = _did_you_mean(q, corrections)
    found = _match(corrected, snapshot, searcher, None)
    found.did_you_mean = corrected
    return found


def _match(q: str, snapshot: Snapshot, searcher: Searcher,
           corrections: list[tuple[str, str]] | None) -> TextMatch:
    words = _Words(searcher)
    required: list[Clause] = []
    optional: list[Clause] = []
    for part in parse(q):
        clause = _clause(part, snapshot, searcher, words, corrections)
        if clause is not None:
            (optional if part.optional else required).append(clause)
    if not required and not optional:
        return TextMatch(None)
    docs = snapshot.live
    for clause in required:
        docs &= clause.docs
    return TextMatch(docs, required + optional)


def _clause(part: Part, snapshot: Snapshot, searcher: Searcher, words: _Words,
            corrections: list[tuple[str, str]] | None) -> Clause | None:
    """The clause of one part; ``corrections`` collects spelling fixes (None: do not correct)."""
    if part.kind == "phrase":
        stems = tuple(stem for word in part.words for stem in words.stems(word))
        if len(stems) > 1:
            return phrase_clause(snapshot, searcher, PHRASE_FIELDS, stems)
        pairs = tuple((name, stem) for stem in stems for name in TEXT_FIELDS)
    elif part.kind == "prefix":
        pairs = tuple((name, term) for name in TEXT_FIELDS
                      for term in prefix_terms(searcher, name, part.words[0]))
    elif part.kind == "synonym":
        return synonym_clause(part.vocabulary, part.tokens, snapshot, searcher)
    else:
        pairs = _word_pairs(part.words[0], snapshot, words, corrections)
    return term_clause(snapshot, searcher, pairs) if pairs else _nothing_or_none(part, words)


def _nothing_or_none(part: Part, words: _Words) -> Clause | None:
    """Stop words ("the", "for") ask for nothing; anything else that found no terms matches none."""
    if part.kind == "word" and not words.stems(part.words[0]):
        return None
    return Clause(0)


def _word_pairs(word: str, snapshot: Snapshot, words: _Words,
                corrections: list[tuple[str, str]] | None) -> tuple[tuple[str, str], ...]:
    if not words.stems(word) or words.frequency(word) or corrections is None:
        return words.pairs(word)
    corrected = spelling.correct(word, snapshot, words.frequency)
    if corrected is None:
        return ()
    corrections.append((word, corrected))
    return words.pairs(corrected)


def synonym_clause(vocabulary: str, tokens: tuple[str, ...], snapshot: Snapshot,
                   searcher: Searcher) -> Clause:
    """Clinics listing ``tokens[0]`` (or a narrower token), or naming it in any of its words.

    One-word names ("spravato", "esketamine", "sgb") are looked up as words; names of several
    words ("stellate ganglion block") must have all their words in one field, which is how a
    name is matched in reviews, whose words are indexed without positions. Whichever name was
    typed, a token has one clause. Its parts are not kept on their own: only the whole clause's
    scores are, so that the vocabulary's clauses fit in every worker (see ``warming.start``).
    """
    token = tokens[0]

    def make() -> Clause:
        words = _Words(searcher)
        pairs: list[tuple[str, str]] = [(vocabulary, t) for t in tokens]
        for name in single_word_names(vocabulary, token):
            pairs += [pair for pair in words.pairs(name) if pair not in pairs]
        children = [Clause(*term_postings(snapshot, searcher, tuple(pairs)))]
        per_stem: dict[tuple[str, str], Clause] = {}
        for name_words in several_word_names(vocabulary, token):
            stems = [stem for word in name_words for stem in words.stems(word)]
            if len(stems) > 1:
                children.append(any_clause([
                    all_clause([_stem_clause(per_stem, snapshot, searcher, field, stem)
                                for stem in stems])
                    for field in TEXT_FIELDS]))
        return any_clause(children)
    return cached(snapshot, ("synonym", vocabulary, tokens), make)


def scored_synonyms(snapshot: Snapshot) -> list[tuple[str, tuple[str, ...]]]:
    """(vocabulary, tokens) of every synonym clause this version keeps with its scores."""
    return cached_keys(snapshot, "synonym")


def _stem_clause(made: dict, snapshot: Snapshot, searcher: Searcher, field: str,
                 stem: str) -> Clause:
    key = (field, stem)
    if key not in made:
        made[key] = Clause(*term_postings(snapshot, searcher, (key,)))
    return made[key]


def _did_you_mean(q: str, corrections: list[tuple[str, str]]) -> str | None:
    if not corrections:
        return None
    text = " ".join(q.split())
    for typed, corrected in corrections:
        text = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", corrected, text, count=1,
                      flags=re.IGNORECASE)
    return text
