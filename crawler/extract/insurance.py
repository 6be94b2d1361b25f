"""Whether the clinic takes insurance, and which insurers, as its own statements say.

An insurer counts only where the clinic says what it does with it: "we accept", "in network
with", "we bill", or a list under an insurance heading. A news line "Medicare now covers
Spravato" names an insurer but says nothing about this clinic. A denial of one insurer ("we're
not in network with Cigna") excludes that insurer without saying the clinic takes no insurance;
a denial of insurance itself ("we do not accept insurance", "out-of-network with all plans",
"self-pay only", "not covered by insurance") is a "no".

A superbill is what a clinic hands over when it does not bill insurance itself: "we give you a
superbill to submit to your insurer" is a "no" with ``superbill`` true, however warmly it speaks
of insurance, and so is talk of helping patients file their own claims. Where the clinic ties
its "yes" to treatments ("we bill insurance for Spravato"), those are ``insurance_treatments``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from clinics.vocab import find_spans as spans
from crawler.extract.claims import speaks_of_others
from crawler.extract.statements import Statement, denials, negated
from crawler.extract.prose import mentioned

GENERAL = re.compile(
    r"\binsurances?(?: plans?| companies| carriers| providers| networks?)?\b|\binsurers?\b"
    r"|\bhealth plans?\b|\b(?:ppo|hmo|epo|commercial) plans?\b|\ball plans\b|\bany plans?\b",
    re.IGNORECASE)
ACCEPTANCE = re.compile(
    r"\baccept\w*|\btak(?:e|es|ing)\b|\bbill(?:s|ed|ing)?\b|\bnetwork\b|\bparticipat\w*"
    r"|\bcredential(?:ed|ing)\b|\bworks? with\b|\bcontracted\b|\bfile (?:claims )?with\b|\bpaneled\b"
    r"|\bpartner(?:s|ed|ship)? with\b"
    r"|\b(?:approved|authorized|participating|preferred) (?:[\w-]+ ){0,3}?provider\b"
    r"|\b(?:prior )?authori[sz]ation\b",
    re.IGNORECASE)
# "Covered by insurance" as a banner or list item: the clinic's own label for its service.
COVERED_LABEL = re.compile(r"^(?:[\w®™-]+\s+){0,3}(?:is |are )?covered by (?:most |many |your )?"
                           r"(?:health )?insurance(?: plans)?[.!]?$", re.IGNORECASE)
# "We may be able to bill your plan", "check with your insurer": hedged, so not a yes.
HEDGED = re.compile(r"\b(?:may|might|could|possibly|potentially|perhaps|in some cases|depending on"
                    r"|check with|ask your|contact your)\b", re.IGNORECASE)
# "(there may be waiting lists)": an aside, which hedges something else than the sentence.
_ASIDE = re.compile(r"\([^()]{0,160}\)")


def _hedged(text: str) -> bool:
    return bool(HEDGED.search(_ASIDE.sub(" ", text)))


# "When insurance does not cover a treatment, ..." supposes; it does not say.
_SUPPOSING = re.compile(r"\b(?:if|when|whenever|unless|whether|in case)\b", re.IGNORECASE)
_NO_PROMISE = re.compile(
    r"\b(?:cannot|can['’]t|can not|do not|don['’]t|are not able to|unable to)\s+(?:\w+\s+)?"
    r"(?:promise|guarantee|assure|ensure|predict)\b|\bno guarantee\b|\bnot guaranteed\b",
    re.IGNORECASE)
# "We have moved beyond handing you a superbill": no longer a superbill.
_MAY_GIVE = re.compile(r"\b(?:may|might|could)\s+(?:[\w-]+\s+){0,3}?(?:give|provide|offer|supply"
                       r"|issue|prepare)\b", re.IGNORECASE)
_PAST_SUPERBILL = re.compile(r"\b(?:beyond|instead of|rather than|no longer|used to)\b[^.]{0,40}$",
                             re.IGNORECASE)
SELF_PAY = re.compile(
    r"\bself[- ]pay (?:only|practice|clinic|basis)|\bcash[- ](?:only|pay|based)\b"
    r"|\bfee[- ]for[- ]service\b|\bprivate[- ]pay\b|\bout[- ]of[- ]network (?:provider|practice"
    r"|clinic)|\bself[- ]pay only|\b(?:is|are)\s+(?:\w+\s+)?self[- ]pay\b", re.IGNORECASE)
# Services beside the treatments: insurance billed for a consultation or for medication
# management says nothing of the treatments themselves.
OTHER_SERVICE = re.compile(
    r"\bconsult\w*|\bevaluations?\b|\bassessments?\b|\bintakes?\b|\bmedication management\b"
    r"|\bpsychiatric (?:visits?|care|services)\b|\boffice visits?\b|\bfollow-?ups?\b"
    r"|\btalk therapy\b|\btherapy (?:sessions?|hours?)\b|\blab(?:s| work)\b"
    r"|\b(?:[\w-]+ )?(?:preparation|prep|integration)(?: and integration)? (?:sessions?|visits?"
    r"|therapy|appointments?)\b", re.IGNORECASE)
# A superbill is what a clinic gives when it does not bill insurance itself.
SUPERBILL = re.compile(r"\bsuper[- ]?bills?\b|\bout[- ]of[- ]network (?:benefits|reimbursement)",
                       re.IGNORECASE)
SUPERBILL_ITSELF = re.compile(r"\bsuper[- ]?bills?\b", re.IGNORECASE)
# "Statements you can send to your PPO plan for reimbursement": a superbill by another name.
BILL_FOR_CLAIMS = re.compile(r"\b(?:statements?|receipts?|invoices?|forms|paperwork)\b",
                             re.IGNORECASE)
_REIMBURSED = re.compile(r"\breimburs\w*", re.IGNORECASE)
# The patient claims the money back: the clinic does not bill the plan.
REIMBURSEMENT = re.compile(
    r"\breimburs\w*|\bsubmit\w*\b|\bfil(?:e|ing) (?:a |your |the )?(?:own )?claims?\b"
    r"|\bitemi[sz]ed (?:receipt|statement|invoice)|\bhsa\b|\bfsa\b|\bhealth savings",
    re.IGNORECASE)
NOT_COVERED = re.compile(
    r"\bcover(?:ed|s|age)?\b|\bpays?\b(?! (?:for )?(?:your|the) (?:copay|deductible))",
    re.IGNORECASE)
_NETWORK = re.compile(r"\bnetwork\b|\bparticipat\w*|\bcredential(?:ed|ing)\b|\bpaneled\b"
                      r"|\bcontracted\b"
                      r"|\bwe (?:do not |don['’]t )?bill\b|\bbill (?:insurance|your plan|directly)",
                      re.IGNORECASE)
_LISTED = re.compile(r"\s*(?:,|(?:or|and|nor)\b)", re.IGNORECASE)
QUANTIFIER = re.compile(r"\b(?:any|all|including|of any kind)\b", re.IGNORECASE)
INSURANCE_TOPIC = re.compile(r"insur|in[- ]network|coverage|plans we accept|accepted plans",
                             re.IGNORECASE)


@dataclass
class Reading:
    """What a page's statements say of insurance; each fact keeps the statement that says it."""

    accepted: dict[str, Statement] = field(default_factory=dict)
    excluded: set[str] = field(default_factory=set)
    yes: list[Statement] = field(default_factory=list)
    no: list[Statement] = field(default_factory=list)
    superbill: Statement | None = None
    superbill_denied: Statement | None = None

    @property
    def insurers(self) -> dict[str, Statement]:
        return {token: s for token, s in self.accepted.items() if token not in self.excluded}

    @property
    def verdict(self) -> str:
        """Named insurers make it a yes. A page that says both "we accept insurance" and "not
        covered" is a yes only when its yes is tied to a treatment its no is not (Spravato
        billed, infusions self-pay); otherwise it has said nothing a patient can rely on."""
        if self.insurers:
            return "yes"
        if self.yes and self.no:
            return "yes" if set(mentioned_in(self.yes)) - set(mentioned_in(self.no)) \
                else "unknown"
        if self.yes:
            return "yes"
        return "no" if self.no else "unknown"

    @property
    def because(self) -> list[Statement]:
        """The statements behind the verdict."""
        if self.verdict == "yes":
            return self.yes or list(self.insurers.values())[:1]
        return self.no[:1]

    def treatments(self) -> dict[str, Statement]:
        """Treatments the "yes" statements tie insurance to."""
        if self.verdict != "yes":
            return {}
        found = mentioned_in(self.yes + list(self.insurers.values()))
        if not found:
            found = _section_treatment(self.yes)
        return found


