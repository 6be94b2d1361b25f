"""Facts stated in sentences: treatments, conditions, insurance, tri-state facts.

A clause that negates ("we do not accept insurance", "closed to new patients") counts against
the fact it names, never for it. A fact no clause mentions stays unstated (None / [] /
"unknown"): the reader never guesses.
"""
from __future__ import annotations

import re

from clinics.vocab import find_in_text

_CLAUSE_BREAK = re.compile(r",?\s+but\s+|\s+however,?\s+", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:not|no|never|cannot|unable|unavailable|without|none)\b|n't\b|\bclosed to\b"
    r"|\bout[- ]of[- ]network\b|\bself[- ]pay only\b|\bcash[- ]only\b|\bcash only\b",
    re.IGNORECASE,
)
# Phrases that contain a negation word but mean something positive.
_NOT_NEGATIONS = re.compile(r"\bno[- ]cost\b|\bno charge\b|\bno referral\b|\bno wait\b",
                            re.IGNORECASE)
_INSURANCE_WORDS = re.compile(
    r"\binsurance\b|\binsurers?\b|\bin[- ]network\b|\bout[- ]of[- ]network\b|\bsuperbill\b"
    r"|\bhealth plans?\b", re.IGNORECASE)
# A heading like "Cost and insurance" names the topic without saying anything about it: an
# insurance clause that names no insurer must also say what the clinic does with insurance.
_INSURANCE_VERBS = re.compile(
    r"\baccept|\btak(?:e|es|ing)\b|\bbill|\bnetwork\b|\bcover|\bfile\b|\bsubmit|\bsuperbill"
    r"|\bwork with\b|\bparticipat|\bcredentialed\b", re.IGNORECASE)

TRI_STATE_CUES: dict[str, re.Pattern[str]] = {
    "sliding_scale": re.compile(r"sliding[- ]scale", re.IGNORECASE),
    "payment_plans": re.compile(r"payment plans?|\bfinancing\b|monthly payments", re.IGNORECASE),
    "free_consultation": re.compile(
        r"(?=.*consult)(?=.*(?:\bfree\b|no[- ]cost|no charge|complimentary))", re.IGNORECASE),
    "aftercare": re.compile(r"after[- ]?care|integration support", re.IGNORECASE),
    "accepting_new_patients": re.compile(
        r"(?=.*new patients)(?=.*(?:accept|welcome|taking|open to|closed to|booking))",
        re.IGNORECASE),
    "telehealth": re.compile(
        r"tele-?health|telemedicine|virtual (?:visits?|appointments?)|video visits?",
        re.IGNORECASE),
}


def clauses(sentences: list[str]) -> list[str]:
    """Sentences cut at "but" / "however", so "X, but not Y" is judged in two parts."""
    return [part.strip() for s in sentences for part in _CLAUSE_BREAK.split(s) if part.strip()]


def is_negative(clause: str) -> bool:
    return bool(_NEGATION.search(_NOT_NEGATIONS.sub(" ", clause)))


def mentioned(vocabulary: str, parts: list[str]) -> list[str]:
    """Tokens named in clauses that do not negate them, in first-seen order."""
    found: list[str] = []
    for clause in parts:
        if not is_negative(clause):
            found.extend(t for t in find_in_text(vocabulary, clause) if t not in found)
    return found


def insurance(parts: list[str]) -> tuple[str, list[str]]:
    """("yes", insurers) if any clause says the clinic takes insurance, ("no", []) if clauses
    only refuse it, ("unknown", []) when insurance is never mentioned."""
    said_yes, said_no, insurers = False, False, []
    for clause in parts:
        named = find_in_text("insurers", clause)
        if not (named or (_INSURANCE_WORDS.search(clause) and _INSURANCE_VERBS.search(clause))):
            continue
        if is_negative(clause):
            said_no = True
            continue
        said_yes = True
        insurers.extend(token for token in named if token not in insurers)
    if said_yes:
        return "yes", insurers
    return ("no", []) if said_no else ("unknown", [])


def tri_state(fact: str, parts: list[str]) -> bool | None:
    """The first clause that mentions the fact decides; None when none does."""
    cue = TRI_STATE_CUES[fact]
    for clause in parts:
        if cue.search(clause):
            return not is_negative(clause)
    return None
