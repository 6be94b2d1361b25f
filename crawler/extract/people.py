"""Practitioners and their credentials: "Jane Roe, DNP, PMHNP-BC", a name card whose next line
is its title ("Medical Director, board-certified anesthesiologist"), a bio that says "board
certified in anesthesiology and pain medicine", and schema.org Person nodes; an NPI printed
under a name ("NPI: 1234567893") or given as a Person's ``identifier`` belongs to that person.

A credential the vocabulary does not know (DNP, MSN) is left out rather than mapped to a near
one; a person with no known credential is not listed, since a bare name says nothing a patient
can check (a chain's location page that names its clinicians is matched to the team page by the
spider, not here).
"""
from __future__ import annotations

import re

from clinics.records import npi_is_valid
from clinics.vocab import CREDENTIALS, canonical
from crawler.extract.page import Line

# Credential phrases of more than one word ("nurse practitioner"); single-word parts like "MD"
# are matched whole instead, so that the word "do" in a sentence is never read as the DO degree.
_PHRASES = tuple((alias, term.token) for term in CREDENTIALS for alias in term.aliases
                 if " " in alias and not alias.startswith("board"))
_PERSON_LINE = re.compile(r"^(?:(?:Dr|Doctor)\.?\s+)?(?P<name>[^,]{3,80}?)\s*,\s*(?P<rest>.+)$")
_NAME_WORD = re.compile(r"^(?:[^\W\d_]\.|[^\W\d_][^\W\d_'’.-]*(?:['’-][^\W\d_]+)*)$")
_HONORIFIC = re.compile(r"^(?:Dr|Doctor)\.?\s+", re.IGNORECASE)
_BOARD = re.compile(r"board[- ]certified\s+(?P<what>[^.;:()]{0,60})", re.IGNORECASE)
_SPECIALTIES = (("anesthesi", "board_certified_anesthesiology"),
                ("psychiatr", "board_certified_psychiatry"),
                ("pain", "board_certified_pain_medicine"))
_NOT_NAME_WORDS = frozenset((
    "medical", "director", "coordinator", "manager", "nurse", "therapist", "practitioner",
    "team", "our", "meet", "staff", "patient", "care", "services", "contact", "about", "office",
    "clinic", "center", "founder", "owner", "lead", "senior", "chief", "officer", "the", "and",
    "psychiatric", "clinical", "integration", "front", "desk", "billing", "reviews", "home",
    "board-certified", "certified", "psychiatrist", "anesthesiologist", "physician",
    "psychologist", "counselor", "anesthetist", "registered", "licensed"))
TITLE_LINE_WORDS = 12
# The credentials written after a name in running text, as clinics write them (upper case, or
# PhD / PsyD): "Erin Walsh, CRNA", "Dana Cole, LPC", "Thomas Reyes, DO".
_CREDENTIAL_FORMS = sorted(
    {alias.upper() for term in CREDENTIALS for alias in term.aliases if " " not in alias}
    | {"PhD", "Ph.D.", "PsyD", "Psy.D.", "DNP", "MSN", "APRN-BC"}, key=len, reverse=True)
_CREDENTIAL_RUN = "|".join(re.escape(form) for form in _CREDENTIAL_FORMS)
_INLINE_PERSON = re.compile(
    r"(?:\b(?:Dr|Doctor)\.?\s+)?(?P<name>(?:(?<![\w'’-])|(?<=(?<![\w'’-])['’-]))"
    r"[A-Z][\w'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+){1,2}),"
    rf"\s+(?P<credentials>(?:{_CREDENTIAL_RUN})(?:\s*,\s*(?:{_CREDENTIAL_RUN}))*)(?![\w-])")
_SUFFIX = re.compile(r"-(?:bc|c)$")
_ZIP_AFTER = re.compile(r"^\s*\d{5}\b")
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|near|serving|serves|visit|visiting|around|across)|\()\s*$",
                           re.IGNORECASE)
# "NPI: 1234567893", "NPI # 1234567893", "NPI number 1234567893", a table row "NPI | 1234567893".
_NPI = re.compile(r"\bNPI\b(?:\s*(?:#|no\.?|number))?\s*[:#|–-]?\s*(?P<npi>\d{10})(?!\d)",
                  re.IGNORECASE)
_SEPARATORS = re.compile(r"(?:(?<!\s)\s+)?[,|·•/()]\s*|(?<!\s)\s+[-–—]\s+")