def mentioned_in(said: list[Statement]) -> dict[str, Statement]:
    """Treatments each statement ties insurance to; a clause that names none ("and we bill
    your insurance directly") speaks of the treatment its sentence names ("Spravato is covered
    by most plans, and we bill ...")."""
    found: dict[str, Statement] = {}
    for statement in said:
        tokens = mentioned("treatments", [statement])
        if not tokens and statement.quote and statement.quote != statement.text:
            tokens = mentioned("treatments", [Statement(statement.quote, statement.topic,
                                                        statement.listed, statement.kind)])
        for token in tokens:
            found.setdefault(token, statement)
    return found


def _section_treatment(said: list[Statement]) -> dict[str, Statement]:
    """The treatment a "yes" without one speaks of when its section is about that one
    treatment alone ("Spravato Therapy" / "Covered by insurance")."""
    for statement in said:
        named = list(dict.fromkeys(token for token, _, _ in spans("treatments", statement.topic)))
        if len(named) == 1:
            return {named[0]: statement}
    return {}


def read_insurance(parts) -> Reading:
    """The page's statements read for insurance."""
    reading = Reading()
    for part in parts:
        statement = part if isinstance(part, Statement) else Statement(part)
        if statement.kind != "link":
            _read(statement, reading)
    return reading


