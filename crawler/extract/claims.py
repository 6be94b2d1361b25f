"""Whether a statement claims care this clinic gives, or only discusses it.

A clinic's page talks about far more than it offers: what studies show, how ketamine can be
given, what an illness does, what the clinic did years ago, where it sends patients. Only a
statement in the clinic's own voice, a listed service, or a plain description of its care claims
a treatment or a condition; a report, a supposition, a side effect or a crisis notice claims
nothing. On a ketamine page "every infusion is given in our office" claims IV ketamine without
naming the drug again.
"""
from __future__ import annotations

import re
from dataclasses import replace

from clinics.vocab import find_spans
from crawler.extract.statements import DISCLAIMER, Statement, affirmed, compared, is_negative

# What an article says of ketamine or of an illness in general ("studies show ketamine helps
# PTSD", "ketamine has been used for CRPS") claims nothing about this clinic.
_REPORTED = re.compile(
    r"\bstud(?:y|ies|ied|ying)\b|\bresearch\w*|\bevidence\b|\btrials?\b|\bdata\b|\bshown\b"
    r"|\bfound (?:that|it)\b|\bfindings\b|\bliterature\b|\bstatistic\w*|\bscientists?\b"
    r"|\bpublished\b|\bjournal\b|\bfda\b|\boff[- ]label\b|\bhas been used\b|\bis (?:being )?used\b"
    r"|\bare (?:being )?used\b|\bbelieved\b|\bresponse rates?\b|\b\d+\s?%|\bpercent\b"
    r"|\brefers to\b|\bis defined\b|\bcan lead to\b|\bsymptoms? of\b|\bin the (?:\d+|19|20)"
    r"|\bproven\b|\bhas been found\b|\bfound (?:to|effective)\b|\bthought to\b"
    r"|\bfound (?:[\w-]+ ){1,3}to be\b"
    r"|\baccording to\b|\bexperts?\b|\bmeta-?analys\w*|\bpreliminary\b|\bnih\b"
    r"|\bnoticed\b|\bobserved\b|\bseemed to\b|\bdescribed as\b|\bdefined as\b"
    r"|\bapproved (?:uses?|indications?|for)\b"
    r"|\bbeing (?:explored|investigated|studied|tested|researched)\b"
    r"|\bpromising\b|\bhold(?:s)? (?:\w+ )?(?:much |great |as much )?promise\b",
    re.IGNORECASE)
# The drug's past: "used in anesthesia since 1970", "the biggest advance in decades". In the
# clinic's own voice ("we have treated PTSD since 2017") it is the clinic's record instead.
_SINCE_WHEN = (r"\bsince (?:19|20)\d\d\b|\bin (?:19|20)\d\d\b"
               r"|\bdat(?:es|ed|ing) (?:back )?to\b"
               r"|\bfor (?:over |more than )?(?:\d+|decades|years)\b|\bhas upended\b"
               r"|\bin (?:decades|generations)\b")
# Neither care nor an offer of it: reading matter ("included for education only", "an
# educational overview of PTSD", "learn more about ketamine for anxiety") and what a reader is
# weighing ("if you are considering IV ketamine").
_NO_OFFER = re.compile(r"\b(?:educational|informational)\b|\boverview of\b"
                       r"|\b(?:learn|read|find out) more about\b"
                       r"|\bfor (?:education|information)(?:al purposes)? only\b"
                       r"|\byou(?:['’]re| are)? (?:\w+ )?(?:weighing|considering|thinking about"
                       r"|exploring|researching|curious about)\b",
                       re.IGNORECASE)
# Where an illness is named for another reason than care for it: a side effect or what a
# patient may feel during a session, a crisis notice, a patient's history, the questionnaire
# that measures it.
_NOT_CARE_AT_ALL = (
    r"\bside[- ]effects?\b|\bcan make you\b|\bmay cause\b|\bcrisis\b|\b988\b|\b911\b|\bhotline\b"
    r"|\blifeline\b|\bemergency room\b|\banesthetic\b|\banesthesia\b"
    r"|\bhistory\b|\brisk\b|\bcontraindicat\w*|\badvised against\b|\bnot (?:a )?(?:good )?candidates?\b"
    r"|\bduring (?:the|an|your|each|a|their) (?:infusion|treatment|session|procedure|dose)s?\b"
    r"|\bnausea\b|\bdizz\w+|\bblood pressure\b|\bheart rate\b"
    r"|\bchecklist\b|\bquestionnaire\b|\binventory\b|\brating scale\b|\bphq-?9\b|\bgad-?7\b"
    r"|\bpcl-?5\b|\bmadrs\b|\b(?:already|have|has|had|you['’]ve)\s+(?:\w+\s+)?tried\b")
_NOT_CARE = re.compile(f"{_NOT_CARE_AT_ALL}|{_SINCE_WHEN}", re.IGNORECASE)
_NEVER_CARE = re.compile(_NOT_CARE_AT_ALL, re.IGNORECASE)
# The clinic speaking of itself: "we treat", "our clinic offers", "the center provides".
# "us", not the "US" of "in the US, clinics ...".
_OWN_VOICE = re.compile(r"\b(?:we|we['’](?:re|ve|ll)|our|ours|(?-i:us|Us))\b", re.IGNORECASE)
_PRACTICE_OFFERS = re.compile(
    r"\b(?:clinic|center|centre|practice|institute|office|team|staff|providers?|physicians?"
    r"|doctors?|specialists?)\b[^.]{0,80}?\b(?:offer\w*|provid\w*|specializ\w*|administer\w*"
    r"|treat(?:s|ing)?|help(?:s|ing)?|perform\w*|deliver\w*|uses? (?:it|ketamine))\b",
    re.IGNORECASE)
