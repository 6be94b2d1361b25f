"""The clinic's name as a visitor reads it off a page without structured data.

A home page's h1 is often a slogan ("Find relief from depression") and a title is often "Page
- Site"; the site's own name is in og:site_name, the logo's alt text, the copyright line, or the
title segment that reads like a practice's name. Each is tried in that order; the logo goes
before the copyright line, which often names a legal entity ("... Medical Group, LLC") rather
than the practice patients know.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from clinics.geo import normalize_state
from clinics.vocab import find_spans
from crawler.extract.page import Page, clean

MAX_NAME_LENGTH = 80
_COPYRIGHT = re.compile(r"(?:(?:©|\(c\)|copyright)\s*)+(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?:[,|·•]\s*)?"
                        r"(?P<name>(?:\b(?:St|Mt|Ft|Dr)\.|[^.|·•])+?)\s*"
                        r"(?:,?\s*\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
                        r"(?:(?<!\bSt)(?<!\bMt)(?<!\bFt)(?<!\bDr)\.|\||·|•|all rights|$)",
                        re.IGNORECASE)
_TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s+::\s+|:\s+")
_PRACTICE = re.compile(
    r"\b(?:clinics?|centers?|centres?|wellness|health|institutes?|medical|psychiatry|associates"
    r"|therapy|therapeutics|ketamine|infusions?|llc|pllc|group|partners|practices?|care|minds?"
    r"|neuro\w*)\b",
    re.IGNORECASE)
_SMALL = {"of", "and", "the", "for", "at", "&"}
# Words any practice might have in its name; a name needs one besides these.
_GENERIC = {"spravato", "esketamine", "sgb", "stellate", "ganglion", "treatment", "treatments",
            "depression", "anxiety", "ptsd", "pain", "mental", "behavioral", "interventional",
            "integrative", "advanced", "best", "top", "local", "new", "patient", "patients"}
# "Ketamine Treatment Center of East Tennessee": a practice named for its place.
_PRACTICE_OF_PLACE = re.compile(r"\b(?i:clinics?|centers?|centre|institute|practice|wellness|health"
                                r"|associates|group)\s+(?:of|in|at)\s+[A-Z]")
_TOPIC_WORDS = {"ketamine", "assisted", "psychotherapy", "iv", "im", "infusion", "infusions",
                "therapy", "therapies", "nasal", "spray", "faq", "faqs", "cost", "costs", "pricing",
                "price", "prices", "insurance", "services", "service", "our", "team", "providers",
                "locations", "location", "in", "near", "me", "for", "with", "block", "blocks",
                "injections", "injection", "esketamine", "program", "options", "fees", "oral",
                "home", "sublingual", "intramuscular", "intravenous", "spravato®", "tms",
                "depression", "anxiety", "ptsd", "pain", "treatment", "treatments", "mental",
                "online", "virtual", "telehealth", "at-home"}
_PLACE_WORDS = set()
_LEGAL_FORM = re.compile(r",?\s+(?:p\.?l\.?l\.?c|l\.?l\.?c|l\.?l\.?p|inc|p\.?c|ltd|corp)\.?$",
                         re.IGNORECASE)
_LOGO_WORDS = re.compile(r"(?:(?<!\s)\s+)?\b(?:logo|home)\b\s*", re.IGNORECASE)
_LOGO_WORD = re.compile(r"\blogo\b", re.IGNORECASE)
# How an alt text describes the picture, in lower case before the brand: "white Atlas Ketamine
# logo on a transparent background". A capitalised "Black Bear Ketamine" is the brand itself.
_PICTURE_WORDS = re.compile(r"^(?:(?:white|black|dark|light|gr[ae]y|blue|green|gold|colou?r(?:ed)?"
                            r"|full-colou?r|transparent|main|primary|site|company|brand|official"
                            r"|header|footer|mobile|small|large|the|a|an)\s+)+")
_NOT_A_NAME = re.compile(r"^(?:home|welcome|about|contact|menu|all rights|how|what|why|when|where"
                         r"|who|which|is|are|can|does|do|should|your|top|best|guide|understanding"
                         r"|the benefits|benefits|conditions|services)\b", re.IGNORECASE)
# Page furniture, tracking tokens and notices that sit where a name might: "Skip to content",
# "fbpx", "PAYMENT & CANCELLATION POLICY", "If you are in crisis, call 988".
_FURNITURE = re.compile(
    r"\bskip to\b|\bfbpx\b|\bnavigation\b|\bcookies?\b|\bpolicy\b|\bfaqs?\b|\bcrisis\b"
    r"|\blifeline\b|\b988\b|\b911\b|\bemergency\b|\bprivacy\b|\bterms\b|\bblog\b|\bnot found\b"
    r"|\bfrequently asked\b|\bquestions\b|\bsearch\b|\bpage\b|^\W*$|https?:|www\.|\.com\b"
    r"|\bknowledge base\b",
    re.IGNORECASE)


_CALL_TO_ACTION = re.compile(
    r"^(?:start|get|find|learn|book|schedule|call|discover|explore|begin|take|meet|request"
    r"|contact|read|see|try|ask|join|feel|stop|choose)\b", re.IGNORECASE)
MAX_TITLE_NAME_WORDS = 6
# What a page is about, in a title of one part: "Ketamine for CRPS", "Fees & Policies", "Free
# Consultation", "KAP Process", "An Overview".
_PAGE_TOPIC = re.compile(
    r"\b(?:for|fees?|polic(?:y|ies)|consultations?|overview|process|coverage|insurance|pricing"
    r"|costs?|week|month|news|celebrating)\b|^(?:an?|our)\s", re.IGNORECASE)


def _ok(name: str | None) -> str | None:
    name = clean(name).strip(" -|,")
    if name and len(name) <= MAX_NAME_LENGTH and not _NOT_A_NAME.match(name) \
            and not _FURNITURE.search(name) and re.search(r"[A-Za-z]{2}", name):
        return name
    return None


def without_legal_form(name: str | None) -> str | None:
    """"Front Range Ketamine, LLC" as patients know it: "Front Range Ketamine"."""
    return _LEGAL_FORM.sub("", name) if name else name


def _copyright(page: Page) -> str | None:
    """The holder a copyright line names, without its legal form ("Solace Wellness PLLC" is
    known to patients as "Solace Wellness")."""
    for line in reversed(page.lines):
        if match := _COPYRIGHT.search(line.text):
            if name := _ok(without_legal_form(match.group("name"))):
                return name
    return None


def _logo(page: Page) -> str | None:
    """The alt text of the site's logo: an image marked as the logo (by its class, its file name
    or its link to the home page) says the brand as it is; any other header image only when its
    alt text calls itself a logo."""
    if page.root is None:
        return None
    marked = page.root.xpath("//img[contains(@class,'logo')]/@alt"
                             " | //*[contains(@class,'logo')]//img/@alt"
                             " | //header//a[@href='/']//img/@alt"
                             " | //header//img[contains(@src,'logo')]/@alt")
    for alt in marked:
        if name := _ok(_logo_text(alt)):
            return name
    for alt in page.root.xpath("//header//img/@alt"):
        if _LOGO_WORDS.search(alt) and (name := _ok(_logo_text(alt))):
            return name
    return None


def _logo_text(alt: str) -> str:
    """The brand an alt text names: the words before "logo" without those that describe the
    picture ("white Atlas Ketamine logo on a transparent background"), or the words after it
    ("Logo of Atlas Ketamine")."""
    found = _LOGO_WORD.search(alt)
    if found:
        before = _PICTURE_WORDS.sub("", alt[:found.start()].strip(" -–|:,"))
        alt = before or re.sub(r"^[\s\-–|:,]*(?:(?:of|for)\s+)?", "", alt[found.end():])
    return _PICTURE_WORDS.sub("", _LOGO_WORDS.sub(" ", alt).strip())


def _name_score(segment: str) -> int:
    """How much a title segment reads like a practice's name: ends in a word like "Clinic"
    and is written in title case ("Ketamine care in Towson" is a description)."""
    words = [w for w in re.findall(r"[A-Za-z][\w'&.-]*", segment) if w.lower() not in _SMALL]
    ends_as_practice = bool(words and _PRACTICE.fullmatch(words[-1])) or bool(
        _PRACTICE_OF_PLACE.search(segment))
    title_case = bool(words) and all(w[0].isupper() for w in words)
    return 2 * ends_as_practice + title_case if _PRACTICE.search(segment) else 0


def _only_generic(segment: str) -> bool:
    """"Ketamine Assisted Therapy", "Spravato Treatment in Dallas": a page's topic, made of
    words any practice might use, not a practice's own name."""
    for _, start, end in reversed(find_spans("conditions", segment)):
        # "Fibromyalgia | Ketamine Therapy": an illness's name is a topic too.
        segment = segment[:start] + " " + segment[end:]
    words = [w for w in re.findall(r"[A-Za-z][\w'&.-]*", segment) if w.lower() not in _SMALL]
    return all(_PRACTICE.fullmatch(w) or w.lower() in _GENERIC or w.lower() in _TOPIC_WORDS
               or w[0].isupper() and w.lower() in _PLACE_WORDS for w in words)