def insurance(parts) -> tuple[str, list[str]]:
    """("yes", insurers) when the clinic says it takes insurance, ("no", []) when it only
    refuses it, ("unknown", []) when it says neither. An insurer both named and denied is
    dropped: a conflicting page is not read as a yes for it."""
    reading = read_insurance(parts)
    verdict = reading.verdict
    return verdict, list(reading.insurers) if verdict == "yes" else []


def _read(statement: Statement, reading: Reading) -> None:
    text = statement.text
    on_topic = bool(INSURANCE_TOPIC.search(statement.topic))
    acts = ACCEPTANCE.search(text)
    if statement.kind == "image" and not (on_topic and statement.listed):
        return
    if speaks_of_others(text):
        # "Most ketamine clinics do not take insurance" says nothing of this one.
        return
    if _reads_superbill(statement, reading):
        return
    named = spans("insurers", text)
    if named and (acts or (statement.listed and on_topic)) and not _hedged(text):
        for (token, _, end), denial in zip(named, denials(text, named)):
            if denial and not _accepted_in_a_column(text, end):
                reading.excluded.add(token)
            else:
                reading.accepted.setdefault(token, statement)
    if statement.kind == "image":
        # An insurer's logo names the insurer; a picture's caption ("Insurance bill for
        # ketamine infusion") says nothing of whether the clinic bills.
        return
    _read_general(statement, reading, bool(named), on_topic)


_NEGATIVE_CELL = re.compile(r"^(?:n/?a|no|none|not (?:accepted|covered|available)"
                            r"|out[- ]of[- ]network"
                            r"|[-–—✗✘]|)$", re.IGNORECASE)


