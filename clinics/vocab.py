"""The canonical tokens shared by the crawler, the index, the API and the tests.

Each vocabulary maps a token to its human label and to the phrases that mean it on real pages.
Matching is done on lower-cased text with word boundaries, longest alias first, so that
"treatment-resistant depression" is not also read as plain "depression" by accident.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Term:
    token: str
    label: str
    aliases: tuple[str, ...] = ()
    # The broader token this one is a kind of ("postpartum_depression" is "depression"), so a
    # patient who chooses the broader one also finds clinics that list only the narrower.
    broader: str | None = None


TREATMENTS: tuple[Term, ...] = (
    Term("iv_ketamine", "IV ketamine infusion",
         ("iv ketamine", "ketamine infusion", "ketamine infusions", "intravenous ketamine",
          "ketamine iv")),
    Term("im_ketamine", "IM ketamine injection",
         ("im ketamine", "intramuscular ketamine", "intramuscular (im) ketamine",
          "ketamine injection", "ketamine injections")),
    Term("esketamine_spravato", "Spravato (esketamine)",
         ("spravato", "esketamine", "esketamine nasal spray")),
    Term("oral_ketamine", "Oral or sublingual ketamine",
         ("oral ketamine", "sublingual ketamine", "sublingual", "sub-lingual", "troche", "troches",
          "lozenge", "lozenges")),
    Term("ketamine_assisted_psychotherapy", "Ketamine-assisted psychotherapy",
         ("ketamine-assisted psychotherapy", "ketamine assisted psychotherapy", "kap",
          "ketamine-assisted therapy", "ketamine assisted therapy")),
    Term("sgb", "Stellate ganglion block (SGB)",
         ("stellate ganglion block", "stellate ganglion blocks", "sgb")),
)

CONDITIONS: tuple[Term, ...] = (
    Term("depression", "Depression", ("depression", "major depressive disorder", "mdd")),
    Term("treatment_resistant_depression", "Treatment-resistant depression",
         ("treatment-resistant depression", "treatment resistant depression", "trd",
          "treatment-resistent depression", "treatment resistent depression",
          "treatment-refractory depression", "treatment refractory depression",
          "refractory depression", "depression that resists treatment",
          "depression that has resisted treatment", "depression resistant to treatment"),
         broader="depression"),
    Term("ptsd", "PTSD", ("ptsd", "post-traumatic stress", "posttraumatic stress",
                          "post traumatic stress")),
    Term("anxiety", "Anxiety", ("anxiety", "generalized anxiety disorder")),
    Term("ocd", "OCD", ("ocd", "obsessive-compulsive disorder", "obsessive compulsive disorder")),
    Term("bipolar_depression", "Bipolar depression", ("bipolar depression", "bi-polar depression",
                                                      "bipolar disorder", "bipolar disorders"),
         broader="depression"),
    Term("chronic_pain", "Chronic pain", ("chronic pain",)),
    Term("crps", "CRPS", ("crps", "complex regional pain syndrome", "reflex sympathetic dystrophy",
                          "rsd"), broader="chronic_pain"),
    Term("fibromyalgia", "Fibromyalgia", ("fibromyalgia",), broader="chronic_pain"),
    Term("migraine", "Migraine", ("migraine", "migraines"), broader="chronic_pain"),
    Term("neuropathic_pain", "Neuropathic pain", ("neuropathic pain", "neuropathy", "nerve pain"),
         broader="chronic_pain"),
    Term("suicidal_ideation", "Suicidal ideation", ("suicidal ideation", "suicidal thoughts",
                                                    "suicidality")),
    Term("postpartum_depression", "Postpartum depression",
         ("postpartum depression", "post-partum depression", "post partum depression"),
         broader="depression"),
)

INSURERS: tuple[Term, ...] = (
    Term("aetna", "Aetna", ("aetna",)),
    Term("cigna", "Cigna", ("cigna",)),
    Term("bcbs", "Blue Cross Blue Shield",
         ("blue cross blue shield", "bluecross blueshield", "blue cross", "bluecross", "bcbs",
          "anthem", "carefirst", "blue shield",
          "florida blue", "highmark", "regence", "premera", "wellmark", "horizon bcbs",
          "horizon blue cross", "excellus")),
    Term("unitedhealthcare", "UnitedHealthcare",
         ("unitedhealthcare", "united healthcare", "uhc", "united health care")),
    Term("medicare", "Medicare", ("medicare",)),
    # A state's Medicaid program goes by its own name.
    Term("medicaid", "Medicaid", ("medicaid", "medi-cal", "ahcccs", "tenncare", "masshealth",
                                  "health first colorado", "soonercare", "badgercare",
                                  "kancare", "nj familycare", "husky health",
                                  "oregon health plan")),
    Term("tricare", "TRICARE", ("tricare",)),
    Term("va", "VA Community Care",
         ("va community care", "veterans affairs", "the va", "va insurance", "va benefits",
          "veterans administration", "veterans health administration", "triwest", "champva")),
    Term("humana", "Humana", ("humana",)),
    Term("optum", "Optum", ("optum",)),
    Term("kaiser", "Kaiser Permanente", ("kaiser permanente", "kaiser")),
    Term("harvard_pilgrim", "Harvard Pilgrim", ("harvard pilgrim",)),
    Term("tufts", "Tufts Health Plan", ("tufts health plan", "tufts health")),
    Term("molina", "Molina Healthcare", ("molina healthcare", "molina")),
    Term("magellan", "Magellan Health", ("magellan health", "magellan healthcare")),
    Term("carelon", "Carelon Behavioral Health", ("carelon behavioral health", "carelon",
                                                  "beacon health options")),
    Term("emblemhealth", "EmblemHealth", ("emblemhealth", "emblem health")),
    Term("healthpartners", "HealthPartners", ("healthpartners",)),
    Term("geisinger", "Geisinger Health Plan", ("geisinger health plan",)),
    Term("selecthealth", "SelectHealth", ("selecthealth", "select health")),
    Term("colorado_access", "Colorado Access", ("colorado access",)),
    Term("colorado_community_health_alliance", "Colorado Community Health Alliance",
         ("colorado community health alliance",)),
)

CREDENTIALS: tuple[Term, ...] = (
    Term("md", "MD", ("md", "m.d.", "medical doctor", "doctor of medicine")),
    Term("do", "DO", ("do", "d.o.", "doctor of osteopathic medicine", "osteopathic physician")),
    Term("crna", "CRNA", ("crna", "nurse anesthetist", "certified registered nurse anesthetist")),
    Term("np", "NP", ("np", "fnp", "fnp-c", "fnp-bc", "np-c", "agnp-c", "aprn",
                      "nurse practitioner")),
    Term("pmhnp", "PMHNP", ("pmhnp", "pmhnp-bc", "psychiatric mental health nurse practitioner",
                            "psychiatric-mental health nurse practitioner",
                            "psychiatric nurse practitioner")),
    Term("pa", "PA", ("pa", "pa-c", "physician assistant")),
    Term("rn", "RN", ("rn", "registered nurse")),
    Term("phd", "PhD", ("phd", "ph.d.")),
    Term("psyd", "PsyD", ("psyd", "psy.d.")),
    Term("lcsw", "LCSW", ("lcsw", "lscsw")),
    Term("lpc", "LPC", ("lpc",)),
    Term("lmft", "LMFT", ("lmft",)),
    Term("board_certified_anesthesiology", "Board-certified anesthesiologist",
         ("board-certified anesthesiologist", "board certified anesthesiologist",
          "board certified in anesthesiology", "board-certified in anesthesiology")),
    Term("board_certified_psychiatry", "Board-certified psychiatrist",
         ("board-certified psychiatrist", "board certified psychiatrist",
          "board certified in psychiatry", "board-certified in psychiatry")),
    Term("board_certified_pain_medicine", "Board-certified in pain medicine",
         ("board-certified in pain medicine", "board certified in pain medicine",
          "board-certified pain medicine", "board certified pain medicine")),
)

VOCABULARIES: dict[str, tuple[Term, ...]] = {
    "treatments": TREATMENTS,
    "conditions": CONDITIONS,
    "insurers": INSURERS,
    "credentials": CREDENTIALS,
}

INSURANCE_ACCEPTED = ("yes", "no", "unknown")

# Tri-state facts: True / False / None, where None means "not stated".
TRI_STATE_FIELDS = (
    "sliding_scale", "payment_plans", "free_consultation", "aftercare",
    "accepting_new_patients", "telehealth",
)

CLINIC_STATUSES = ("active", "hidden", "closed")


def tokens(vocabulary: str) -> tuple[str, ...]:
    """The canonical tokens of one vocabulary, in display order."""
    return tuple(term.token for term in VOCABULARIES[vocabulary])


def term(vocabulary: str, token: str) -> Term | None:
    """The entry of a token, or None when it is not (yet) in the list."""
    for entry in VOCABULARIES[vocabulary]:
        if entry.token == token:
            return entry
    return None


def label(vocabulary: str, token: str) -> str:
    """The human label of a token, or the token itself when it is not (yet) in the list."""
    entry = term(vocabulary, token)
    return entry.label if entry is not None else token.replace("_", " ")


@lru_cache(maxsize=None)
def broader(vocabulary: str, token: str) -> tuple[str, ...]:
    """Every broader token of ``token``, nearest first: what else a clinic listing it treats."""
    parents = {term.token: term.broader for term in VOCABULARIES[vocabulary]}
    found: list[str] = []
    parent = parents.get(token)
    while parent is not None and parent not in found and parent != token:
        found.append(parent)
        parent = parents.get(parent)
    return tuple(found)


@lru_cache(maxsize=None)
def narrower(vocabulary: str, token: str) -> tuple[str, ...]:
    """``token`` and every token that is a kind of it, in display order: what choosing it finds.

    The hierarchy is defined once, by ``Term.broader``; the index, its facets and free-text
    search all read it from here.
    """
    return (token, *(term.token for term in VOCABULARIES[vocabulary]
                     if term.token != token and token in broader(vocabulary, term.token)))


@lru_cache(maxsize=None)
def _alias_pattern(vocabulary: str) -> tuple[re.Pattern[str], dict[str, str]]:
    by_alias: dict[str, str] = {}
    for term in VOCABULARIES[vocabulary]:
        for alias in term.aliases:
            by_alias.setdefault(alias, term.token)
    ordered = sorted(by_alias, key=len, reverse=True)
    body = "|".join(re.escape(alias) for alias in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE), by_alias


def find_spans(vocabulary: str, text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) of every alias in free text, so a caller can judge each mention's
    context (a negation before it, a comparison around it)."""
    return list(_spans(vocabulary, text or ""))


