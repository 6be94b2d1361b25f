"""How the newer page styles say each fact: the phrasings a careful human reader still gets right.

The first sample web's two styles keep ``statements``; these sentences add what real sites do:
negations ("we are not in network with Cigna"), insurer aliases (Anthem, CareFirst, UHC),
"income-based sliding fees", financing through CareCredit, free consultations, session prices next
to package totals, deposits and evaluation fees, and credentials such as "DNP, PMHNP-BC".

Prices: a page states only the self-pay price of one session of the main treatment (truth's
first treatment), always with its unit ("per infusion", "per block"): a range "$400 to $550 per
infusion" is (price_min, price_max); "$450 per infusion" is both; "from $400 per infusion" is a
minimum with no maximum. Package totals ("a series of six for $2,400"), deposits and consultation
fees appear beside them and are never session prices.
"""
from __future__ import annotations

import random

from clinics.vocab import tokens
from sample_web.statements import (
    SAMPLE_INSURERS, SESSION_UNITS, TREATMENT_PHRASES, condition_phrase, join_words,
    tri_state_sentences,
)

INSURER_NAMES = {
    "aetna": ("Aetna",), "cigna": ("Cigna",),
    "bcbs": ("Anthem", "CareFirst", "most BCBS plans", "Blue Cross Blue Shield",
             "CareFirst BlueCross BlueShield", "Anthem Blue Cross"),
    "unitedhealthcare": ("UHC", "UnitedHealthcare", "United Healthcare"),
    "medicare": ("Medicare",), "medicaid": ("Medicaid",), "tricare": ("TRICARE",),
    "va": ("VA Community Care",), "humana": ("Humana",), "optum": ("Optum",),
    "kaiser": ("Kaiser Permanente",),
}
NOT_IN_NETWORK = ("We are not in network with {}.", "We do not accept {}.",
                  "We are out of network with {}.", "{} is not accepted.")

TRI_STATE = {
    "sliding_scale": (
        ("We offer income-based sliding fees.",
         "A sliding fee scale based on household income is available.",
         "Ask us about income-based sliding fees."),
        ("We do not offer a sliding scale.",
         "There is no sliding scale; our prices are the same for every patient.",
         "Sliding-scale fees are not available.")),
    "payment_plans": (
        ("Financing is available through CareCredit.", "Payment plans available.",
         "We accept CareCredit, and monthly payment plans are available.",
         "Spread the cost over several months with CareCredit financing."),
        ("We do not offer payment plans or financing.",
         "Payment is due in full at each visit; we do not offer financing or payment plans.")),
    "free_consultation": (
        ("Free consultation for new patients.", "The first 15-minute consultation is free.",
         "Book a free consultation to see whether treatment is right for you.",
         "Your first consultation is complimentary."),
        ("We do not offer free consultations.",
         "Consultations are not free: the initial evaluation is $150.")),
    "aftercare": (
        ("Integration and aftercare sessions are included with every series.",
         "We provide aftercare support between treatments."),
        ("We do not provide aftercare or integration support.",
         "Aftercare is not part of our program.")),
    "accepting_new_patients": (
        ("Now accepting new patients.", "We are accepting new patients; no referral is needed."),
        ("We are not accepting new patients at this time.",
         "Our schedule is full and we are not taking new patients; please join the waitlist.")),
    "telehealth": (
        ("Follow-up visits are available by telehealth.",
         "We offer telehealth check-ins between treatments."),
        ("We do not offer telehealth; every visit is in person.", "Telehealth is not available.")),
}
FAQ_QUESTIONS = {
    "sliding_scale": "Do you offer a sliding scale?",
    "payment_plans": "Can I pay over time?",
    "free_consultation": "Is the first consultation free?",
    "aftercare": "Do you offer aftercare?",
    "accepting_new_patients": "Are you accepting new patients?",
    "telehealth": "Can I see you by telehealth?",
}


def capital(text: str) -> str:
    return text[0].upper() + text[1:]


