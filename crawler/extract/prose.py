"""Facts stated in the clinic's own words: treatments, conditions and the tri-state facts.

A clause that denies a fact ("we do not offer payment plans", "closed to new patients") counts
against it, never for it. A fact no clause mentions stays unstated (None / []): the reader never
guesses. Link and button texts are menu labels, not statements, except a call to action that
offers a free consultation; image alt texts say nothing here.
"""
from __future__ import annotations

import re

from clinics.vocab import find_spans
from crawler.extract.statements import (
    Statement, affirmed, clauses, compared, denied, is_negative, negated,
)

__all__ = ["clauses", "is_negative", "mentioned", "tri_state", "TRI_STATE_CUES"]

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
        r"|consultations?|check-?ins?|sessions?)|online (?:visits?|appointments?|consultations?)", re.IGNORECASE),
}


# What an article says of ketamine or of an illness in general ("studies show ketamine helps
# PTSD", "ketamine has been used for CRPS") claims nothing about this clinic.
_REPORTED = re.compile(
    r"\bstud(?:y|ies|ied|ying)\b|\bresearch\w*|\bevidence\b|\btrials?\b|\bdata\b|\bshown\b"
    r"|\bfound (?:that|it)\b|\bfindings\b|\bliterature\b|\bstatistic\w*|\bscientists?\b"
    r"|\bpublished\b|\bjournal\b|\bfda\b|\boff[- ]label\b|\bhas been used\b|\bis (?:being )?used\b"
    r"|\bare (?:being )?used\b|\bbelieved\b|\bresponse rates?\b|\b\d+\s?%|\bpercent\b"
    r"|\brefers to\b|\bis defined\b|\bcan lead to\b|\bsymptoms? of\b|\bin the (?:\d+|19|20)",
    re.IGNORECASE)
# Where an illness is named for another reason than care for it: a side effect, a crisis
# notice, the history of the drug.
_NOT_CARE = re.compile(
    r"\bside[- ]effects?\b|\bcan make you\b|\bmay cause\b|\bcrisis\b|\b988\b|\b911\b|\bhotline\b"
    r"|\blifeline\b|\bemergency room\b|\banesthetic\b|\banesthesia\b|\bsince (?:19|20)\d\d\b"
    r"|\bin (?:19|20)\d\d\b|\bfor (?:over |more than )?(?:\d+|decades|years)\b|\bhas upended\b"
    r"|\bhistory\b|\brisk\b", re.IGNORECASE)
# The clinic speaking of itself: "we treat", "our clinic offers", "the center provides".
_OWN_VOICE = re.compile(r"\b(?:we|we['’](?:re|ve|ll)|our|ours|us)\b", re.IGNORECASE)
_PRACTICE_OFFERS = re.compile(
    r"\b(?:clinic|center|centre|practice|institute|office|team|staff|providers?|physicians?"
    r"|doctors?|specialists?)\b[^.]{0,80}?\b(?:offer\w*|provid\w*|specializ\w*|administer\w*"
    r"|treat(?:s|ing)?|help(?:s|ing)?|perform\w*|deliver\w*)\b", re.IGNORECASE)


_SUPPOSING = re.compile(r"^\s*(?:if|whether|when|whenever|unless)\b", re.IGNORECASE)
# "We may be able to offer a sliding scale": a hedge states nothing a patient can rely on.
_HEDGE = re.compile(r"\b(?:may|might|possibly|potentially|perhaps|in some cases)\b", re.IGNORECASE)
# "Ketamine has upended how depression is treated", "Today it brings fast relief to ...": what
# the drug does in general, said of the drug, not of this clinic's care.
_DRUG_SUBJECT = re.compile(
    r"^(?:[\w,]+\s+){0,4}?(?:ketamine|esketamine|spravato®?|it)\s+(?:\([^)]{0,30}\)\s+)?"
    r"(?:has|have|had|is|was|can|could|may|might|looks|seems|appears|brings|serves|works|acts"
    r"|offers|provides|helps|injected|given|used|became|remains|reduces|treats)\b", re.IGNORECASE)
# "If you live with PTSD ..., ketamine therapy may help": the supposition ends in an offer.
_HELP_OFFERED = re.compile(r"\b(?:can|could|may|might|will)\s+(?:\w+\s+)?(?:help|make a difference"
                           r"|be (?:right|the answer|(?:a |an )?(?:good |great |effective )?(?:option|fit|choice))|offer"
                           r"|bring relief|provide relief)\b",
                           re.IGNORECASE)
