"""The one Whoosh schema of the clinic index.

Field types follow the queries made on them: TEXT with a stemming analyzer for prose (the name
boosted, review text searchable but not stored), KEYWORD for lists of vocabulary tokens and for
facts read as words ("yes" / "no" / "unknown"), NUMERIC for numbers, ID for exact codes.

Two choices keep a full rebuild of 20,000 clinics with 200,000 reviews well under two minutes:

* NUMERIC fields are indexed without tiers (``shift_step=0``): one term per value instead of 8 to
  16. Searches never ask Whoosh for numeric ranges (they read the numbers from the in-memory fact
  table, see ``facts``), so the tiers would only cost indexing time.
* KEYWORD fields are ``scorable``: Whoosh then keeps a per-document length column for them, and
  without it the codec checks the disk for that column once per posting while writing.

Words are looked up in fields without positions (``text``, ``reviews``), because reading a
common word's postings with positions costs several times more; the description is indexed a
second time with positions (``description``) only so that quoted phrases can be matched in it.

Only one field is stored: ``row``, the clinic's facts as one tuple (see ``facts.ClinicRow``). A
search reads every document's facts once per segment, and one small tuple per document reads
several times faster than twenty stored fields; a result page still needs no database round trip.
"""
from __future__ import annotations

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

# Tri-state facts (and insurance_accepted) indexed as the words "yes", "no" and "unknown", so that
# "not stated" stays searchable and countable instead of being folded into "no".
TRI_STATE_INDEXED = (
    "sliding_scale", "payment_plans", "free_consultation", "aftercare",
    "accepting_new_patients", "telehealth",
)
FACT_WORDS = ("insurance_accepted", *TRI_STATE_INDEXED, "npi_verified", "status")
TOKEN_LISTS = ("treatments", "conditions", "insurers", "credentials")
# Text fields a free-text word is looked up in.
TEXT_FIELDS = ("name", "organization", "text", "reviews")
# Fields whose matches are scored: the text fields, and the lists a treatment, condition or
# insurer named in free text is also looked up in.
SCORED_FIELDS = (*TEXT_FIELDS, "treatments", "conditions", "insurers")
# Text fields that keep positions, so quoted phrases can be matched in them.
PHRASE_FIELDS = ("name", "organization", "description")


def _prose() -> StemmingAnalyzer:
    # An unbounded stem cache: the default bound makes full rebuilds markedly slower.
    return StemmingAnalyzer(cachesize=-1)


def _token_list() -> KEYWORD:
    return KEYWORD(commas=True, lowercase=True, scorable=True)


def _fact_word() -> KEYWORD:
    return KEYWORD(scorable=True)


def _number(kind: type) -> NUMERIC:
    return NUMERIC(kind, shift_step=0)


def _moment() -> DATETIME:
    field = DATETIME()
    # DATETIME fixes its tiers in __init__; searches compare dates in memory, as for NUMERIC.
    field.shift_step = 0
    return field


def build_schema() -> Schema:
    """A fresh schema object; an index stores its own copy, so changing this needs a rebuild."""
    return Schema(
        id=ID(unique=True),
        row=STORED(),
        name=TEXT(analyzer=_prose(), field_boost=3.0),
        organization=TEXT(analyzer=_prose(), field_boost=1.5),
        text=TEXT(analyzer=_prose(), phrase=False),
        description=TEXT(analyzer=_prose()),
        reviews=TEXT(analyzer=_prose(), phrase=False, field_boost=0.5),
        **{name: _token_list() for name in TOKEN_LISTS},
        **{name: _fact_word() for name in FACT_WORDS},
        price_min_usd=_number(int),
        price_max_usd=_number(int),
        rating=_number(float),
        review_count=_number(int),
        city=ID(),
        state=ID(),
        postal_code=ID(),
        lat=_number(float),
        lon=_number(float),
        geo_cell=KEYWORD(scorable=True),
        last_seen=_moment(),
    )


SCHEMA = build_schema()