def _accepted_in_a_column(text: str, end: int) -> bool:
    """A table row ("| Cigna | N/A | Behavioral Health |") refuses an insurer only where every
    cell after its name does: "N/A" in one location's column is not a refusal in another's."""
    if "|" not in text[end:]:
        return False
    cells = [cell.strip(" .") for cell in text[end:].split("|")]
    return any(not _NEGATIVE_CELL.match(cell) for cell in cells)


def _reads_superbill(statement: Statement, reading: Reading) -> bool:
    """A superbill, or the patient's own claim for reimbursement: the clinic does not bill
    the plan. True when the statement is read as that."""
    text = statement.text
    bill = SUPERBILL_ITSELF.search(text)
    if bill and _PAST_SUPERBILL.search(text[:bill.start()]):
        return False
    if bill and negated(text, bill.start(), bill.end()):
        reading.superbill_denied = reading.superbill_denied or statement
        return True
    if not (SUPERBILL.search(text) or REIMBURSEMENT.search(text) and GENERAL.search(text)):
        return False
    bill = bill or _bill_for_claims(text)
    if bill and _MAY_GIVE.search(text[:bill.start()]):
        # "We may be able to give you paperwork for reimbursement" promises nothing.
        return True
    if bill and not negated(text, bill.start(), bill.end()):
        reading.superbill = reading.superbill or statement
    reading.no.append(statement)
    return True


def _bill_for_claims(text: str) -> re.Match | None:
    """A statement, receipt or form named before the reimbursement it is for."""
    claim = _REIMBURSED.search(text)
    return BILL_FOR_CLAIMS.search(text, 0, claim.start()) if claim else None


def _read_general(statement: Statement, reading: Reading, named: bool, on_topic: bool) -> None:
    text = statement.text
    if SELF_PAY.search(text):
        reading.no.append(statement)
        return
    general = GENERAL.search(text)
    covered = NOT_COVERED.search(text)
    if general and covered and not _SUPPOSING.search(text[:covered.start()]):
        if _NO_PROMISE.search(text[:covered.start()]):
            # "We cannot promise your insurer will cover it" hedges; it refuses nothing.
            return
        if negated(text, covered.start(), covered.end()):
            # "Ketamine infusions are not covered by insurance."; "your insurance might not pay"
            # hedges, and refuses nothing.
            if not HEDGED.search(text[:covered.start()]):
                reading.no.append(statement)
            return
        if statement.listed and COVERED_LABEL.match(statement.quote or text):
            # The whole item is the label: "Covered by insurance", not the clause "is covered
            # by insurance" of "Spravato has FDA approval and is covered by insurance".
            reading.yes.append(statement)
            return
    acts = ACCEPTANCE.search(text)
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
            reading.no.append(statement)
    elif _affirms(text) and (general or not named) and not _hedged(text) \
            and not _for_other_service(statement.quote or text):
        reading.yes.append(statement)


def _affirms(text: str) -> bool:
    """Whether an acceptance verb stands unnegated: "most plans cover Spravato, and our office
    does not bill for it" takes no insurance."""
    return any(not negated(text, act.start(), act.end()) for act in ACCEPTANCE.finditer(text))


def _for_other_service(sentence: str) -> bool:
    """Insurance billed for a service beside the treatments, as the whole sentence says: a
    consultation, a therapy hour, or the preparation sessions of a treatment ("KAP preparation
    sessions can be billed to your insurance"), which are not its dosing."""
    if not OTHER_SERVICE.search(sentence):
        return False
    rest = OTHER_SERVICE.sub(lambda m: " " * len(m.group(0)), sentence)
    return not spans("treatments", rest)


def _labelled(text: str, anchor: re.Match) -> bool:
    """"Insurance: not accepted" is a statement even without a verb before the colon."""
    return text[anchor.end():].lstrip().startswith((":", "(", "-", "–", "—", "|"))