# Words that make a practice any practice: "many clinics", "most providers", "such doctors".
_SOME_OF_MANY = ("many|most|some|other|few|all|any|every|each|these|those|certain|several|such"
                 "|typical")
# "Many clinics offer", "a good provider administers", "some doctors use ketamine": practice in
# general, not this clinic's.
_ANY_PRACTICE = re.compile(
    rf"(?:\b(?:{_SOME_OF_MANY}|good|reputable|your)|(?<!\bis )(?<!\bare )(?<!\bas )\ban?)"
    r"\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE)
_OWN_PLURAL = re.compile(r"\b(?:our|the)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


# Practice in general: "most ketamine clinics", "many providers", "look for a clinic that ...".
_OTHERS_PRACTICE = re.compile(
    rf"\b(?:{_SOME_OF_MANY}|numerous)\s+(?:[\w-]+\s+){{0,2}}?(?:clinics?|(?<!insurance )providers?"
    r"|practices"
    r"|centers|centres"
    r"|doctors?|physicians?|psychiatrists?|practitioners?|prescribers?)\b"
    r"|\b(?:ketamine|infusion|spravato|esketamine|sgb|psychiatric) (?:clinics|providers|centers"
    r"|centres|practices)\b"
    r"|\bat an? (?:[\w-]+\s+){0,2}?(?:clinic|center|centre|practice|provider['’]s office)\b"
    r"|^(?:when |before )?(?:you )?(?:look(?:ing)? for|ask(?:ing)? (?:whether|if|about)"
    r"|choos(?:e|ing)|seek(?:ing)? out|check(?:ing)? (?:whether|if)|make sure)\b",
    re.IGNORECASE)


def speaks_of_others(clause: str) -> bool:
    """Whether a clause speaks of clinics in general, not in this clinic's voice: "most
    ketamine clinics do not take insurance", "look for a provider who offers SGB"."""
    return bool(_OTHERS_PRACTICE.search(clause)) and not _OWN_VOICE.search(clause)


# "Harbor Light Ketamine offers ...", "Dr. Mulvaney has been performing SGB for PTSD": a sentence
# opening with a practice's or its clinician's proper name and what they give.
_NAMED_SUBJECT = re.compile(
    r"^(?:(?:since|for|in|today|now)\b[^,]{0,30},\s+)?(?P<name>(?-i:[A-Z][\w&'’.-]*)(?:\s+(?:&|of|and|(?-i:[A-Z][\w&'’.-]*))){1,5})\s+"
    r"(?:offers|provides|treats|gives|administers|performs|specializes in"
    r"|(?:has|have) (?:offered|provided|treated|performed)"
    r"|(?:has|have) been (?:both |also )?(?:performing|doing|offering|providing|treating|giving))\b",
    re.IGNORECASE)
# Words that name the care itself and make no practice's name alone ("IV Ketamine Therapy
# provides ...").
_CARE_NAME_WORDS = frozenset((
    "ketamine", "esketamine", "spravato", "sgb", "iv", "im", "stellate", "ganglion", "block",
    "blocks", "infusion", "infusions", "therapy", "treatment", "low-dose", "low", "dose", "oral",
    "intravenous", "intramuscular", "nasal", "spray", "&", "of", "and", "the", "this", "each",
    "every", "research", "science"))
# Names of payers, makers, regulators and places of research and study, which offer no care
# a patient books.
_NO_PRACTICE = re.compile(r"\b(?:medicare|medicaid|tricare|fda|va|janssen|johnson|pharma\w*"
                          r"|insurance|insurers?|plans?|aetna|cigna|humana|anthem|blue cross"
                          r"|universit\w*|college|school|hospitals?|institutes? of health"
                          r"|yale|stanford|harvard|sinai|nih|nimh)\b", re.IGNORECASE)


# "At Tovani Health, the medication is sublingual ketamine": the practice setting the scene
# for what it does.
_AT_NAMED = re.compile(r"^At\s+(?P<name>(?:[A-Z][\w&'’.-]*\s+){0,4}[A-Z][\w&'’.-]*),\s")


def _named_practice_offers(sentence: str) -> bool:
    sentence = sentence.lstrip("\"'“‘ ")
    found = _NAMED_SUBJECT.match(sentence) or _AT_NAMED.match(sentence)
    return bool(found) and not _NO_PRACTICE.search(found.group("name")) and any(
        word.lower() not in _CARE_NAME_WORDS for word in found.group("name").split())


# "The fear center calms down": a part of the brain, not a care center.
_IN_THE_BRAIN = re.compile(r"\b(?:fear|reward|pleasure|emotion(?:al)?|brain['’]?s?|speech"
                           r"|memory|respiratory)\s+$", re.IGNORECASE)


def _practice_offers(sentence: str) -> bool:
    """"The clinic offers", "our physicians administer": this practice speaking of its care;
    a plural practitioner counts only as "our" or "the" ones."""
    for found in _PRACTICE_OFFERS.finditer(sentence):
        before = sentence[max(0, found.start() - 40):found.start()]
        if _ANY_PRACTICE.search(before) or _IN_THE_BRAIN.search(before):
            continue
        noun = found.group(0).split(None, 1)[0]
        if noun.lower().endswith("s") and noun.lower() not in ("staff",) \
                and not _OWN_PLURAL.search(before):
            continue
        return True
    return False


# A list that hangs from a denial ("Conditions we do not treat:", "Who is not a good candidate",
# "Services we no longer offer") names what the clinic does not do.
_DENYING_LEAD = re.compile(
    r"(?:\bnot|n['’]t|\bnever|\bno longer)\s+(?:\w+\s+){0,3}?(?:treat|offer|provide|perform"
    r"|administer|give|prescribe|candidate|appropriate|suitable|recommend|eligible|right|safe"
    r"|a (?:good )?fit)\w*|\bexclu\w+|\bwe (?:do not|don['’]t)\b", re.IGNORECASE)
# A section that sets treatments side by side ("Spravato vs. IV Ketamine", "What is the
# difference between IM and IV?"): its table rows and general sentences compare, they do not
# offer; only the clinic's own voice there says which it gives.
_COMPARING = re.compile(r"\bvs\.?(?!\w)|\bversus\b|\bcompar\w+|\bdifference between\b"
                        r"|\bdiffer(?:s|ent)? from\b|\bin contrast\b|\bcontrasts? with\b",
                        re.IGNORECASE)
# Care the clinic sends patients elsewhere for ("we can refer you to a provider of Spravato",
# "our sister clinic offers SGB").
_SENT_ELSEWHERE = re.compile(
    r"\brefer(?:s|red)? (?:you|patients|them|clients)(?: out)? to\b|\b(?:can|will|may) refer\b"
    r"|\breferrals? (?:out )?to (?:a|an|another|other|one of)\b|\bsister (?:clinic|practice|location"
    r"|company|center)|\belsewhere\b", re.IGNORECASE)
# "Spravato is an esketamine nasal spray", "Esketamine (Spravato) is a related drug": what a
# treatment is, said of the drug, not of this clinic's care.
_DEFINES = re.compile(r"^(?:[\w®™-]+\s+){1,3}(?:\([^)]{1,30}\)\s+)?(?:is|are)\s+(?:a|an|the)\s+"
                      r"(?:\w+\s+){0,3}?(?:drug|medications?|medicines?|nasal spray|molecule"
                      r"|compound|anesthetic|form|version|derivative|enantiomer)\b"
                      r"|^(?:[\w®™-]+\s+){1,4}(?:means|refers to)\s+(?:using|the use of|giving)\b",
                      re.IGNORECASE)
# A question about care for an illness ("Can ketamine help with PTSD?", "Does it work for
# anxiety?", "Is ketamine effective for depression?").
_ASKED_CARE = re.compile(r"\b(?:help\w*|work\w*|effective|treat\w*|used for|relie\w+)\b",
                         re.IGNORECASE)
# A question about the drug itself: "Is ketamine effective for depression?", "Can Spravato
# help with PTSD?", "Do infusions work for pain?".
_ASKED_OF_DRUG = re.compile(
    r"\s*(?:is|are|does|do|can|could|will|has|have)\s+(?:the\s+)?(?:iv\s+|low-dose\s+)?"
    r"(?:ketamine|esketamine|spravato®?|sgb|stellate ganglion blocks?|infusions?)\b",
    re.IGNORECASE)
# A list item of more words than this is a sentence, judged as one.
MAX_LABEL_WORDS = 8
_SUPPOSING = re.compile(r"^\s*(?:if|whether|when|whenever|unless)\b", re.IGNORECASE)
# The drug or the procedure by name, and the form it takes after its name ("ketamine infusion
# therapy", "SGB injections").
_DRUGS = (r"ketamine|esketamine|spravato®?|sgb|it|this|that"
          r"|(?:stellate ganglion|nerve|these|the|a) blocks?")
_FORMS = r"(?:\s+(?:infusions?|therapy|treatments?|injections?|nasal spray)){0,2}"
# The drug or the procedure as the subject of what care does in general.
_CARE_SUBJECT = (rf"(?:{_DRUGS}|they"
                 r"|(?:the|this) (?:treatment|therapy|procedure|medication|medicine|drug))"
                 + _FORMS)
# "Ketamine has upended how depression is treated", "Today it brings fast relief to ...", "IV
# ketamine therapy is an option for ...", "Infusions can bring relief from ...", "Spravato
# therapy, also called esketamine therapy, is ...": what the drug, the therapy or the procedure
# does in general, said of the care itself, not of this clinic's care. What insurance or a
# kind of coverage pays for ("behavioral health coverage opens the door to ...") is no care
# the clinic gives either.
_DRUG_SUBJECT = re.compile(
    r"^(?:[^,.;]{1,80},\s+)?(?:[\w,()-]+\s+){0,4}?"
    rf"(?:{_DRUGS}|its (?:purpose|aim|goal)|infusions?|the (?:treatment|procedure)"
    r"|(?:[\w-]+ )?(?:health )?coverage|insurance|insurers?|(?:health |insurance )?plans"
    r"|medicare|medicaid)"
    rf"{_FORMS}(?:\s+of\s+(?:[\w-]+\s+){{0,3}}?ketamine)?"
    r"(?:,\s+(?:also\s+)?(?:called|known as)\s+[^,.;]{1,40},)?,?\s+"
    r"(?:\([^)]{0,30}\)\s+)?(?:(?:\w+ly|also|still|even|often|further|now)\s+)?"
    r"(?:has|have|had|is|was|are|were|can|could|may|might|looks|seems|appears|brings|serves|works"
    r"|acts"
    r"|offers|provides|helps|helped|injected|given|used|became|remains|reduces|treats|does|did"
    r"|begins|lowers|eases|relieves|serve|treat|relieve|ease|means|includes|supports|aims"
    r"|involves|covers|pays|opens|gives|give|delivers|deliver|cover|pay|relies|rests|calms|resets"
    r"|promotes|blocks|targets|stimulates|increases|boosts|restores|rewires|interrupts|affects"
    r"|alters|changes|improves|triggers|encourages|enhances|binds|regulates|produces|creates"
    r"|shows|showed|shown)\b", re.IGNORECASE)
# What an illness is made of, what it does, the brain pathways and receptors behind it, or how
# ketamine is dosed for it in general.
_DESCRIBES = re.compile(
    r"\bpart of\b|\bmade up of\b|\b(?:disrupted|caused|characteri[sz]ed|marked) by\b"
    r"|\b(?:smaller|lower|higher) doses?\b|\bprotocols?\b"
    r"|\bpathways? (?:behind|of|that|underlying)\b|\bmechanisms? (?:behind|of)\b"
    r"|(?<!\bwe )(?<!\bi )\bused (?:for|to treat)\b"
    r"|\b(?:is|are)\s+(?:often\s+|much\s+|far\s+)?(?:harder|more difficult|difficult|hard|tough)"
    r"\s+to\s+treat\b"
    r"|(?:^|[,;]\s*)(?:many|most|some)\s+(?:patients|people|sufferers)\s+(?:still\s+)?(?:keep|continue"
    r"|do|don['’]t|have|find|feel|report|experience|struggle|suffer|live)\b"
    r"|\b(?:treatments?|options?|therapies|approaches|choices)\s+(?:for|to treat)\s+[^.;]{1,40}?"
    r"\s+(?:include|includes|range|ranges)\b|\btreatment options include\b"
    r"|\bnmda\b|\breceptors?\b|\bglutamate\b|\bneuroplastic\w*|\bsynap\w+|\bbdnf\b"
    r"|\bneurotransmitters?\b|\bfight[- ]or[- ]flight\b|\bsympathetic nervous system\b",
    re.IGNORECASE)
_BENEFIT = re.compile(r"\bbenefit\w*|\bcandidates?\b|\bhelp(?:ed|s)?\b|\bqualify\b", re.IGNORECASE)
# "Depression can lift within hours", "Patients with depression often notice a change": what
# an illness or its sufferers do in general.
_ILLNESS_SUBJECT = re.compile(
    r"^(?:(?:many|most|some)\s+)?(?:patients|people|those|individuals|anyone|someone)\s+"
    r"(?:with|who have|whose|suffering from|living with)\s", re.IGNORECASE)
# The verbs that make a sentence say what something is, can do or has done.
_DESCRIBING = re.compile(r"\b(?:is|are|was|were|be|been|can|could|may|might|will|would|has|have"
                         r"|had|does|do|did|often|usually|typically|generally|commonly|tends?)\b",
                         re.IGNORECASE)
# "Our treatment could make the difference": the clinic hoping, not saying what it treats;
# "Potential benefits", "You may be a good fit if you:": a hedge over a whole list.
_MAYBE = re.compile(r"\b(?:may|might|could|possibl[ey]|potential|perhaps|maybe)\b",
                    re.IGNORECASE)
# "Trained in ketamine-assisted psychotherapy": a qualification, unless the sentence offers.
_TRAINED_IN = re.compile(r"\b(?:training|trained|certification|certified|experience"
                         r"|experienced)\s+(?:in|with)\b", re.IGNORECASE)
_OFFERS = re.compile(r"\b(?:offer(?:s|ed|ing)?|provid(?:e|es|ed|ing)|administer(?:s|ed|ing)?"
                     r"|giv(?:e|es|ing)|perform(?:s|ed|ing)?)\b",
                     re.IGNORECASE)
# "Major depressive disorder, 35": the byline of a patient's story.
_BYLINE = re.compile(r"^[^,]{3,60},\s*\d{2}$")
# A sentence that prices care ("For depression, a treatment usually runs $600") speaks of this
# clinic's own.
_PRICED = re.compile(r"\$\s?\d")
# "May benefit", "could be helped": a hedge, which states nothing.
_HEDGED = re.compile(r"\b(?:may|might|could|can|possibly|potentially)\b", re.IGNORECASE)
# A sentence about an illness alone ("Obsessions bring on anxiety") names no care for it.
_CARE = re.compile(r"\bketamine\b|\bspravato\b|\besketamine\b|\binfusions?\b|\btreat\w*|\btherap\w*"
                   r"|\bblocks?\b|\bsgb\b|\brelie\w+", re.IGNORECASE)


# On a ketamine clinic's page "each infusion lasts 40 minutes" speaks of ketamine infusions.
_INFUSION = re.compile(
    r"(?<!subcutaneous )\binfusions?\b(?!\s+(?:center|centre|clinic|institute|lounge|suite|bar|spa"
    r"|wellness"
    r"|partners|group)s?\b)|\bintravenous(?:ly)?\b"
    r"|\bIV (?:line|drip|infusions?|access|treatments?|therapy|sessions?)\b"
    r"|\b(?:by|through|via) (?:an? )?IV\b", re.IGNORECASE)
_OTHER_INFUSED = re.compile(r"\bnad\+?|\bvitamins?\b|\bhydration\b|\bmyers\b|\blidocaine\b"
                            r"|\biron\b|\bsaline (?:drips?|infusions?)\b|\bantibiotics?\b"
                            r"|\bfluids? only\b|\bnutrient",
                            re.IGNORECASE)
_KETAMINE = re.compile(r"\bketamine\b", re.IGNORECASE)
# Care the clinic sends patients elsewhere for.
_REFERRED = re.compile(r"\brefer\w*|\bsuggest\b|\brecommend\b|\belsewhere\b"
                       r"|\bother (?:clinics?|providers?)|\bdiscuss\b|\bin-person clinic\b"
                       r"|\bpartner\w*", re.IGNORECASE)
# How ketamine can be given, listed route by route, describes the drug, not this clinic.
_ROUTE = re.compile(r"\bintravenous\w*|\bIV\b|\bintramuscular\w*|\bIM\b|\bsub-?lingual\w*"
                    r"|\boral\w*|\bintra-?nasal\w*|\bnasal\b|\bdermal\b|\btopical\w*|\brectal\w*"
                    r"|\blozenges?\b|\binto (?:a|the) vein\b|\bthrough the nose\b"
                    r"|\bunder the tongue\b")
_HOW_GIVEN = re.compile(r"\bcan be (?:given|administered|taken|delivered|used)\b|\bforms?\b"
                        r"|\b(?:is|are) (?:\w+\s+){0,2}?(?:given|administered|taken|delivered)\b"
                        r"|\broutes?\b|\bways\b|\bcomes in\b|\bhow (?:the )?ketamine is given\b",
                        re.IGNORECASE)
# Care the clinic gave once and gives no more.
_PAST_OFFER = re.compile(r"\b(?:early years|used to|formerly|previously|moved (?:away )?from"
                         r"|switched from|in the past|arrived|came out|was introduced)\b",
                         re.IGNORECASE)


def offers_in(statement: Statement, vocabulary: str) -> bool:
    """Whether a statement can say what this clinic offers or treats. A report of research
    ("studies show ketamine helps PTSD") can only in the clinic's own voice. The whole
    sentence is the context."""
    sentence = _context(statement)
    # The answer to "What conditions can you treat?" is the clinic speaking.
    own = statement.by_clinic or _speaks_for_itself(sentence) or bool(
        _ASKED_OF_CLINIC.search(_nearest(statement.topic)))
    if (_REPORTED.search(statement.text) or _NO_OFFER.search(sentence)
            or speaks_of_others(sentence)) and not own:
        return False
    if statement.listed and _DENYING_LEAD.search(_nearest(statement.topic)):
        return False
    if vocabulary == "treatments":
        if _COMPARING.search(statement.topic) and (statement.listed or not own):
            return False
        if _SENT_ELSEWHERE.search(sentence) or (not own and _DEFINES.match(statement.text)):
            return False
        if _TRAINED_IN.search(sentence) and not _OFFERS.search(sentence):
            # "Every clinician has completed training in ketamine-assisted psychotherapy":
            # what the staff learnt, not what the clinic gives.
            return False
        return not _past_or_general(statement.text, sentence, own)
    if vocabulary != "conditions" or statement.kind == "heading":
        return True
    if _BYLINE.match(sentence):
        # "Major depressive disorder, 35": a patient's story's byline, not care offered.
        return False
    if (_KINDS_OF.match(sentence) or _SIGNS.match(sentence)) and not own:
        # "Kinds of neuropathic pain syndromes:", "Signs of depression include:" define.
        return False
    if statement.listed and not _lead_offers(statement.topic):
        return False
    if statement.listed and _framed_as_general(statement.topic):
        # Under "What can ketamine treat?" a bare item is what the drug treats; a full sentence
        # ("The institute concentrates on people with ...") still speaks for itself.
        return len(sentence.split()) > MAX_LABEL_WORDS and _names_care(statement.text, sentence, own)
    if statement.listed:
        if len(sentence.split()) <= MAX_LABEL_WORDS:
            return True
        return not (_general(statement.text, sentence) or _describes(sentence, own))
    if sentence != (statement.quote or statement.text) and _ASKED_CARE.search(statement.text):
        # "Does it work for OCD?" / "Yes.": the answer asserts the care asked about; "Is
        # ketamine effective for depression?" / "Yes." asks of the drug, not of this clinic.
        return not _NOT_CARE.search(statement.text) and (
            own or not _ASKED_OF_DRUG.match(statement.text))
    if _completes_service_title(statement, sentence):
        return True
    if _describes(sentence, own) or (not own and _COMPARING.search(sentence)):
        # "This differs from IV ketamine for treating depression": a comparison of care.
        return False
    return _names_care(statement.text, sentence, own)


# "Ketamine Infusion Therapy" / "For depression, anxiety, PTSD and OCD.": a line that finishes
# the service title above it.
_FOR_FRAGMENT = re.compile(r"^for\s+[^.;:!?]{1,80}[.!]?$", re.IGNORECASE)
FRAGMENT_MAX_WORDS = 12


def _completes_service_title(statement: Statement, sentence: str) -> bool:
    heading = _nearest(statement.topic)
    return bool(_FOR_FRAGMENT.match(sentence)) and len(sentence.split()) <= FRAGMENT_MAX_WORDS \
        and not _DESCRIBING.search(sentence) and bool(find_spans("treatments", heading)) \
        and not _COMPARING.search(heading)


def _describes(sentence: str, own: bool) -> bool:
    """"Ketamine can help people with PTSD", "Spravato and ketamine are newer options for TRD",
    "CRPS may call for more infusions": an impersonal sentence that says what something is,
    can do or has done describes; only the clinic's own voice, its lists, its headings, a plain
    line of its services ("IV ketamine for depression and PTSD") or a sentence that prices its
    care claim an illness it treats."""
    return not own and bool(_DESCRIBING.search(sentence)) and not _PRICED.search(sentence)


def in_own_voice(statement: Statement) -> bool:
    """Whether the clinic speaks of itself ("we offer", "our providers give", "the clinic
    treats"), the only way an article on its site says what it gives."""
    return statement.by_clinic or _speaks_for_itself(_context(statement))


def offered_in_post(statement: Statement) -> bool:
    """In the body of a post on the clinic's site only the clinic saying that it gives care
    speaks for it ("IV infusion therapy, the treatment we offer"); "most of us know that
    ketamine can treat PTSD" is the post's talk to its readers."""
    sentence = _context(statement)
    named = statement.by_clinic or _named_practice_offers(sentence)
    return (named or (in_own_voice(statement) and bool(_OFFERS.search(sentence)))) \
        and not _MAYBE.search(sentence)


def named_as_subject(said: list[Statement], name: str | None) -> list[Statement]:
    """The statements whose sentence opens with the clinic's name ("Edelica has offered ...",
    "Altasano sees ketamine as ..."), marked as the clinic speaking of itself. The name's
    first word stands for it when that word is no common one ("Altasano" for "Altasano
    Integrative Psychiatry")."""
    starts = _name_starts(name)
    if not starts:
        return said
    return [replace(s, by_clinic=True) if _opens_with(s.quote or s.text, starts) else s
            for s in said]


def _name_starts(name: str | None) -> tuple[str, ...]:
    if not name:
        return ()
    words = name.split()
    first = words[0].strip(",.:;").lower()
    if len(words) > 1 and (len(first) < 5 or first in _COMMON_NAME_WORDS):
        return (name.lower(),)
    return (name.lower(), first)


def _opens_with(sentence: str, starts: tuple[str, ...]) -> bool:
    head = sentence.lstrip("\"'“‘ ").lower()
    return any(head.startswith(start) and head[len(start):len(start) + 1] in (" ", "'", "’")
               for start in starts)


# First words of clinic names that say nothing alone: "Ketamine Wellness Center" is not
# "Ketamine ...", the drug.
_COMMON_NAME_WORDS = frozenset((
    "ketamine", "the", "center", "centre", "clinic", "institute", "advanced", "integrative",
    "psychiatry", "psychiatric", "mental", "behavioral", "health", "wellness", "infusion",
    "infusions", "pain", "spravato", "stellate", "mind", "modern", "new", "national", "american",
    "family", "total", "premier", "comprehensive", "innovative", "restore", "revive", "renew",
    "bright", "serenity", "harmony", "balance", "hope", "healing", "medical", "south", "north",
    "east", "west", "central", "greater", "valley", "coastal", "mountain", "river", "pacific",
    "atlantic"))


# "... can feel like a lot, and we understand that": the clinic's sympathy, not its care.
_SYMPATHY = re.compile(r"\bwe (?:understand|know|get it|hear you|realize|recognize)\b(?: that\b)?"
                       r"(?=\s*(?:[.!,;]|$))|,?\s*and we (?:understand|know|get it)\b[^.;]*$",
                       re.IGNORECASE)


# "KAP is offered, with a prescribing physician, for individuals with depression": the care
# this page offers, said in the passive.
_OFFERED_HERE = re.compile(r"^(?:[\w®()-]+\s+){1,4}(?:is|are)\s+(?:now\s+|also\s+)?(?:offered"
                           r"|provided)\b", re.IGNORECASE)


# "Spravato is provided only through certified centers under a REMS program": the drug's rules.
_RULES_OF_USE = re.compile(r"\bonly\b|\bcertified\b|\brems\b|\bfda\b|\boff[- ]label\b",
                           re.IGNORECASE)


def _speaks_for_itself(sentence: str) -> bool:
    """"We offer", "the clinic provides", or a practitioner alone speaking of the practice
    ("in my practice", "in my work with ...", "I offer"); not the clinic's sympathy alone
    ("looking for help with depression is hard, and we understand that")."""
    sentence = _SYMPATHY.sub("", sentence)
    return bool(_OWN_VOICE.search(sentence) or _practice_offers(sentence)
                or (_OFFERED_HERE.search(sentence) and not speaks_of_others(sentence)
                    and not _RULES_OF_USE.search(sentence))
                or _OFFERED_BY_ONE.search(sentence) or _named_practice_offers(sentence))


def _nearest(topic: str) -> str:
    """The part of a statement's topic right above it: the list's lead, the question it answers
    or its own heading."""
    return topic.rsplit(" / ", 1)[-1]


def _context(statement: Statement) -> str:
    """The sentence a statement was read from; for an answered question ("Do you treat PTSD?"
    / "Yes."), the question with its answer, since the answer alone names nothing."""
    quote = statement.quote or statement.text
    if statement.text[:40].lower() in quote.lower():
        return quote
    return f"{statement.text}. {quote}"


# "Kinds of neuropathic pain syndromes:": a definition's list of what an illness takes in.
_KINDS_OF = re.compile(r"\b(?:kinds|types|forms|examples|categories)\s+of\b", re.IGNORECASE)
_SIGNS = re.compile(r"\b(?:signs?|symptoms?|warning signs?)\s+(?:of|include)\b", re.IGNORECASE)


def _lead_offers(topic: str) -> bool:
    """Whether the words a list hangs from ("Conditions we treat:", "Spravato can cause serious
    side effects, including:", "Other areas where ketamine has proven effective include:") let
    its items name illnesses this clinic cares for."""
    lead = _nearest(topic)
    if _NOT_CARE.search(lead) or _MAYBE.search(lead) or _SIGNS.search(lead) \
            or _KINDS_OF.search(lead):
        # "Potential benefits", "Possible conditions": a hedge over the whole list; "Signs of
        # depression include:": what the illness looks like.
        return False
    return not _REPORTED.search(lead) or bool(_OWN_VOICE.search(lead))


def _framed_as_general(topic: str) -> bool:
    """Whether a list's lead-in or the heading or question right above it speaks of what the
    drug or the procedure treats in general ("What can ketamine treat?", "The main uses of
    ketamine therapy are:"), and neither speaks for the clinic ("What do you treat?",
    "Conditions we treat")."""
    framing = topic.split(" / ")[-2:]
    return any(_GENERAL_LEAD.search(part) for part in framing) and not any(
        _OWN_VOICE.search(part) or _ASKED_OF_CLINIC.search(part) for part in framing)


# "What can ketamine treat?", "Which conditions can stellate ganglion blocks help?", "SGB is
# indicated for:", "Conditions that respond to ketamine", "Who can benefit from ketamine
# therapy?", "The main uses of ketamine therapy are:", "Ketamine infusions can be used for a
# number of painful conditions, such as:".
_GENERAL_LEAD = re.compile(
    rf"\b{_CARE_SUBJECT}\s+(?:(?:can|may|might|could|will|does|do|is|are|has been|have been)\s+)?"
    r"(?:be\s+)?(?:\w+ly\s+)?(?:treats?|helps?|benefits?|relieves?|eases?|address(?:es)?|indicated"
    r"|used (?:for|to|in)|(?:effective|useful|helpful|beneficial|successful) (?:in|at|for)"
    r"|works?(?: \w+)? (?:for|with|in)|(?:well|best) (?:for|with|in))\b"
    r"|\b(?:works?|does|do|responds?) (?:\w+ly )?(?:well|best) (?:for|with|in)\b"
    r"|\b(?:respond\w*|benefit\w*|uses|applications?)\s+(?:\w+\s+){0,2}?(?:to|from|of|for)\s+"
    rf"(?:\w+\s+){{0,2}}?{_CARE_SUBJECT}\b",
    re.IGNORECASE)
# A question put to the clinic: "What conditions do you treat?", "Can you help with OCD?".
_ASKED_OF_CLINIC = re.compile(r"\b(?:do|can|will) you (?:treat|offer|help|provide|see)\b",
                              re.IGNORECASE)


def _past_or_general(clause: str, sentence: str, own: bool) -> bool:
    """Care the clinic gave once, or the routes by which ketamine can be given."""
    routes = {match.group(0).lower()[:5] for match in _ROUTE.finditer(sentence)}
    return bool(_PAST_OFFER.search(clause)) or (
        not own and bool(_HOW_GIVEN.search(sentence)) and len(routes) >= 3)


def _names_care(clause: str, sentence: str, own: bool) -> bool:
    """Whether a sentence that names an illness speaks of caring for it: never a side effect,
    a crisis notice, the drug's history, what the drug does in general, or a supposition ("if
    you are weighing ketamine for PTSD, ...") outside the clinic's own voice."""
    if _NEVER_CARE.search(sentence) or DISCLAIMER.search(sentence):
        return False
    if own:
        # "Our Spravato treatment could be what makes the difference" hopes; it does not say
        # the clinic treats the illness.
        return not _MAYBE.search(sentence)
    if _general(clause, sentence):
        return False
    if _ILLNESS_SUBJECT.match(clause):
        # "Patients with CRPS benefit": who the care is for; "some patients with CRPS may also
        # be helped" hedges, and "people whose pain ..." only describes them.
        return bool(_BENEFIT.search(clause)) and not _HEDGED.search(clause)
    if _SUPPOSING.match(sentence):
        # "If you live with PTSD ..., ketamine therapy could be a good option": a hedge about
        # the drug, not the clinic saying it treats PTSD, which its own voice would.
        return False
    return bool(_CARE.search(sentence))


def _general(clause: str, sentence: str) -> bool:
    """What the drug or an illness does in general, how an illness is made or ketamine dosed.
    A clause after a semicolon carries on its sentence: "Ketamine therapy treats mood
    disorders; the most common are ..." is still the therapy in general."""
    return bool(_NOT_CARE.search(sentence) or _DRUG_SUBJECT.match(clause)
                or _DRUG_SUBJECT.match(sentence) or _illness_first(clause)
                or _DESCRIBES.search(sentence))


def _illness_first(clause: str) -> bool:
    """"Depression can lift right away": a clause whose subject is the illness itself; "In
    depression, these synapses grow weak": what happens in the illness."""
    spans = find_spans("conditions", clause[:60])
    if not spans:
        return False
    if _IN_THE_ILLNESS.match(clause[:spans[0][1]]):
        return True
    if spans[0][1] > 4 and not _ILLNESSES_SUCH_AS.match(clause[:spans[0][1]]):
        return False
    end = spans[0][2]
    for _, start, span_end in spans[1:]:
        # "Chronic pain conditions such as fibromyalgia and CRPS respond ...": the subject is
        # every illness its first names lead into.
        if not _JOINING_ILLNESSES.fullmatch(clause[end:start]):
            break
        end = span_end
    rest = clause[end:].split(None, 2)
    return bool(rest) and rest[0].lower() in _GENERAL_VERBS


_IN_THE_ILLNESS = re.compile(r"^(?:in|with|during)\s+(?:(?:severe|chronic|major|untreated)\s+)?$",
                             re.IGNORECASE)


_GENERAL_VERBS = frozenset(("can", "may", "might", "often", "is", "are", "affects", "affect",
                            "causes", "makes", "tends", "usually", "typically", "will", "respond",
                            "responds", "improve", "improves"))
_ILLNESSES_SUCH_AS = re.compile(r"^(?:[\w-]+\s+){0,2}(?:conditions|disorders|illnesses)\s+"
                               r"(?:such as|like|including)\s+$", re.IGNORECASE)
_JOINING_ILLNESSES = re.compile(r"[\s,]*(?:(?:conditions?|disorders?|syndromes?|such as|like"
                                r"|including|and|or|&)[\s,]+)*", re.IGNORECASE)


def implied_infusion(parts) -> Statement | None:
    """The first statement of a ketamine page that speaks of giving infusions without naming
    them as ketamine infusions ("how the infusion works", "every infusion is given in our
    office"), when nothing else on the page is infused."""
    said = [s if isinstance(s, Statement) else Statement(s) for s in parts]
    said = [s for s in said if s.kind not in ("link", "image")]
    if not any(_KETAMINE.search(s.text) for s in said) or any(
            _OTHER_INFUSED.search(s.text) for s in said):
        return None
    return next((s for s in said if _INFUSION.search(s.text) and offers_in(s, "treatments")
                 and s.kind in ("text", "item") and len(s.text.split()) >= 6
                 and not _compared_infusion(s.text) and not _names_iv(s.text)
                 and not _REFERRED.search(s.text) and not s.text.rstrip().endswith("?")
                 and not is_negative(s.text) and not _weighs_routes(s)), None)


def _weighs_routes(statement: Statement) -> bool:
    """"The routes with the most predictable dose are IV and IM": routes set side by side
    describe the drug, unless the clinic says which it gives ("the options I offer are IM and
    IV infusion")."""
    sentence = _context(statement)
    routes = {match.group(0).lower()[:5] for match in _ROUTE.finditer(sentence)}
    given = _OWN_VOICE.search(sentence) or _OFFERED_BY_ONE.search(sentence)
    return len(routes) >= 2 and not given


# A practitioner on a site of their own: "in my practice", "in my work with Journey Clinical",
# "I offer". A patient's "my depression" or "I was treated" is no such voice.
_OFFERED_BY_ONE = re.compile(r"\bI (?:offer|provide|give|administer|use|prescribe|perform)\b"
                             r"|\b(?i:in|at|to) my (?:own )?(?:practice|clinic|office)\b"
                             r"|\b(?i:in) my work with\b")


def _names_iv(text: str) -> bool:
    """A sentence that names IV ketamine outright has been judged on that name; what it
    implies cannot override the judgement ("sets it apart from IV ketamine infusions")."""
    return any(token == "iv_ketamine" for token, _, _ in find_spans("treatments", text))


def _compared_infusion(text: str) -> bool:
    """"Unlike IV infusions, Spravato is ...": an infusion named only to contrast it."""
    found = _INFUSION.search(text)
    return found is None or compared(text, found.start()) or bool(
        re.search(r"\bvs\.?\b|\bversus\b|\bthan\b|\binstead\b", text, re.IGNORECASE))


# "The only ketamine treatment we provide is Spravato", "we now only offer IM ketamine".
_EXCLUSIVE = re.compile(
    r"\b(?:the only|the sole)\b[^.;:]{0,40}?\bwe (?:now |currently )?(?:offer|provide|give"
    r"|administer|use)\b|\bwe (?:now |currently )?(?:only|exclusively|solely) (?:offer|provide"
    r"|give|administer|use)\b", re.IGNORECASE)


def sole_treatments(said: list[Statement]) -> list[str] | None:
    """The treatments the clinic says are the only ones it gives, or None when it says no
    such thing: other treatments its page names are then history or comparison."""
    for statement in said:
        if statement.kind in ("link", "image") or not _EXCLUSIVE.search(statement.text):
            continue
        if found := affirmed("treatments", statement.text):
            return found
    return None
