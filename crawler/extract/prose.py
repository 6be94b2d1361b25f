"""Facts stated in the clinic's own words: treatments, conditions and the tri-state facts.

A clause that denies a fact ("we do not offer payment plans", "closed to new patients") counts
against it, never for it. A fact no clause mentions stays unstated (None / []): the reader never
guesses. Link and button texts are menu labels, not statements, except a call to action that
offers a free consultation; image alt texts say nothing here.
"""
from __future__ import annotations

import re

from crawler.extract.claims import implied_infusion, offers_in
from crawler.extract.statements import (
    Statement, affirmed, clauses, compared, denied, is_negative, negated,
)

__all__ = ["clauses", "implied_infusion", "is_negative", "mentioned", "supported", "tri_state",
           "tri_state_stated", "TRI_STATE_CUES"]

TRI_STATE_CUES: dict[str, re.Pattern[str]] = {
    "sliding_scale": re.compile(
        r"sliding[- ](?:fee[- ])?scale|income[- ]based (?:sliding |reduced )?(?:fees?|pricing|rates?|discounts?)"
        r"|(?:fees?|prices?|rates?|pricing) (?:are |is )?(?:adjusted |set )?based on (?:your )?"
        r"(?:household )?income|reduced[- ]fee (?:spots|slots|sessions|program)", re.IGNORECASE),
    "payment_plans": re.compile(
        r"payment plans?|\bfinancing\b|monthly payments?|pay (?:over time|monthly)"
        r"|\binstall?ments?\b|care ?credit|advance ?care|cherry (?:financing|payment)|\bsunbit\b"
        r"|split (?:your |the )?(?:cost|payments?)", re.IGNORECASE),
    "free_consultation": re.compile(
        r"\b(?:free|complimentary|no[- ]cost|no[- ]charge)\b[^.;]{0,30}?\bconsult\w*"
        r"|\bconsult\w*\b[^.;]{0,40}?\b(?:free|complimentary|no[- ]cost|at no charge)\b"
        r"|(?<![\w-])(?<!feel )(?:free|complimentary)\b[^.;]{0,25}?\b(?:phone |video |discovery )?"
        r"(?:call|chat)\b",
        re.IGNORECASE),
    "aftercare": re.compile(
        r"after[- ]?care|integration (?:support|sessions?|therapy|coaching|circles?|groups?)",
        re.IGNORECASE),
    "accepting_new_patients": re.compile(
        r"\b(?:accept\w*|welcom\w*|taking|booking|open to|closed to|seeing)\s+(?:\w+\s+){0,2}?"
        r"new (?:patients|clients)|\bnew (?:patients|clients) (?:are |always )?(?:\w+ )?"
        r"(?:welcome|accepted)", re.IGNORECASE),
    "telehealth": re.compile(
        r"tele-?health|tele-?medicine|tele-?psychiatry|virtual (?:visits?|appointments?"
        r"|consultations?|sessions?|care|follow-?ups?|check-?ins?)|video (?:visits?|appointments?"
        r"|consultations?|check-?ins?|sessions?)|online (?:visits?|appointments?|consultations?)"
        r"|\b(?:online|virtual(?:ly)?|by video)\s+or\s+(?:in[- ]person|at (?:the|our) office)"
        r"|\bin[- ]person or (?:online|virtual(?:ly)?|by video)\b"
        r"|\b(?:over|via|by|on|through) (?:zoom|a video call|video chat)\b", re.IGNORECASE),
}


# "We may be able to offer a sliding scale": a hedge states nothing a patient can rely on.
_HEDGE = re.compile(r"\b(?:may|might|possibly|potentially|perhaps|in some cases)\b", re.IGNORECASE)


def _as_statements(parts) -> list[Statement]:
    return [part if isinstance(part, Statement) else Statement(part) for part in parts]


def mentioned(vocabulary: str, parts) -> list[str]:
    """Tokens affirmed by any statement, in first-seen order; menu links do not count."""
    return list(supported(vocabulary, parts))


def supported(vocabulary: str, parts) -> dict[str, Statement]:
    """Each affirmed token with the first statement that affirms it, in first-seen order. A
    line that denies a token speaks of it after that in the same breath: in "We no longer offer
    IM ketamine. Patients who had IM ketamine with us can switch" the second mention offers
    nothing."""
    said = [s for s in _as_statements(parts) if s.kind not in ("link", "image")]
    denied_on_line = {(s.line, token) for s in said if s.line >= 0
                      for token in denied(vocabulary, s.text)}
    found: dict[str, Statement] = {}
    for statement in said:
        if not offers_in(statement, vocabulary):
            continue
        for token in affirmed(vocabulary, statement.text):
            if token not in found and (statement.line, token) not in denied_on_line:
                found[token] = statement
    return found


def _verdicts(fact: str, parts) -> list[tuple[bool, str, Statement]]:
    """(affirmed?, cue words, statement) for each statement that mentions the fact, in page
    order."""
    cue, verdicts = TRI_STATE_CUES[fact], []
    for statement in _as_statements(parts):
        if statement.kind == "image" or (statement.kind == "link" and fact != "free_consultation"):
            continue
        match = cue.search(statement.text)
        if not match or compared(statement.text, match.start()):
            continue
        denial = negated(statement.text, match.start(), match.end())
        if not denial and _HEDGE.search(statement.text[:match.start()]):
            continue
        verdicts.append((not denial, match.group(0).lower(), statement))
    return verdicts


def tri_state(fact: str, parts) -> bool | None:
    """True / False as the page states it, None when it does not."""
    return tri_state_stated(fact, parts)[0]


def tri_state_stated(fact: str, parts) -> tuple[bool | None, Statement | None]:
    """The verdict and the statement that gives it. When a page both denies and affirms, the
    first statement decides, unless the affirmation names another thing ("no in-house payment
    plans, but we accept CareCredit"): then it is a yes."""
    verdicts = _verdicts(fact, parts)
    if not verdicts:
        return None, None
    denied_cues = {cue for ok, cue, _ in verdicts if not ok}
    if denied_cues:
        for ok, cue, statement in verdicts:
            if ok and cue not in denied_cues:
                return True, statement
    return verdicts[0][0], verdicts[0][2]