def board_certifications(text: str) -> list[str]:
    """Board certifications a phrase names: "board-certified in anesthesiology and pain
    medicine" names two, "board-certified psychiatrist" one. A board-certified nurse ("Board
    Certified Psychiatric Mental Health Nurse Practitioner") holds a nursing credential, not a
    physician's board."""
    found: list[str] = []
    for match in _BOARD.finditer(text):
        for words in _CONJUNCT.split(match.group("what").lower()):
            if _NURSE.search(words):
                # "board-certified anesthesiologists and a psychiatric nurse practitioner":
                # the nurse holds no physician's board.
                continue
            found.extend(token for stem, token in _SPECIALTIES
                         if stem in words and token not in found)
    return found


_CONJUNCT = re.compile(r"\s+(?:and|&)\s+|,\s*")
_NURSE = re.compile(r"\bnurse\b")


def _credential(part: str) -> str | None:
    cleaned = part.strip(" ;:.").lower()
    for candidate in (cleaned, part.strip(" ;:").lower(), cleaned + ".", _SUFFIX.sub("", cleaned)):
        if token := canonical("credentials", candidate):
            return token
    return None


def _named_in(phrase: str) -> list[str]:
    """The credentials and board certifications a phrase writes out in words."""
    return _phrase_credentials(phrase.lower()) + board_certifications(phrase)


def _phrase_credentials(text: str) -> list[str]:
    """Credentials a phrase names; within a longer name only the longer counts ("certified
    registered nurse anesthetist" is a CRNA, not also a registered nurse)."""
    named = [(alias, token) for alias, token in _PHRASES if alias in text]
    return [token for alias, token in named
            if not any(alias != longer and alias in longer for longer, _ in named)]


def credentials_in(parts: list[str]) -> list[str]:
    """Credential tokens named by separate parts of a name line, in order, each once."""
    found: list[str] = []
    for part in parts:
        cleaned = part.strip(" ;:").lower()
        if " " in cleaned:
            tokens = _named_in(cleaned)
        else:
            token = _credential(cleaned)
            tokens = [token] if token else []
        found.extend(token for token in tokens if token not in found)
    return found


# "Our CRNAs", "our team of PAs": a credential the staff holds, written as an acronym.
_OUR_ACRONYM = re.compile(rf"\bour\s+(?:[\w-]+\s+){{0,3}}?(?P<form>{_CREDENTIAL_RUN})s?\b"
                          rf"|(?<![\w-])(?P<here>{_CREDENTIAL_RUN})s?\s+"
                          r"(?:here at|on staff at|at our)\b")
_BOARD_BEFORE_NAME = re.compile(
    r"\b(?i:board[- ]certified)\s+(?:[a-z-]+\s+){1,3}?(?:Dr\.?\s+)?[A-Z][\w'’-]+\s+[A-Z][\w'’-]+,"
    rf"\s+(?:{_CREDENTIAL_RUN})\b")
# "Dr. Maria Lopez is a board-certified anesthesiologist": the certification after the name.
_NAMED_THEN_CERTIFIED = re.compile(
    r"\b[A-Z][\w'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+){1,2},?\s+is\s+(?:a\s+|an\s+)?"
    r"(?:(?:double|dual|triple)[- ])?(?i:board[- ]certified)\b[^.;]{0,80}")
# "Marla Peterson is a Certified Registered Nurse Anesthetist": the credential is what the
# named clinician is, the last words before the sentence goes on.
_NAMED_AS = re.compile(
    r"\b[A-Z][\w'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+){1,2},?\s+is\s+(?:a|an)\s+"
    r"(?P<what>[^.;,()]{3,80})")
# "Board Certified Psychiatric Mental Health Nurse Practitioner located in St. Louis Park, MN":
# a practice's tagline, the credential of the clinician it is.
_TAGLINE = re.compile(r"^(?P<what>[A-Z][A-Za-z &-]{2,80}?)\s+(?:located|based)\s+in\s+[A-Z]")
# "Every treatment is given by experienced psychiatric nurse practitioners", "A board certified
# anesthesiologist will evaluate the patient": the clinicians who give this clinic's care, said
# as a plain fact (not "should be given by", which is advice on care in general).
_GIVEN_BY = re.compile(
    r"\b(?:is|are)\s+(?:\w+\s+)?(?:given|administered|performed|overseen|supervised|monitored"
    r"|delivered|provided|placed)\s+by\s+(?P<what>[^.;]{3,160})"
    r"|^(?:a|an|the)\s+(?P<agent>board[- ]certified\s+[a-z]+)\s+(?:will|evaluates|oversees"
    r"|monitors|administers|performs|gives)\b", re.IGNORECASE)
