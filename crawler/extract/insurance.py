"""Whether the clinic takes insurance, and which insurers, as its own statements say.

An insurer counts only where the clinic says what it does with it: "we accept", "in network
with", "we bill", or a list under an insurance heading. A news line "Medicare now covers
Spravato" names an insurer but says nothing about this clinic. A denial of one insurer ("we're
not in network with Cigna") excludes that insurer without saying the clinic takes no insurance;
a denial of insurance itself ("we do not accept insurance", "out-of-network with all plans",
"self-pay only") is a "no".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from clinics.vocab import find_spans as spans
from crawler.extract.statements import Statement, denials, negated

GENERAL = re.compile(
    r"\binsurance(?: plans?| companies| carriers| providers| networks?)?\b|\binsurers?\b"
    r"|\bhealth plans?\b|\b(?:ppo|hmo|epo|commercial) plans?\b|\ball plans\b|\bany plans?\b",
    re.IGNORECASE)
ACCEPTANCE = re.compile(
    r"\baccept\w*|\btak(?:e|es|ing)\b|\bbill(?:s|ed|ing)?\b|\bnetwork\b|\bparticipat\w*"
    r"|\bcredentialed\b|\bwork with\b|\bcontracted\b|\bfile (?:claims )?with\b|\bpaneled\b"
    r"|\b(?:approved|authorized|participating|preferred) (?:[\w-]+ ){0,3}?provider\b",
    re.IGNORECASE)
SELF_PAY = re.compile(
    r"\bself[- ]pay (?:only|practice|clinic|basis)|\bcash[- ](?:only|pay|based)\b"
    r"|\bfee[- ]for[- ]service\b|\bprivate[- ]pay\b|\bout[- ]of[- ]network (?:provider|practice"
    r"|clinic)|\bself[- ]pay only", re.IGNORECASE)
# A superbill is what a clinic gives when it does not bill insurance itself.
SUPERBILL = re.compile(r"\bsuperbills?\b|\bout[- ]of[- ]network (?:benefits|reimbursement)",
                       re.IGNORECASE)
_NETWORK = re.compile(r"\bnetwork\b|\bparticipat\w*|\bcredentialed\b|\bpaneled\b|\bcontracted\b"
                      r"|\bwe (?:do not |don['’]t )?bill\b|\bbill (?:insurance|your plan|directly)",
                      re.IGNORECASE)
_LISTED = re.compile(r"\s*(?:,|(?:or|and|nor)\b)", re.IGNORECASE)
QUANTIFIER = re.compile(r"\b(?:any|all|including|of any kind)\b", re.IGNORECASE)
INSURANCE_TOPIC = re.compile(r"insur|in[- ]network|coverage|plans we accept|accepted plans",
                             re.IGNORECASE)


@dataclass
class _Reading:
    accepted: list[str] = field(default_factory=list)
    excluded: set[str] = field(default_factory=set)
    general_yes: bool = False
    general_no: bool = False


def insurance(parts) -> tuple[str, list[str]]:
    """("yes", insurers) when the clinic says it takes insurance, ("no", []) when it only
    refuses it, ("unknown", []) when it says neither. An insurer both named and denied is
    dropped: a conflicting page is not read as a yes for it."""
    reading = _Reading()
    for part in parts:
        statement = part if isinstance(part, Statement) else Statement(part)
        if statement.kind != "link":
            _read(statement, reading)
    insurers = [token for token in reading.accepted if token not in reading.excluded]
    if reading.accepted or reading.general_yes:
        return "yes", insurers
    return ("no", []) if reading.general_no else ("unknown", [])


def _read(statement: Statement, reading: _Reading) -> None:
    text = statement.text
    on_topic = bool(INSURANCE_TOPIC.search(statement.topic))
    acts = ACCEPTANCE.search(text)
    if statement.kind == "image" and not (on_topic and statement.listed):
        return
    named = spans("insurers", text)
    if named and (acts or (statement.listed and on_topic)):
        for (token, _, _), denial in zip(named, denials(text, named)):
            if denial:
                reading.excluded.add(token)
            elif token not in reading.accepted:
                reading.accepted.append(token)
    _read_general(statement, reading, bool(named), on_topic)


def _read_general(statement: Statement, reading: _Reading, named: bool, on_topic: bool) -> None:
    text = statement.text
    if SELF_PAY.search(text) or SUPERBILL.search(text):
        reading.general_no = True
        return
    general, acts = GENERAL.search(text), ACCEPTANCE.search(text)
    # Under an insurance heading "we are out-of-network" speaks of insurance; "now accepting
    # new patients" does not.
    anchor = general or (_NETWORK.search(text) if on_topic else None)
    if anchor is None or not (acts or _labelled(text, anchor)):
        return
    if negated(text, anchor.start(), anchor.end()) or (
            not general and acts and negated(text, acts.start(), acts.end())):
        # "We do not bill insurance, Medicare or Medicaid" refuses insurance as such; "we are
        # not in network with Cigna insurance" refuses one insurer.
        if not named or QUANTIFIER.search(text) or _LISTED.match(text[anchor.end():]):
            reading.general_no = True
    elif acts and (general or not named):
        reading.general_yes = True


def _labelled(text: str, anchor: re.Match) -> bool:
    """"Insurance: not accepted" is a statement even without a verb before the colon."""
    return text[anchor.end():].lstrip().startswith((":", "(", "-", "–", "—", "|"))
