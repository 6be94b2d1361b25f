"""What a person typed, cut into parts the index can answer: never parsed as query syntax.

Patients write "ketamine near me", "spravato baltimore", "sgb for ptsd", "ketamin clinic that
takes tricare" or a quoted phrase. The text is read as plain words:

* ``"two words"`` in double quotes is a phrase; an unclosed quote is just a character;
* a vocabulary name (a treatment, condition or insurer, by token, label or alias, longest first)
  is a synonym part that also finds the clinics listing that token;
* ``word*`` is a prefix;
* words that only say what every search means ("near me", "that takes") are dropped, and words
  every clinic could be called ("clinic", "center") only add to the score, unless nothing else is
  left;
* anything else is a word that must occur somewhere (name, organization, description, reviews).

Operators, brackets, field names and stars inside words are only characters here, so no input can
make a search fail.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from clinics import vocab

MAX_CHARS = 200
MAX_PARTS = 16
# Vocabularies whose names are read in free text. Staff credentials are left out: their short
# aliases ("do", "pa", "md") are ordinary words or state codes.
TEXT_VOCABULARIES = ("treatments", "conditions", "insurers")
NOISE_WORDS = frozenset("""
    near me my nearby around close closest best top find good local area takes take taking
    accept accepts accepting who which where offer offers offering provide provides please i
    need want looking am
""".split())
GENERIC_WORDS = frozenset("""
    clinic clinics center centers centre centres doctor doctors provider providers treatment
    treatments therapy therapies office offices practice practices specialist specialists
""".split())
_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+\*?")


@dataclass(frozen=True)
class Part:
    """One thing the results must match (or, when ``optional``, that only raises the score).

    ``kind`` is "word", "prefix", "phrase" or "synonym"; ``typed`` is the text as written, which a
    spelling correction replaces in "did you mean".
    """

    kind: str
    typed: str
    words: tuple[str, ...]
    vocabulary: str | None = None
    tokens: tuple[str, ...] = ()
    optional: bool = False


@lru_cache(maxsize=1)
def _alias_pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """One pattern for every name of every text vocabulary, longest first."""
    by_name: dict[str, tuple[str, str]] = {}
    for vocabulary in TEXT_VOCABULARIES:
        for term in vocab.VOCABULARIES[vocabulary]:
            for name in (term.label, *term.aliases, term.token.replace("_", " ")):
                by_name.setdefault(name.lower(), (vocabulary, term.token))
    ordered = sorted(by_name, key=len, reverse=True)
    body = "|".join(re.escape(name) for name in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])"), by_name


def synonym_tokens(vocabulary: str, token: str) -> tuple[str, ...]:
    """A broader condition also finds the narrower ones a clinic may list instead."""
    return vocab.narrower(vocabulary, token)


def _aliases(vocabulary: str, token: str) -> tuple[str, ...]:
    term = vocab.term(vocabulary, token)
    return term.aliases if term is not None else ()


def single_word_names(vocabulary: str, token: str) -> tuple[str, ...]:
    """Every one-word name of a token (label, token or alias: "anxiety", "spravato", "sgb"),
    looked up as words whichever of its names was typed, so that all of them share one clause."""
    term = vocab.term(vocabulary, token)
    names = (term.label, *term.aliases) if term is not None else ()
    names = (*names, token.replace("_", " "))
    return tuple(dict.fromkeys(name.lower() for name in names if re.fullmatch(r"\w+", name)))


def several_word_names(vocabulary: str, token: str) -> tuple[tuple[str, ...], ...]:
    """The aliases of a token that are several words, each as its words."""
    split = (tuple(re.findall(r"\w+", alias)) for alias in _aliases(vocabulary, token))
    return tuple(words for words in split if len(words) > 1)


def parse(text: str) -> list[Part]:
    """The parts of a query, at most MAX_PARTS, in the order they were typed."""
    text = (text or "")[:MAX_CHARS].lower()
    parts: list[tuple[int, Part]] = []
    for match in _PHRASE.finditer(text):
        words = tuple(re.findall(r"\w+", match.group(1)))
        if len(words) > 1:
            parts.append((match.start(), Part("phrase", match.group(1).strip(), words)))
        elif words:
            parts.append((match.start(), Part("word", words[0], words)))
    rest = _PHRASE.sub(lambda m: " " * len(m.group(0)), text)
    pattern, by_name = _alias_pattern()
    for match in pattern.finditer(rest):
        vocabulary, token = by_name[match.group(0)]
        parts.append((match.start(), Part("synonym", match.group(0), (match.group(0),),
                                          vocabulary, synonym_tokens(vocabulary, token))))
    rest = pattern.sub(lambda m: " " * len(m.group(0)), rest)
    for match in _WORD.finditer(rest):
        part = _word_part(match.group(0))
        if part is not None:
            parts.append((match.start(), part))
    ordered = [part for _, part in sorted(parts, key=lambda item: item[0])][:MAX_PARTS]
    return _required_unless_alone(ordered)


def _word_part(raw: str) -> Part | None:
    word = raw.rstrip("*")
    if not word or word in NOISE_WORDS:
        return None
    if raw.endswith("*") and len(word) >= 2:
        return Part("prefix", raw, (word,))
    return Part("word", word, (word,), optional=word in GENERIC_WORDS)


def _required_unless_alone(parts: list[Part]) -> list[Part]:
    """Generic words are optional next to other words, but they are the search on their own."""
    if parts and all(part.optional for part in parts):
        return [Part(p.kind, p.typed, p.words) for p in parts]
    return parts