def _title(page: Page) -> str | None:
    """The title segment that reads like a practice's name; when all but one segment are a
    page's topic, the one left is the site's name ("Ketamine Assisted Therapy | Altasano")."""
    segments = [s.strip() for s in _TITLE_SPLIT.split(page.meta.get("title") or "") if s.strip()]
    if len(segments) < 2:
        return None
    named = [s for s in segments if not _only_generic(s) and _ok(s)]
    best = max(reversed(named), key=_name_score, default=None)
    if best and _name_score(best) >= 2:
        return _ok(best)
    if len(named) == 1 and len(named[0].split()) <= 4 and named[0][0].isupper() \
            and not _is_place(named[0]):
        return _ok(named[0])
    return None


def _fuller_in_title(name: str, page: Page) -> str:
    """The title's longer form of a short brand ("Head Well" as "Head Well Integrative
    Psychiatry & Wellness"): a segment that starts with the brand and ends as a practice's name."""
    segments = _TITLE_SPLIT.split(page.meta.get("title") or "")
    for segment in (segment.strip() for segment in segments):
        if len(segment) > len(name) and segment.lower().startswith(name.lower() + " ") \
                and _name_score(segment) >= 2 and (fuller := _ok(segment)):
            return fuller
    return name


def _topic_title(title: str) -> bool:
    """A page's topic: it names a treatment or a condition ("KAP", "Ketamine Assisted
    Psychotherapy (KAP)") or what a page is about, unless it also reads like a practice's name
    ("Juniper Center for Wellness")."""
    names_care = any(find_spans(vocabulary, title) for vocabulary in ("treatments", "conditions"))
    return (names_care or bool(_PAGE_TOPIC.search(title))) and _name_score(title) < 2


