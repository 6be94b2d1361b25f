"""Word lists the generator draws invented names and texts from.

None of these words is an alias in ``clinics.vocab`` (a test checks it), so a treatment, condition
or insurer named on a sample page was put there on purpose by the fact sentences.
"""
from __future__ import annotations

NAME_STARTS = (
    "Cedar", "Bright", "Willow", "Lark", "Stone", "Clear", "River", "Juniper", "Halcyon", "Ever",
    "Kestrel", "Morning", "Open", "Harbor", "Copper", "Drift", "Fox", "Grey", "Holly", "Iron",
    "Maple", "North", "Quiet", "Silver", "Sun", "Tide", "Wren", "Aspen", "Bay", "Fern",
)
NAME_ENDS = (
    "brook", "water", "mere", "field", "gate", "haven", "crest", "ridge", "wood", "light",
    "stone", "vale", "path", "well", "hollow", "point", "spring", "leaf", "side", "bend",
)
NAME_KINDS = (
    "Wellness", "Mind Clinic", "Health Center", "Restorative Care", "Healing Center",
    "Psychiatry", "Integrative Health", "Infusion Center", "Neuro Wellness", "Mental Health",
    "Renewal Clinic", "Brain Health",
)

STREET_NAMES = (
    "Linden", "Charles", "Calvert", "Chestnut", "Walnut", "Madison", "Monroe", "Franklin",
    "Jefferson", "Sycamore", "Magnolia", "Hawthorne", "Orchard", "Prospect", "Highland",
    "Lakeview", "Market", "Mill", "Union", "Spruce", "Laurel", "Beacon", "Garden", "Church",
)
STREET_TYPES = ("Street", "Avenue", "Road", "Boulevard", "Lane", "Drive", "Place", "Parkway")

FIRST_NAMES = (
    "Amara", "Ben", "Carmen", "Darius", "Elena", "Farah", "Gavin", "Hana", "Isaac", "Jolene",
    "Kiran", "Lucia", "Marcus", "Nadia", "Owen", "Priya", "Quentin", "Rosa", "Samuel", "Tessa",
    "Victor", "Wendy", "Yusuf", "Zoe", "Adrian", "Beatrice", "Colin", "Delia", "Emil", "Greta",
)
LAST_NAMES = (
    "Abernathy", "Blackwood", "Castellano", "Dunmore", "Ellison", "Fairbanks", "Galloway",
    "Hartwell", "Ingram", "Jacoby", "Kowalczyk", "Lindqvist", "Marchetti", "Nakamura", "Okafor",
    "Pemberton", "Quinlan", "Rasmussen", "Sandoval", "Thornbury", "Underhill", "Valdivia",
    "Whitlock", "Yamamoto", "Zielinski", "Ashworth", "Brennan", "Calloway", "Delacroix", "Esposito",
)

REVIEWER_FIRST = (
    "Maria", "James", "Keisha", "Tom", "Anh", "Rachel", "Luis", "Dana", "Chris", "Mei", "Andre",
    "Paula", "Sam", "Grace", "Nick", "Ivy",
)

REVIEW_TEXTS = {
    5: (
        "The staff explained every step and I always felt safe.",
        "Kind nurses, a calm room and a doctor who listened. I am grateful.",
        "Scheduling was easy and the team checked on me the next day.",
    ),
    4: (
        "Good care and a comfortable space; parking was a little hard to find.",
        "Professional team. The wait before my first visit was longer than I hoped.",
    ),
    3: (
        "The care itself was fine but billing took several calls to sort out.",
        "Friendly people, though appointments often ran late.",
    ),
    2: ("Hard to reach by phone and my questions went unanswered for days.",),
    1: ("I waited over an hour and nobody told me why. I did not go back.",),
}

DESCRIPTIONS = (
    "An independent practice in {city} offering careful, unhurried care in a quiet setting.",
    "A physician-led clinic in {city} where every plan starts with a thorough evaluation.",
    "A small team in {city}, {state} that measures progress at every visit.",
    "Evidence-based interventional care in {city}, delivered by a close-knit team.",
)

DEMO_NOTE = (
    "Invented demo data: this site, its clinic, its people and its reviews are fictional "
    "and exist only to exercise the clinic directory."
)
