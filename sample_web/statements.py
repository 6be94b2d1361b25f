"""Fact sentences: how the pages say each fact in plain English.

Each function returns plain text (escaping happens when a page is written). Phrasings vary per
clinic, and some sentences are deliberate traps for a careless reader: a treatment the clinic does
not offer, an insurer it is not in network with, a package or consultation price that is not the
price of one session. None of the traps changes the truth.
"""
from __future__ import annotations

import random

from clinics.vocab import label, tokens

TREATMENT_PHRASES = {
    "iv_ketamine": ("IV ketamine infusions", "ketamine infusions", "intravenous ketamine"),
    "im_ketamine": ("intramuscular ketamine", "IM ketamine injections"),
    "esketamine_spravato": ("Spravato (esketamine nasal spray)", "Spravato", "esketamine"),
    "oral_ketamine": ("sublingual ketamine troches", "oral ketamine"),
    "ketamine_assisted_psychotherapy": ("ketamine-assisted psychotherapy (KAP)",
                                        "ketamine-assisted psychotherapy"),
    "sgb": ("stellate ganglion block (SGB)", "stellate ganglion blocks"),
}
SESSION_UNITS = {
    "iv_ketamine": "infusion", "im_ketamine": "injection", "esketamine_spravato": "session",
    "oral_ketamine": "visit", "ketamine_assisted_psychotherapy": "session", "sgb": "block",
}
INSURER_PHRASES = {
    "aetna": ("Aetna",), "cigna": ("Cigna",),
    "bcbs": ("most Blue Cross plans", "CareFirst BlueCross BlueShield", "Anthem",
             "Blue Cross Blue Shield"),
    "unitedhealthcare": ("UnitedHealthcare", "UHC"), "medicare": ("Medicare",),
    "medicaid": ("Medicaid",), "tricare": ("TRICARE",), "va": ("VA Community Care",),
    "humana": ("Humana",), "optum": ("Optum",), "kaiser": ("Kaiser Permanente",),
}
# The insurers invented clinics take: the ones there are phrasings for, whatever the vocabulary
# grows to, so that a seed keeps making the same sample web.
SAMPLE_INSURERS = tuple(INSURER_PHRASES)
CREDENTIAL_DISPLAY = {
    "md": "MD", "do": "DO", "crna": "CRNA", "np": "FNP", "pmhnp": "PMHNP-BC", "pa": "PA-C",
    "rn": "RN", "phd": "PhD", "psyd": "PsyD", "lcsw": "LCSW", "lpc": "LPC", "lmft": "LMFT",
    "board_certified_anesthesiology": "board-certified anesthesiologist",
    "board_certified_psychiatry": "board-certified psychiatrist",
    "board_certified_pain_medicine": "board-certified in pain medicine",
}
DOCTOR_CREDENTIALS = {"md", "do", "phd", "psyd"}
TRI_STATE_SENTENCES = {
    "sliding_scale": (
        ("We offer a sliding scale based on household income.",
         "Sliding-scale fees are available for patients who qualify."),
        ("We do not offer a sliding scale.", "Sliding-scale pricing is not available.")),
    "payment_plans": (
        ("Payment plans are available.", "We offer monthly payment plans."),
        ("We do not offer payment plans.",
         "Payment plans are not available; payment is due at each visit.")),
    "free_consultation": (
        ("Your first 15-minute consultation is free.", "We offer a free phone consultation."),
        ("We do not offer free consultations.",
         "Consultations are not free; the consultation fee is $150.")),
    "aftercare": (
        ("Aftercare and integration support are included with every series.",
         "We provide aftercare between sessions."),
        ("We do not provide aftercare.", "Aftercare is not part of our program.")),
    "accepting_new_patients": (
        ("We are accepting new patients.", "New patients are welcome; no referral is needed."),
        ("We are not accepting new patients at this time.",
         "Our practice is closed to new patients for now.")),
    "telehealth": (
        ("Telehealth follow-up visits are available.",
         "We offer telehealth appointments for check-ins."),
        ("We do not offer telehealth; all visits are in person.",
         "Telehealth visits are not available.")),
}


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def condition_phrase(token: str) -> str:
    text = label("conditions", token)
    return text if text.isupper() else text[0].lower() + text[1:]


