"""The clinic's own statements, one clause each, and whether a clause negates what it names.

A page says facts in sentences, list items, table rows and FAQ answers. A question ("Do you take
insurance?") states nothing, but a "No." or "Yes!" after it answers it, so the answer is read as
the question asserted or denied. Negation is judged per mention: in "We accept Aetna and not
Cigna" only Cigna is negated, and in "Medicare is not accepted" the negation follows its word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from clinics.vocab import find_spans
from crawler.extract.page import Line, split_sentences
from crawler.extract.people import looks_like_name, names_a_clinician

NEGATION = re.compile(
    r"\b(?:not|no|never|cannot|unable|unavailable|without|none|neither|nor|except|excluding)\b"
    r"|n['’]t\b|\bclosed to\b|\bout[- ]of[- ]network\b|\bno longer\b|\bother than\b"
    r"|\bwith the exception of\b|\bdiscontinued\b|\bstopped\b|\bceased\b",
    re.IGNORECASE)
# Phrases that hold a negation word but deny nothing the clinic offers.
NEUTRAL = re.compile(
    r"\bno[- ](?:cost|charge|referral|wait|need|obligation|hidden|matter|surprise|prescription)"
    r"|\bnot only\b|\bnot sure\b|\bwithout (?:a |any )?referral|\b(?:not|n['’]t) required\b"
    r"|\b(?:patients|those|people|anyone|clients|you)\s+(?:without|with no)\s+(?:health\s+)?"
    r"insurance|\b(?:do not|don['’]t|doesn['’]t|does not) have (?:health )?insurance"
    r"|\bno insurance\b|\buninsured\b|\bnever too late\b|\bno[- ]show\b",
    re.IGNORECASE)
# "Medicare is not accepted", "Cigna (not accepted)", "Sliding scale: no".
POST_NEGATION = re.compile(
    r"^[^.;!?]{0,50}?\b(?:is|are|was|were)\s+(?:currently\s+|also\s+|now\s+)?"
    r"(?:not|no longer)\s+(?:currently\s+)?(?:available|offered|provided|accepted|taken|in[- ]network"
    r"|part of|an option|something|performed|administered|included|free|accepting|possible)"
    r"|^[^.;!?]{0,50}?\b(?:is|are)n['’]t\s+(?:available|offered|provided|accepted|taken|free)"
    r"|^[^.;!?]{0,50}?\b(?:unavailable|not accepted|not available|not offered)\b"
    r"|^\s*(?:[:(|\-–—]\s*)+(?:not\b|no\b|none\b|n/a\b|out[- ]of[- ]network|unavailable)"
    r"|^[^.;!?]{0,40}?\b(?:coming soon|launching soon|available soon|soon to be offered)\b",
    re.IGNORECASE)
COMPARISON = re.compile(r"\b(?:unlike|compared (?:to|with)|vs\.?|versus|instead of|rather than"
                        r"|alternative to|other clinics|elsewhere|apart from|different from"
                        r"|distinct from|differs from|the same as|in contrast (?:to|with)"
                        r"|contrasts? with)"
                        r"(?:\s+(?:the|a|an|your|usual|typical|traditional|standard|conventional"
                        r"|common|other|many|most)){0,3}\s*$", re.IGNORECASE)
# "Our ketamine goes in through a vein, whereas Spravato ...": the treatment after the contrast
# is the one the clinic sets its own against.
_CONTRASTED = re.compile(r"(?:\bwhereas|,\s*while)\s*$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r",?\s+but\s+|\s+however,?\s+|;\s*|,?\s+(?:and|while|whereas|although|though)\s+"
    r"(?=(?:we|we['’]re|they|our|you|it|do|does|don['’]t|doesn['’]t|are|is|also|can|cannot"
    r"|can['’]t|will|won['’]t|offer|accept|take|provide|bill)\b)",
    re.IGNORECASE)
_ANSWER = re.compile(r"^(?:(?P<no>no|nope|unfortunately,? (?:no|not)|not at this time)"
                     r"|(?P<yes>yes|yep|absolutely|of course|definitely))\b[.!,:;—–-]*\s*",
                     re.IGNORECASE)
_BARE_AMOUNT = re.compile(r"^\$\s?\d[\d,]*(?:\.\d\d)?(?:\s*(?:per|/|each|a)\b.{0,20})?$",
                          re.IGNORECASE)
_BARE_VALUE = re.compile(r"^(?:yes|no|available|not available|offered|not offered|none)[.!]?$",
                         re.IGNORECASE)
_QA_LABEL = re.compile(r"^(?:Q|A|Question|Answer)\s*[:.]\s*")
# A heading that asserts ("Now Accepting New Patients") rather than names a topic ("Fees").
_ASSERTING_HEADING = re.compile(r"\b(?:we|we['’]re|now|accepting|accept|offer|offering|welcome)\b",
                                re.IGNORECASE)
# A denial of paying for something ("we do not take insurance for ketamine infusions") is not a
# denial of the thing itself; it says nothing about which treatments or conditions are offered.
_PAYMENT_SCOPE = re.compile(r"\b(?:insurance|insurers?|cover(?:ed|s|age)?|bill(?:ed)?|reimburs\w*)\b",
                            re.IGNORECASE)
OFFERINGS = ("treatments", "conditions")
_LIST_JOIN = re.compile(r"^\s*(?:,\s*(?:(?:or|and|nor)\s+)?|(?:or|and|nor)\s+|/\s*)$",
                        re.IGNORECASE)
# What a clinician's biography says of other places and earlier years.
_ELSEWHERE = re.compile(
    r"\bbefore (?:joining|founding|opening|coming to|moving)|\bpreviously\b|\bformerly\b"
    r"|\bworked (?:at|for|in)\b|\bspent (?:\w+ )?(?:years|decades?)\b|\bresidency\b|\bfellowship\b"
    r"|\btrained at\b|\bthat (?:hospital|clinic|practice|center)['’]s\b|\bat (?:another|other) ",
    re.IGNORECASE)
# A section that lists what the clinic offers, one heading an item ("Conditions We Treat" with
# "Depression", "Anxiety" and "PTSD" cards under it): each heading is a listed statement.
_OFFER_LIST = re.compile(
    r"\b(?:conditions|disorders|what|who) (?:we )?(?:treat(?:ed)?|help)\b|\bwe (?:treat|help with)\b"
    r"|^(?:to )?help with$"
    r"|\b(?:conditions|disorders) (?:can|does|do) (?:we|you) (?:treat|help)\b"
    r"|^(?:our )?(?:services|treatments|therapies)(?: we offer| offered)?$|\bhow we (?:can )?help\b"
    r"|^(?:what |conditions |disorders )?we (?:can|may|will) (?:help(?: with)?|treat)[:!]?$"
    r"|^conditions(?: treated)?:?$",
    re.IGNORECASE)
_ACRONYM = re.compile(r"\s*\((?:[A-Z]{2,5}|[A-Z]{2,5}s)\)(?=\s)")
# "Ketamine cannot guarantee relief for depression": a disclaimer about results, which neither
# denies nor offers care for what it names.
DISCLAIMER = re.compile(
    r"\b(?:(?:can|do|does|will|would)\s*(?:not|n['’]t)|cannot|never|no|not)\s+(?:\w+\s+){0,2}"
    r"(?:guarantee\w*|promis\w*)", re.IGNORECASE)
PRE_NEGATION_WORDS = 10
QUOTE_MAX = 300


@dataclass(frozen=True)
class Statement:
    """One clause the clinic states. ``topic``: its section headings and the question it
    answers, lower-cased; ``listed``: a list item, table row or short label, not a sentence;
    ``line``: the page line it was read from (-1 when it was not read from a page); ``quote``:
    the sentence as the page shows it, the evidence for whatever the clause states;
    ``by_clinic``: its sentence has the clinic, by name, as its subject ("Altasano sees
    ketamine as ..."), the clinic's own voice in the third person."""

    text: str
    topic: str = ""
    listed: bool = False
    kind: str = "text"
    line: int = -1
    quote: str = ""
    by_clinic: bool = False

    @property
    def evidence(self) -> str:
        """The words a reader can find on the page, at most ``QUOTE_MAX`` characters."""
        return shorten(self.quote or self.text, self.text)


def shorten(quote: str, focus: str = "") -> str:
    """A quote of at most QUOTE_MAX characters, cut at words around ``focus`` when it is
    longer, so that what remains is still a piece of the page's own text."""
    if len(quote) <= QUOTE_MAX:
        return quote
    at = max(0, quote.find(focus[:40])) if focus else 0
    start = max(0, min(at - 60, len(quote) - QUOTE_MAX))
    piece = quote[start:start + QUOTE_MAX]
    if start:
        piece = piece.split(" ", 1)[-1]
    if start + QUOTE_MAX < len(quote):
        piece = piece.rsplit(" ", 1)[0]
    return piece.strip()


def clauses(sentences: list[str]) -> list[str]:
    """Sentences cut at "but", "however", ";" and at "and" before a new verb phrase."""
    return [part.strip() for s in sentences for part in _CLAUSE_BREAK.split(s) if part.strip()]


def statements(lines: list[Line], zone: str = "main") -> list[Statement]:
    """The clauses of one zone of the page (the clinic's own, by default), in page order;
    questions are kept only as topics."""
    found: list[Statement] = []
    question = intro = previous = None
    for number, line in enumerate(lines):
        if line.zone != zone:
            continue
        text, previous = _with_label(line.text, previous), line.text
        lead = intro if line.kind == "item" else None
        # A line ending in a colon leads the items after it, even one that sits in an outer
        # list item itself (an accordion panel's "KAP is not appropriate for anyone who:").
        intro = line.text if line.text.rstrip().endswith(":") else (
            intro if line.kind == "item" else None)
        if line.kind == "heading":
            question = line.text if line.text.rstrip().endswith("?") else None
            if question:
                continue
            if (len(line.text.split()) >= 3 and _ASSERTING_HEADING.search(line.text)) or any(
                    _OFFER_LIST.search(heading) for heading in line.headings) \
                    or _names_a_service(line.text) \
                    or names_care_for(line.text, page_title=not line.headings):
                found.extend(_clauses_of(line, number, line.text, question))
            continue
        labelled = text != line.text
        if _BARE_VALUE.match(text) and line.headings and not (question and _ANSWER.match(text)):
            # "Sliding scale" / "No" in a definition list or a two-line card is one statement;
            # under a question, "No." answers it.
            text, labelled = f"{line.headings[-1]}: {text}", True
        bio = line.kind != "heading" and _in_a_bio(line)
        before = ""
        for sentence in split_sentences(text):
            if bio and _ELSEWHERE.search(sentence):
                continue
            quote = _quote(lines, number) if labelled else _continued(before, sentence)
            before = sentence
            sentence = _QA_LABEL.sub("", sentence)
            if sentence.endswith("?"):
                question = sentence
                continue
            answer = _ANSWER.match(sentence) if question else None
            if answer:
                denial = "not " if answer.group("no") else ""
                found.append(_statement(line, number, denial + question.rstrip("?"), question,
                                        quote))
                sentence = sentence[answer.end():]
            found.extend(_clauses_of(line, number, sentence,
                                     " / ".join(filter(None, (question, lead))) or None, quote))
    return found


def _continued(before: str, sentence: str) -> str:
    """The sentence as a reader takes it: after a semicolon ("Ketamine treats mood disorders;
    the most common are depression and PTSD") it carries on the one before, within
    ``QUOTE_MAX`` characters."""
    joined = f"{before} {sentence}"
    return joined if before.endswith(";") and len(joined) <= QUOTE_MAX else sentence


def _quote(lines: list[Line], number: int) -> str:
    """A value line with the label line right above it ("Sliding scale" / "No"), as the page
    shows them one after the other."""
    above = lines[number - 1].text if number else ""
    return f"{above} {lines[number].text}".strip()


# A title's closing place ("... for PTSD in San Diego", "... near Boise, ID"), which says where
# the care is given, not what it is.
_PLACE_TAIL = re.compile(r"\s+(?:in|near|serving)\s+(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z][\w.'’-]*)){0,2}"
                         r"(?:,\s*(?-i:[A-Z]{2}))?\s*$", re.IGNORECASE)


# "How Esketamine for Depression Is Administered", "Why IV Ketamine": a heading that explains,
# not the name of a service.
_EXPLAINING = re.compile(r"^(?:how|why|what|when|who|where|which|is|are|can|does|do)\b", re.IGNORECASE)


def _without_place(heading: str) -> str:
    return _PLACE_TAIL.sub("", heading)


def _names_a_service(heading: str) -> bool:
    """A short heading that is a treatment's name ("IV Ketamine Infusions", "Spravato®
    Treatment", "Oral Ketamine Assisted Therapy at Home") heads the clinic's own description
    of a service it gives."""
    heading = _without_place(heading)
    return len(heading.split()) <= 7 and bool(find_spans("treatments", heading)) \
        and not _EXPLAINING.match(heading) \
        and not COMPARISON.search(heading) and not re.search(r"\bvs\.?\b|\bversus\b|\bor\b",
                                                            heading, re.IGNORECASE)


# A section title that names care for one illness ("Ketamine for Depression", "PTSD Treatment",
# "Anxiety FAQs") holds, besides the illness, words that name care ...
_CARE_WORDS = frozenset(("ketamine", "esketamine", "spravato", "sgb", "infusion", "infusions",
                         "therapy", "therapies", "treatment", "treatments", "treating", "faq",
                         "faqs", "care", "program", "relief", "block", "blocks", "injection",
                         "injections"))
# ... and other words such a title may hold ("Low-Dose IV Ketamine for Nerve Pain").
_CARE_TITLE_WORDS = _CARE_WORDS | frozenset((
    "iv", "im", "for", "of", "and", "&", "with", "low", "dose", "low-dose", "help", "options",
    "our", "stellate", "ganglion", "nerve", "-", "–", "—", "|", "/", "+"))
_TITLE_WORD = re.compile(r"[\w&+|/–—-]+")
CARE_TITLE_MAX_WORDS = 8


def names_care_for(heading: str, page_title: bool = False) -> bool:
    """A short heading that is the name of care for an illness and nothing else heads the
    clinic's own description of that care; a question or a longer title may only discuss it.
    ``page_title``: the heading stands above all others, so a bare illness's name
    ("Treatment-Resistant Depression") titles the clinic's page on it."""
    text = _without_place(heading.rstrip(" :.!"))
    if text.endswith("?") or len(text.split()) > CARE_TITLE_MAX_WORDS:
        return False
    found = find_spans("conditions", text)
    if not found:
        return False
    rest = text
    for _, start, end in reversed(found):
        rest = rest[:start] + " " + rest[end:]
    words = [word.lower().strip("®™") for word in _TITLE_WORD.findall(rest)]
    # A bare "Depression" heads a topic; the title must name the care too.
    return (page_title or bool(set(words) & _CARE_WORDS)) \
        and all(word in _CARE_TITLE_WORDS for word in words)


def _with_label(text: str, previous: str | None) -> str:
    """A bare amount on a fee card takes the label on the line above it ("Integration
    session" / "$175"), as a bare value takes its heading."""
    if previous and _BARE_AMOUNT.match(text) and "$" not in previous \
            and len(previous.split()) <= 14:
        return f"{previous}: {text}"
    return text


def _in_a_bio(line: Line) -> bool:
    """A line under a clinician's name ("Renee Castillo, DNP, CRNA", or a team card's bare
    "James Okafor"): that person's story, whose past ("before joining us she ran a hospital's
    Spravato program") says nothing about this clinic."""
    return bool(line.headings) and _names_a_person(line.headings[-1])


@lru_cache(maxsize=4096)
def _names_a_person(heading: str) -> bool:
    """Cached: every line under one heading asks about the same heading."""
    return names_a_clinician(heading) or (looks_like_name(heading)
                                          and not find_spans("treatments", heading))


def _clauses_of(line: Line, number: int, sentence: str, question: str | None,
                quote: str = "") -> list[Statement]:
    return [_statement(line, number, part, question, quote) for part in clauses([sentence])]


# "Depression · Anxiety · PTSD · Chronic Pain · Fibromyalgia": a list written on one line.
_SEPARATED_ITEMS = re.compile(r"[^·|•.]{1,40}(?:[·|•][^·|•.]{1,40}){2,}")


def _statement(line: Line, number: int, text: str, question: str | None,
               quote: str = "") -> Statement:
    topic = " / ".join(line.headings + ((question,) if question else ())).lower()
    listed = line.kind in ("item", "image") or _SEPARATED_ITEMS.fullmatch(line.text) is not None \
        or (len(line.text.split()) <= 8 and not line.text.endswith("."))
    return Statement(text, topic, listed, line.kind, number, quote or line.text)


def is_negative(clause: str) -> bool:
    """Whether the clause denies anything at all (the whole-clause test)."""
    return bool(NEGATION.search(NEUTRAL.sub(" ", clause)))


def negated(clause: str, start: int, end: int, offering: bool = False) -> bool:
    """Whether the words at clause[start:end] are denied: by a negation shortly before them,
    inside them ("consultations are not free"), or right after them ("X is not accepted").
    ``offering``: the words name a treatment or condition, which a denial about payment between
    the negation and them does not deny."""
    before = NEUTRAL.sub(lambda m: " " * len(m.group(0)), clause[:end])
    if offering:
        before = DISCLAIMER.sub(lambda m: " " * len(m.group(0)), before)
    hits = list(NEGATION.finditer(before))
    if hits and len(before[hits[-1].end():start].split()) <= PRE_NEGATION_WORDS:
        if not (offering and _PAYMENT_SCOPE.search(before[hits[-1].end():start])):
            return True
    after = NEUTRAL.sub(lambda m: " " * len(m.group(0)), clause[end:])
    return bool(POST_NEGATION.match(after))


def denials(clause: str, mentions: list[tuple[str, int, int]], offering: bool = False) -> list[bool]:
    """Whether each (token, start, end) mention is denied. A mention listed right after a
    denied one is denied with it: "not able to bill plans such as BCBS, Aetna or Cigna"."""
    found: list[bool] = []
    for n, (_, start, end) in enumerate(mentions):
        denial = negated(clause, start, end, offering)
        if not denial and n and found[-1] and _LIST_JOIN.match(clause[mentions[n - 1][2]:start]):
            denial = True
        found.append(denial)
    return found


def compared(clause: str, start: int) -> bool:
    """"Unlike Spravato, ..." names a treatment the clinic is contrasting, not offering."""
    return bool(COMPARISON.search(clause[:start].rstrip(" ,")))


def affirmed(vocabulary: str, clause: str) -> list[str]:
    """Tokens the clause names without denying or contrasting them, each once. An acronym in
    brackets is read past: "Intramuscular (IM) ketamine" is intramuscular ketamine. A token
    contrasted once stays contrasted in its clause: in "whereas esketamine, also called
    Spravato, ..." the brand names the same contrasted drug."""
    clause = _ACRONYM.sub("", clause)
    found: list[str] = []
    contrasted: set[str] = set()
    mentions = find_spans(vocabulary, clause)
    for (token, start, end), denial in zip(mentions, denials(clause, mentions,
                                                             vocabulary in OFFERINGS)):
        if compared(clause, start) or (vocabulary == "treatments" and _CONTRASTED.search(
                clause[:start].rstrip(" ,"))):
            contrasted.add(token)
        if token not in found and token not in contrasted and not denial and not (
                vocabulary == "conditions" and _other_care(clause, start, end)) and not (
                vocabulary == "treatments" and _TRIED_BEFORE.search(clause, max(0, start - 80),
                                                                    start)):
            found.append(token)
            if vocabulary == "treatments" and _ASSISTED_AFTER.match(clause, end) \
                    and "ketamine_assisted_psychotherapy" not in found:
                # "Oral Ketamine Assisted Therapy": the route and the psychotherapy both.
                found.append("ketamine_assisted_psychotherapy")
    if vocabulary == "treatments" and found and "im_ketamine" not in found:
        # "The options I offer are Spravato, IM and IV infusion", "ketamine lozenges or
        # intramuscular injections": a bare route listed beside a named ketamine treatment is
        # that route of ketamine.
        bare = _BARE_IM.search(clause)
        if bare and not negated(clause, bare.start(), bare.end(), True) \
                and not compared(clause, bare.start()):
            found.append("im_ketamine")
    return found


_BARE_IM = re.compile(r"(?<![\w'’-])IM(?![\w'’-])|(?i:\bintramuscular(?:ly)?\b)")
_ASSISTED_AFTER = re.compile(r"[- ]assisted (?:psycho)?therap", re.IGNORECASE)
# "Patients who find IV ketamine stressful, or who get side effects from oral ketamine": care
# named as what patients went through, not as what this clinic gives.
_TRIED_BEFORE = re.compile(
    r"\bwho\s+(?:\w+\s+){0,2}?(?:find|found|tried|had|experienced|failed|did not respond to"
    r"|didn['’]t respond to|could not tolerate|couldn['’]t tolerate)\s+(?:\w+\s+){0,2}$"
    r"|\bside[- ]effects? (?:from|of)\s+$", re.IGNORECASE)


def _other_care(clause: str, start: int, end: int) -> bool:
    """"weighing different depression treatments", "Center for Advanced Depression
    Treatments": an illness naming other care, not one the clinic treats; "respiratory
    depression" is a drug's effect on breathing, no illness at all."""
    if _NOT_AN_ILLNESS.search(clause, max(0, start - 40), start):
        return True
    return bool(_CARE_AFTER.match(clause, end) and _KINDS_BEFORE.search(clause, 0, start))


_NOT_AN_ILLNESS = re.compile(r"\b(?:respiratory|breathing|cns|central nervous system)\s+$",
                            re.IGNORECASE)
_CARE_AFTER = re.compile(r"\s+(?:treatments|medications|therapies|options|drugs)\b",
                         re.IGNORECASE)
_KINDS_BEFORE = re.compile(r"\b(?:different|other|traditional|standard|conventional|advanced"
                           r"|various|typical|usual|older|many)\s+$", re.IGNORECASE)


def denied(vocabulary: str, clause: str) -> list[str]:
    """Tokens the clause names only to deny them."""
    mentions = find_spans(vocabulary, clause)
    return [token for (token, _, _), denial in zip(mentions, denials(
        clause, mentions, vocabulary in OFFERINGS)) if denial]