_IN_GENERAL = re.compile(r"\b(?:should|must|may|might|can|could|typically|usually|often|most"
                         r"|many|some|other|ideally|recommend\w*)\b", re.IGNORECASE)
_STAFF_ACRONYM = re.compile(rf"(?<![\w-])(?:{_CREDENTIAL_RUN})(?![\w-])")
_WHAT_ENDS = re.compile(r"\s+(?:who|with|and|at|in|for|from|whose|that|since)\s", re.IGNORECASE)
MAX_STAFF_SENTENCE = 2000
_OWN_STAFF = re.compile(r"\b(?:our|we|we['’]re|us|here at)\b", re.IGNORECASE)


def staff_credentials(text: str) -> list[str]:
    """Credentials a sentence in the clinic's own voice gives its staff without naming anyone
    ("our nurse practitioners and physician assistants", "our board-certified
    anesthesiologists", "our CRNAs"). A definition ("CRNA stands for ...") is not such a
    sentence."""
    if not _OWN_STAFF.search(text):
        return _certified_person(text)
    found = _named_in(text)
    found += [token for m in _OUR_ACRONYM.finditer(text)
              if (token := _credential(m.group("form") or m.group("here")))]
    return list(dict.fromkeys(found))


def _certified_person(text: str) -> list[str]:
    """"board-certified psychiatrist Richard Jackson, MD, offers ..." or "Dr. Lena Marsh is a
    board-certified anesthesiologist": a board certification written right before or after
    the clinician it belongs to; "Marla Peterson is a certified registered nurse anesthetist":
    the credential the named clinician holds."""
    found: list[str] = []
    if tagline := _TAGLINE.match(text):
        found.extend(_named_in(tagline.group("what")))
    if (given := _GIVEN_BY.search(text[:MAX_STAFF_SENTENCE])) and not _IN_GENERAL.search(text):
        what = given.group("what") or given.group("agent")
        found.extend(token for token in _named_in(what)
                     + [_credential(form) for form in _STAFF_ACRONYM.findall(what)]
                     if token and token not in found)
    for pattern in (_BOARD_BEFORE_NAME, _NAMED_THEN_CERTIFIED):
        for match in pattern.finditer(text[:MAX_STAFF_SENTENCE]):
            found.extend(token for token in board_certifications(match.group(0))
                         if token not in found)
    for match in _NAMED_AS.finditer(text[:MAX_STAFF_SENTENCE]):
        what = _WHAT_ENDS.split(match.group("what"), 1)[0].strip().lower()
        found.extend(token for alias, token in _PHRASES
                     if what.endswith(alias) and token in _phrase_credentials(what)
                     and token not in found)
    return found


def person(name: str, credentials: list[str], npi: str | None = None) -> dict:
    return {"name": _HONORIFIC.sub("", name).strip(), "credentials": credentials,
            "npi": npi, "license_state": None}


def npi_in(text: str) -> str | None:
    """An individual's NPI as a team page prints it ("NPI: 1234567893", "NPI # 1234567893");
    a number failing the check digit is a typo or not an NPI, and is left out."""
    match = _NPI.search(text or "")
    return match.group("npi") if match and npi_is_valid(match.group("npi")) else None


def looks_like_name(text: str) -> bool:
    """Two to four capitalised words or initials, none a job or page word ("Ana María Ortiz",
    "J. Doe", not "Medical Director")."""
    words = _HONORIFIC.sub("", text).split()
    return 2 <= len(words) <= 4 and all(
        _NAME_WORD.match(w) and w[0].isupper() and w.lower() not in _NOT_NAME_WORDS for w in words)


def is_place(before: str, rest: str) -> bool:
    """"Silver Spring, MD 20910" and "serving Bala Cynwyd, PA" name a town and its state (MD is
    Maryland, PA Pennsylvania), not a person and a credential: a ZIP code follows, or a word
    of place or an opening bracket ("Foxgate Bel Air (Bel Air, MD)") comes before. ``before`` / ``rest``: the text before the name and after its
    comma."""
    state, after = rest[:2], rest[2:]
    if state not in ("MD", "PA") or after[:1].isalnum() or after[:1] == "-":
        return False
    return bool(_ZIP_AFTER.match(after) or _PLACE_BEFORE.search(before[-40:]))