def services(record: dict, rng: random.Random) -> list[str]:
    offered = join_words([rng.choice(TREATMENT_PHRASES[t]) for t in record["treatments"]])
    sentences = [capital(rng.choice(("We offer {}.", "Our services include {}.",
                                     "Treatments: {}.")).format(offered))]
    conditions = join_words([condition_phrase(c) for c in record["conditions"]])
    sentences.append(rng.choice(("We treat {}.", "Conditions we help with: {}.",
                                 "Our patients come to us for {}.")).format(conditions))
    missing = [t for t in tokens("treatments") if t not in record["treatments"]]
    if missing and rng.random() < 0.4:
        phrase = rng.choice(TREATMENT_PHRASES[rng.choice(missing)])
        sentences.append(rng.choice((f"We do not offer {phrase}.",
                                     capital(f"{phrase} is not available here."))))
    return sentences


def insurance(record: dict, rng: random.Random) -> list[str]:
    """Nothing at all when truth says "unknown"."""
    said = record["insurance_accepted"]
    if said == "unknown":
        return []
    if said == "no":
        return [rng.choice((
            "We do not accept insurance.", "Insurance is not accepted.",
            "We are a self-pay practice and do not bill insurance; we can give you a superbill "
            "for out-of-network reimbursement.",
            "We don't take insurance of any kind, including Medicare and Medicaid."))]
    if not record["insurers"]:
        return [rng.choice(("We accept most major insurance plans; call to verify your benefits.",
                            "We bill insurance for eligible visits."))]
    names = join_words([rng.choice(INSURER_NAMES[i]) for i in record["insurers"]])
    sentences = [rng.choice(("We accept {}.", "We are in network with {}.",
                             "Insurance accepted: {}.", "We bill {} directly.")).format(names)]
    others = [i for i in SAMPLE_INSURERS if i not in record["insurers"]]
    for other in rng.sample(others, min(len(others), rng.choice((0, 1, 1, 2)))):
        sentences.append(rng.choice(NOT_IN_NETWORK).format(INSURER_NAMES[other][-1]))
    return sentences


def price(record: dict, rng: random.Random) -> list[str]:
    low, high = record["price_min_usd"], record["price_max_usd"]
    if low is None:
        return []
    main = record["treatments"][0]
    unit, phrase = SESSION_UNITS[main], capital(TREATMENT_PHRASES[main][0])
    if high is None:
        said = rng.choice((f"Prices for {TREATMENT_PHRASES[main][0]} start at ${low:,} per {unit}.",
                           f"From ${low:,} per {unit} (self-pay)."))
    elif high == low:
        said = rng.choice((f"{phrase}: ${low:,} per {unit}.", f"Each {unit} costs ${low:,}.",
                           f"${low:,} per {unit}; a series of six for ${low * 6 - 300:,}."))
    else:
        said = rng.choice((
            f"One {unit} costs ${low:,} to ${high:,}, depending on the dose and length of the "
            "visit.",
            f"{phrase}: ${low:,}-${high:,} per {unit}.",
            f"Self-pay price per {unit}: between ${low:,} and ${high:,}."))
    sentences = [said]
    if rng.random() < 0.35 and "series of six" not in said:
        sentences.append(rng.choice((f"A series of six {unit}s is ${low * 6 - 150:,}.",
                                     f"Package: six {unit}s for ${low * 6 - 200:,}.")))
    if rng.random() < 0.25:
        sentences.append("A $100 deposit holds your first appointment and is applied to your bill.")
    return sentences


def tri_state(record: dict, rng: random.Random, facts: tuple[str, ...]) -> list[str]:
    return tri_state_sentences(record, rng, facts, TRI_STATE)


def payment(record: dict, rng: random.Random) -> list[str]:
    return (insurance(record, rng) + price(record, rng)
            + tri_state(record, rng, ("sliding_scale", "payment_plans")))


def visit(record: dict, rng: random.Random) -> list[str]:
    return tri_state(record, rng, ("free_consultation", "accepting_new_patients", "telehealth",
                                   "aftercare"))


def faq(record: dict, rng: random.Random, facts: tuple[str, ...]) -> list[tuple[str, str]]:
    """(question, answer) pairs; each answer starts with Yes/No and then says it in full."""
    pairs = []
    for fact in facts:
        if record[fact] is not None:
            positive, negative = TRI_STATE[fact]
            answer = rng.choice(positive if record[fact] else negative)
            pairs.append((FAQ_QUESTIONS[fact], ("Yes. " if record[fact] else "No. ") + answer))
    return pairs