# A sentence about an illness alone ("Obsessions bring on anxiety") names no care for it.
_CARE = re.compile(r"\bketamine\b|\bspravato\b|\besketamine\b|\binfusions?\b|\btreat\w*|\btherap\w*"
                   r"|\bblocks?\b|\bsgb\b|\brelie\w+", re.IGNORECASE)


def offers_in(statement: Statement, vocabulary: str) -> bool:
    """Whether a statement can say what this clinic offers or treats. A report of research
    ("studies show ketamine helps PTSD") can only in the clinic's own voice. A condition named
    in a sentence needs care for it in that sentence, never a side effect, a crisis notice,
    the drug's history or a supposition ("if you are weighing ketamine for PTSD, ...") that
    the clinic does not answer in its own voice. The whole sentence is the context."""
    sentence = statement.quote or statement.text
    own = bool(_OWN_VOICE.search(sentence) or _PRACTICE_OFFERS.search(sentence))
    if _REPORTED.search(statement.text) and not own:
        return False
    if vocabulary == "treatments" and (_PAST_OFFER.search(statement.text) or (
            not own and _HOW_GIVEN.search(sentence)
            and len(set(m.group(0).lower()[:5] for m in _ROUTE.finditer(sentence))) >= 3)):
        return False
    if vocabulary != "conditions" or statement.listed or statement.kind == "heading":
        return True
    if _NOT_CARE.search(sentence):
        return False
    if own:
        return True
    if _DRUG_SUBJECT.match(statement.text):
        return False
    if _SUPPOSING.match(sentence):
        return bool(_HELP_OFFERED.search(sentence))
    return bool(_CARE.search(sentence))


# On a ketamine clinic's page "each infusion lasts 40 minutes" speaks of ketamine infusions.
_INFUSION = re.compile(r"\binfusions?\b(?!\s+(?:center|centre|clinic|institute|lounge|suite|bar|spa"
                       r"|wellness|partners|group)s?\b)|\bintravenous(?:ly)?\b|\bIV (?:line|drip|infusions?|access"
                       r"|treatments?|therapy|sessions?)\b", re.IGNORECASE)
_OTHER_INFUSED = re.compile(r"\bnad\+?|\bvitamins?\b|\bhydration\b|\bmyers\b|\blidocaine\b|\biron\b"
                            r"|\bsaline\b|\bantibiotics?\b|\bfluids? only\b|\bnutrient", re.IGNORECASE)
_KETAMINE = re.compile(r"\bketamine\b", re.IGNORECASE)
# Care the clinic sends patients elsewhere for.
_REFERRED = re.compile(r"\brefer\w*|\bsuggest\b|\brecommend\b|\belsewhere\b|\bother (?:clinics?|providers?)"
                       r"|\bdiscuss\b|\bin-person clinic\b|\bpartner\w*", re.IGNORECASE)
# How ketamine can be given, listed route by route, describes the drug, not this clinic.
_ROUTE = re.compile(r"\bintravenous\w*|\bIV\b|\bintramuscular\w*|\bIM\b|\bsub-?lingual\w*|\boral\w*"
                    r"|\bintra-?nasal\w*|\bnasal\b|\bdermal\b|\btopical\w*|\brectal\w*|\blozenges?\b")
_HOW_GIVEN = re.compile(r"\bcan be (?:given|administered|taken|delivered|used)\b|\bforms?\b|\broutes?\b"
                        r"|\bways\b|\bcomes in\b|\bhow (?:the )?ketamine is given\b", re.IGNORECASE)
# Care the clinic gave once and gives no more.
_PAST_OFFER = re.compile(r"\b(?:early years|used to|formerly|previously|moved (?:away )?from"
                         r"|switched from|in the past|arrived|came out|was introduced)\b",
                         re.IGNORECASE)


def implied_infusion(parts) -> Statement | None:
    """The first statement of a ketamine page that speaks of giving infusions without naming
    the drug again, when nothing else on the page is infused."""
    said = [s for s in _as_statements(parts) if s.kind not in ("link", "image")]
    if not any(_KETAMINE.search(s.text) for s in said) or any(
            _OTHER_INFUSED.search(s.text) for s in said):
        return None
    return next((s for s in said if _INFUSION.search(s.text) and offers_in(s, "treatments")
                 and s.kind in ("text", "item") and len(s.text.split()) >= 6
                 and not _KETAMINE.search(s.text) and not find_spans("treatments", s.text)
                 and not _REFERRED.search(s.text) and not s.text.rstrip().endswith("?")
                 and not is_negative(s.text)), None)


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