def _is_place(segment: str) -> bool:
    """"Portland, Oregon": where the page's topic is offered, not who offers it."""
    city, _, state = segment.rpartition(",")
    return bool(city.strip()) and normalize_state(state.strip()) is not None


def page_name(page: Page, city: str | None = None) -> str | None:
    """The clinic's name as the page shows it, or None. ``city``: where the page says the clinic
    is; a chain's location page names the location by brand and city ("Evergreen Ketamine
    Denver"), a more exact name than the brand the rest of the site uses."""
    name = _stated_name(page)
    return located_name(name, page, city) or name


def located_name(brand: str | None, page: Page, city: str | None) -> str | None:
    """The page's h1 when it is the brand followed by the city ("Evergreen Ketamine Denver",
    "Evergreen Ketamine - Denver", "Evergreen Ketamine of Denver"), else None."""
    h1 = page.meta.get("h1")
    if not (brand and h1 and city) or not h1.lower().startswith(brand.lower()):
        return None
    rest = h1[len(brand):]
    if re.fullmatch(rf"\s*(?:[-–—|:,]\s*|(?:of|in|at)\s+)?{re.escape(city)}\s*", rest, re.I):
        return _ok(h1)
    return None


# How an article's title reads: "A First-Timer's Guide to ...", "5 Tips for ...", "How ...".
_ARTICLE_TITLE = re.compile(r"^(?:an?|our|how|what|why|when|\d+)\s|\bguide\b|\btips\b",
                            re.IGNORECASE)


def _profile_name(page: Page) -> str | None:
    """The h1 of a page about one practice on a site that is not the practice's own (a
    directory's profile, "Summit Peak Ketamine Clinic - ... | FindCalm"): the title leads with
    it, it reads like a practice's name and has a word of its own, not only generic ones."""
    h1, title = page.meta.get("h1") or "", page.meta.get("title") or ""
    if not h1 or not title.lower().startswith(h1.lower()) or h1 == title.strip() \
            or h1 == page.meta.get("og:site_name") \
            or _TITLE_SPLIT.search(h1) or page.article or _ARTICLE_TITLE.search(h1):
        # A heading in two parts ("Ketamine Clinics in Virginia: Find Yours") is a topic, and
        # an article's heading is its own title ("A First-Timer's Guide to Ketamine Therapy").
        return None
    words = re.findall(r"[A-Za-z][\w'&.-]*", h1)
    own = [w for w in words if w.lower() not in _SMALL and not _PRACTICE.fullmatch(w)
           and w.lower() not in _GENERIC]
    return _ok(h1) if own and _name_score(h1) >= 2 and not _only_generic(h1) else None


def listing_name(page: Page) -> str | None:
    """The name a directory's listing page gives the clinic it is about: its main heading, when
    the title leads with it. Only a page known to be one listing is read this way; on a
    clinic's own site the main heading is a topic."""
    h1, title = page.meta.get("h1") or "", page.meta.get("title") or ""
    if h1 and title.lower().startswith(h1.lower()) and not _only_generic(h1):
        return _ok(h1)
    return None