@lru_cache(maxsize=16384)
def _spans(vocabulary: str, text: str) -> tuple[tuple[str, int, int], ...]:
    """Cached: extraction asks about the same clause several times (is it offered, is it
    denied, which insurers does it name)."""
    pattern, by_alias = _alias_pattern(vocabulary)
    return tuple((by_alias[m.group(0).lower()], m.start(), m.end())
                 for m in pattern.finditer(text))


def find_in_text(vocabulary: str, text: str) -> list[str]:
    """Tokens whose aliases occur in free text, in first-seen order, each once."""
    return list(dict.fromkeys(token for token, _, _ in find_spans(vocabulary, text)))


def canonical(vocabulary: str, value: str) -> str | None:
    """The token for one value (a token, a label or an alias), or None when it is unknown."""
    if not value:
        return None
    cleaned = value.strip().lower()
    known = tokens(vocabulary)
    if cleaned in known:
        return cleaned
    _, by_alias = _alias_pattern(vocabulary)
    if cleaned in by_alias:
        return by_alias[cleaned]
    for term in VOCABULARIES[vocabulary]:
        if term.label.lower() == cleaned:
            return term.token
    found = find_in_text(vocabulary, cleaned)
    return found[0] if len(found) == 1 else None


def canonical_list(vocabulary: str, values) -> list[str]:
    """Tokens for a list of values, unknown values dropped, order kept, no repeats."""
    out: list[str] = []
    for value in values or ():
        token = canonical(vocabulary, str(value))
        if token and token not in out:
            out.append(token)
    return out
