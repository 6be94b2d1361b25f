"""Word lists the generator draws invented names and texts from.

None of these words is an alias in ``clinics.vocab`` (a test checks it), so a treatment, condition
or insurer named on a sample page was put there on purpose by the fact sentences.
"""
from __future__ import annotations

NAME_STARTS = (
    "Cedar", "Bright", "Willow", "Lark", "Stone", "Clear", "River", "Juniper", "Halcyon", "Ever",
    "Kestrel", "Morning", "Open", "Harbor", "Copper", "Drift", "Fox", "Grey", "Holly", "Iron",
    "Maple", "North", "Quiet", "Silver", "Sun", "Tide", "Wren", "Aspen", "Bay", "Fern",
    "Alder", "Briar", "Dawn", "Elm", "Glen", "Heron", "Lantern", "Meadow", "Oak", "Pine",
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
# Brand kinds of clinic chains; a location is named "<brand> <city>".
CHAIN_KINDS = (
    "Health Partners", "Wellness Group", "Mind Centers", "Infusion Centers", "Neuro Clinics",
    "Recovery Network",
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
    "Helena", "Ivan", "Joanna", "Kofi", "Leona", "Mateo", "Nora", "Oscar", "Petra", "Rafael",
    "Selma", "Tobias", "Ursula", "Vivian", "Walter", "Ximena", "Yara", "Zachary", "Alma", "Bruno",
    "Celia", "Dmitri", "Esther", "Felix", "Gloria", "Hugo", "Imani", "Julian", "Kira", "Lionel",
)
LAST_NAMES = (
    "Abernathy", "Blackwood", "Castellano", "Dunmore", "Ellison", "Fairbanks", "Galloway",
    "Hartwell", "Ingram", "Jacoby", "Kowalczyk", "Lindqvist", "Marchetti", "Nakamura", "Okafor",
    "Pemberton", "Quinlan", "Rasmussen", "Sandoval", "Thornbury", "Underhill", "Valdivia",
    "Whitlock", "Yamamoto", "Zielinski", "Ashworth", "Brennan", "Calloway", "Delacroix", "Esposito",
    "Fitzgerald", "Greenberg", "Holloway", "Iverson", "Jankowski", "Kimura", "Lockhart", "Montague",
    "Novak", "Oyelaran", "Prescott", "Radcliffe", "Sorensen", "Tanaka", "Vasquez", "Winslow",
    "Achebe", "Bergstrom", "Crowley", "Dubois", "Engstrom", "Ferreira", "Gutierrez", "Haddad",
    "Ishikawa", "Kaminski", "Lefebvre", "Mwangi", "Nwosu", "Ortega", "Petrov", "Rosenthal",
)

REVIEWER_FIRST = (
    "Maria", "James", "Keisha", "Tom", "Anh", "Rachel", "Luis", "Dana", "Chris", "Mei", "Andre",
    "Paula", "Sam", "Grace", "Nick", "Ivy", "Omar", "Jenna", "Derek", "Lena", "Troy", "Sofia",
    "Marcus", "Hailey", "Raj", "Brooke", "Elliot", "Tamara", "Kevin", "Monique", "Pete", "Alana",
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

# Review-site reviews are put together from an opening, a middle and a closing per star rating,
# so that a clinic with thirty reviews does not repeat itself.
REVIEW_OPENINGS = {
    5: ("Life-changing experience.", "I cannot say enough good things.", "Five stars, easily.",
        "Best decision I made this year.", "Exceptional from start to finish."),
    4: ("Very good overall.", "Solid experience.", "Mostly great.", "Happy with my care."),
    3: ("Mixed feelings.", "It was okay.", "Average experience.", "Some good, some not."),
    2: ("Disappointing.", "Not what I expected.", "Frustrating visit."),
    1: ("Would not return.", "Terrible experience.", "Avoid if you can."),
}
REVIEW_MIDDLES = {
    5: ("The nurse stayed with me the whole time and explained what to expect.",
        "The front desk remembered my name by the second visit.",
        "The doctor spent a full hour with me before we started.",
        "Every question I had was answered patiently.",
        "The rooms are calm and private, with blankets and music."),
    4: ("Check-in took a while, but the care was attentive.",
        "The follow-up call came a day later than promised.",
        "Parking is tight, though the staff are wonderful.",
        "The intake paperwork was long but thorough."),
    3: ("The clinician was kind, but scheduling was chaotic.",
        "I waited forty minutes past my appointment time.",
        "The billing office took several calls to reach."),
    2: ("Nobody returned my messages for a week.",
        "My appointment was moved twice without notice."),
    1: ("I was left alone in the room for most of the visit.",
        "They charged me for a visit I had cancelled."),
}
REVIEW_CLOSINGS = {
    5: ("Highly recommend.", "Thank you to the whole team.", "I tell all my friends about them."),
    4: ("Would go back.", "Recommended, with small caveats.", "Worth it."),
    3: ("Might try again.", "Your mileage may vary.", "Not sure yet."),
    2: ("Looking for another clinic.", "Expected better."),
    1: ("Never again.", "Save yourself the trouble."),
}

BLOG_PARAGRAPHS = (
    "Many people ask what a first visit looks like. It starts with a conversation about your "
    "history and your goals, and nothing happens until you feel ready.",
    "Bring a friend or family member who can drive you home, wear comfortable clothes, and plan "
    "a quiet evening afterwards.",
    "Progress is rarely a straight line. Keep a short journal between visits so that we can look "
    "back together at what changed.",
)

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