def _stated_name(page: Page) -> str | None:
    """The site's own name; a heading only when it is the whole title and reads like a
    practice's name. A heading names a page's topic far more often than the practice."""
    h1 = page.meta.get("h1")
    title = (page.meta.get("title") or "").strip()
    if name := _profile_name(page):
        return name
    if name := _ok(page.meta.get("og:site_name")):
        # The site's own statement of its name outweighs a heading that is also the title
        # ("Integrated Interventional Psychiatry" on Mynd Thera's page of that service).
        return _fuller_in_title(name, page)
    if h1 and h1 == title and _name_score(h1) >= 2 and not _only_generic(h1) \
            and len(h1.split()) <= MAX_TITLE_NAME_WORDS and (name := _ok(h1)):
        return name
    for reader in (_logo, _copyright, _title):
        if name := _ok(reader(page)):
            return _fuller_in_title(name, page)
    if name := _named_in_voice(page) or _named_as_site(page):
        return name
    if title and not _TITLE_SPLIT.search(title) and not _only_generic(title) \
            and len(title.split()) <= MAX_TITLE_NAME_WORDS and not _CALL_TO_ACTION.match(title) \
            and not _topic_title(title):
        # A title of one part is the site's own name unless it is a page's topic or a call
        # to action ("Start Ketamine Therapy in Three Easy Steps").
        return _ok(title)
    return None


# A run of capitalised words, with the small words names carry between them.
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’.&-]*(?:\s+(?:&|of|and|the|[A-Z][\w'’.&-]*)){0,7}")
# A site's name is its domain: a suffix of two or three letters after a hyphen is a place
# ("rejuvenate-az.com" is Rejuvenate).
_PLACE_SUFFIX = re.compile(r"-[a-z]{2,3}$")
MIN_DOMAIN_KEY = 6


def _host(url: str | None) -> str:
    return (urlsplit(url or "").hostname or "").lower()


def _domain_keys(url: str) -> set[str]:
    labels = _host(url).removeprefix("www.").split(".")
    if len(labels) < 2:
        return set()
    label = labels[-2]
    keys = {re.sub(r"[^a-z0-9]", "", form) for form in (label, _PLACE_SUFFIX.sub("", label))}
    return {key for key in keys if len(key) >= MIN_DOMAIN_KEY}


def _voiced_lines(page: Page) -> list[str]:
    """Lines the site writes itself, in any of its zones: not a quoted patient, not a list of
    the brand's other places."""
    return [line.text for line in page.lines if line.zone not in ("review", "elsewhere")]


def _named_as_site(page: Page) -> str | None:
    """Words on the page that spell the site's domain ("Pain Medicine Consultants" on
    painmedicineconsultants.com): the site's own name, wherever the page writes it. Words any
    practice might use ("Ketamine Clinics" on ketamineclinics.com) are a topic, or the start of
    a longer name."""
    keys = _domain_keys(page.url)
    if not keys:
        return None
    for text in _voiced_lines(page):
        for run in _CAPITALISED_RUN.finditer(text):
            if name := _spelling(run.group().split(), keys):
                return name
    return None


def _spelling(words: list[str], keys: set[str]) -> str | None:
    """The words of a run whose letters are one of the keys, or None."""
    letters = [re.sub(r"[^a-z0-9]", "", word.lower()) for word in words]
    for start in range(len(words)):
        joined = ""
        for end in range(start, len(words)):
            joined += letters[end]
            if joined in keys and letters[start]:
                name = " ".join(words[start:end + 1]).strip(".,")
                return None if _only_generic(name) else _ok(name)
            if len(joined) > max(map(len, keys)):
                break
    return None


# "Here at Juniper Ketamine Clinic, we ...", "We at Juniper Health ...", "At Juniper, our team".
_HERE_AT = re.compile(r"(?:\b[Hh]ere at|\b[Ww]e at|(?:^|[.!?]\s+)At)\s+(?P<name>[A-Z][\w'’&-]*"
                      r"(?:\s+(?:&|of|and|the|[A-Z][\w'’&-]*)){0,6})\s*(?:,|\s(?:we|our)\b)")


def _named_in_voice(page: Page) -> str | None:
    """The name the clinic calls itself by in its own voice ("Here at Juniper Ketamine Clinic,
    we ..."); a name of one word only when it is the site's domain ("At First, we ..." is no
    name)."""
    domain = _host(page.url)
    for text in _voiced_lines(page):
        for found in _HERE_AT.finditer(text):
            name = re.sub(r"(?:\s+(?:&|of|and|the))+$", "", found.group("name"))
            if " " not in name and name.lower() not in domain:
                continue
            if not _only_generic(name) and (name := _ok(name)):
                return name
    return None