def service_sentences(record: dict, rng: random.Random) -> list[str]:
    offered = join_words([rng.choice(TREATMENT_PHRASES[t]) for t in record["treatments"]])
    template = rng.choice(("We offer {}.", "Our services include {}.", "Treatments available here: {}."))
    sentences = [_sentence(template.format(offered))]
    conditions = join_words([condition_phrase(c) for c in record["conditions"]])
    sentences.append(rng.choice(("We treat {}.", "Conditions we help with: {}.",
                                 "Patients come to us for {}.")).format(conditions))
    missing = [t for t in tokens("treatments") if t not in record["treatments"]]
    if missing and rng.random() < 0.35:
        phrase = rng.choice(TREATMENT_PHRASES[rng.choice(missing)])
        sentences.append(rng.choice((f"We do not offer {phrase}.",
                                     _sentence(f"{phrase} is not available at this clinic."))))
    return sentences


def insurance_sentences(record: dict, rng: random.Random) -> list[str]:
    """Nothing at all when the clinic does not say whether it takes insurance."""
    if record["insurance_accepted"] == "unknown":
        return []
    if record["insurance_accepted"] == "no":
        return [rng.choice((
            "We do not accept insurance.", "We are a self-pay practice and do not bill insurance.",
            "We are out of network with all insurance plans, and we can give you a superbill.",
            "We don't take insurance, including Medicare.",
        ))]
    if not record["insurers"]:
        return ["We accept most major insurance plans; call us to check your coverage."]
    names = join_words([rng.choice(INSURER_PHRASES[i]) for i in record["insurers"]])
    sentences = [rng.choice(("We accept {}.", "We are in network with {}.",
                             "We bill {} directly.", "Insurance accepted: {}.")).format(names)]
    others = [i for i in SAMPLE_INSURERS if i not in record["insurers"]]
    if rng.random() < 0.3:
        sentences.append(f"We are not in network with {INSURER_PHRASES[rng.choice(others)][0]}.")
    return sentences


def price_sentences(record: dict, rng: random.Random) -> list[str]:
    low, high = record["price_min_usd"], record["price_max_usd"]
    if low is None:
        return []
    main = record["treatments"][0]
    unit, phrase = SESSION_UNITS[main], _sentence(TREATMENT_PHRASES[main][0])
    if high is None:
        said = rng.choice((f"{phrase}: prices start at ${low:,} per {unit}.",
                           f"Prices start at ${low:,} per {unit}."))
    elif high == low:
        said = rng.choice((f"Each {unit} is ${low:,}.", f"Self-pay price: ${low:,} per {unit}."))
    else:
        said = rng.choice((f"A single {unit} costs ${low:,} to ${high:,}.",
                           f"Self-pay price: ${low:,}-${high:,} per {unit}.",
                           f"{phrase}: one {unit} ranges from ${low:,} to ${high:,}."))
    sentences = [said]
    if rng.random() < 0.3:
        sentences.append(f"A package of six {unit}s is ${low * 6 - 150:,}.")
    return sentences


def tri_state_sentences(record: dict, rng: random.Random, facts: tuple[str, ...],
                        phrases: dict | None = None) -> list[str]:
    """One sentence per stated fact (yes or no); a fact that is None is never mentioned."""
    table = TRI_STATE_SENTENCES if phrases is None else phrases
    sentences = []
    for fact in facts:
        if record[fact] is not None:
            positive, negative = table[fact]
            sentences.append(rng.choice(positive if record[fact] else negative))
    return sentences


def payment_sentences(record: dict, rng: random.Random) -> list[str]:
    return (insurance_sentences(record, rng) + price_sentences(record, rng)
            + tri_state_sentences(record, rng, ("sliding_scale", "payment_plans")))


def visit_sentences(record: dict, rng: random.Random) -> list[str]:
    return tri_state_sentences(record, rng, (
        "free_consultation", "accepting_new_patients", "telehealth", "aftercare"))


def person_line(person: dict) -> str:
    """'Dr. Jane Doe, MD, board-certified anesthesiologist'."""
    doctor = "Dr. " if DOCTOR_CREDENTIALS & set(person["credentials"]) else ""
    shown = [CREDENTIAL_DISPLAY[c] for c in person["credentials"]]
    return f"{doctor}{person['name']}, {', '.join(shown)}"


def phone_display(e164: str, rng: random.Random) -> str:
    area, exchange, line = e164[2:5], e164[5:8], e164[8:]
    return rng.choice((f"({area}) {exchange}-{line}", f"{area}.{exchange}.{line}",
                       f"{area}-{exchange}-{line}", f"+1 {area} {exchange} {line}",
                       f"1-{area}-{exchange}-{line}"))