def _from_line(text: str, following: str | None) -> dict | None:
    match = _PERSON_LINE.match(text.rstrip(". "))
    if match and looks_like_name(match.group("name")) and not is_place("", match.group("rest")):
        credentials = credentials_in(_SEPARATORS.split(match.group("rest")))
        if credentials:
            return person(match.group("name"), credentials, npi_in(match.group("rest")))
    if (following is not None and looks_like_name(text) and not _names_someone(following)
            and len(following.split()) <= TITLE_LINE_WORDS):
        credentials = credentials_in(_SEPARATORS.split(following))
        if credentials:
            return person(text, credentials)
    return None


def names_a_clinician(text: str) -> bool:
    """A heading like "Renee Castillo, DNP, CRNA": a name with a credential."""
    return _from_line(text, None) is not None


def _names_someone(text: str) -> bool:
    match = _PERSON_LINE.match(text)
    return bool(match and looks_like_name(match.group("name"))) or looks_like_name(text)


def people_in_lines(lines: list) -> list[dict]:
    """Practitioners named on lines (plain strings or page Lines), with credentials from the
    line itself, the title line under a name, and the bio lines that follow."""
    texts = [line.text if isinstance(line, Line) else line for line in lines]
    found: list[dict] = []
    current = None
    for i, text in enumerate(texts):
        following = texts[i + 1] if i + 1 < len(texts) else None
        inline = _inline_people(text)
        for someone in inline:
            _add(found, someone)
        if (someone := _from_line(text, following)) is not None:
            current = _add(found, someone)
            continue
        if inline:
            current = None
            continue
        if isinstance(lines[i], Line) and lines[i].kind == "heading":
            current = None
        elif current is not None:
            current["credentials"] += [t for t in board_certifications(text)
                                       if t not in current["credentials"]]
            current["npi"] = current["npi"] or npi_in(text)
    return found


def _add(found: list[dict], someone: dict) -> dict:
    """The person as listed: new, or one already found with this person's credentials added."""
    known = next((p for p in found if p["name"] == someone["name"]), None)
    if known is None:
        found.append(someone)
        return someone
    known["credentials"] += [t for t in someone["credentials"] if t not in known["credentials"]]
    known["npi"] = known["npi"] or someone["npi"]
    return known


def _inline_people(text: str) -> list[dict]:
    """People a sentence names with their credentials ("led by Maya Ortiz, MD, a board-certified
    psychiatrist, with Erin Walsh, CRNA"); a board certification belongs to the person named
    before it."""
    matches = [m for m in _INLINE_PERSON.finditer(text) if looks_like_name(m.group("name"))
               and not is_place(text[:m.start()], text[m.start("credentials"):])]
    found = []
    for n, match in enumerate(matches):
        until = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        credentials = credentials_in(_SEPARATORS.split(match.group("credentials")))
        credentials += [t for t in board_certifications(text[match.end():until])
                        if t not in credentials]
        if credentials:
            found.append(person(match.group("name"), credentials))
    return found


def people_in_nodes(nodes: list) -> list[dict]:
    """schema.org Person nodes: name, honorificSuffix ("MD, PhD"), jobTitle / hasCredential."""
    found: list[dict] = []
    for node in nodes:
        if not isinstance(node, dict) or not isinstance(node.get("name"), str):
            continue
        parts = _SEPARATORS.split(str(node.get("honorificSuffix") or ""))
        for key in ("jobTitle", "description", "hasCredential", "hasOccupation"):
            value = node.get(key)
            for item in value if isinstance(value, list) else [value]:
                text = item.get("name") if isinstance(item, dict) else item
                parts.extend([text] if isinstance(text, str) else [])
        if node["name"].strip():
            found.append(person(node["name"], credentials_in(parts), _node_npi(node)))
    return found


def _node_npi(node: dict) -> str | None:
    """A Person node's NPI: an ``identifier`` that is one (a bare number, "NPI 1234567893", or a
    PropertyValue whose propertyID says NPI)."""
    values = node.get("identifier")
    for value in values if isinstance(values, list) else [values]:
        if isinstance(value, dict):
            named = "npi" in str(value.get("propertyID") or value.get("name") or "").lower()
            value = str(value.get("value") or "") if named else ""
        text = str(value or "").strip()
        if npi := (text if text.isdigit() and npi_is_valid(text) else npi_in(text)):
            return npi
    return None
