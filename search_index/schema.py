"""The one Whoosh schema of the clinic index.

Field types follow the queries made on them: ID for exact tokens (state, ZIP, tri-state facts as
"yes" / "no" / "unknown"), KEYWORD for lists of vocabulary tokens, NUMERIC for ranges (coordinates,
price, rating) and TEXT with a stemming analyzer for prose. The stored fields carry what a search
hit shows, so a result page needs no database round trip.
"""
from __future__ import annotations

from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

# Tri-state facts indexed as words, because "unknown" must stay searchable and countable.
TRI_STATE_INDEXED = (
    "sliding_scale", "payment_plans", "free_consultation", "accepting_new_patients", "telehealth",
)


def _prose() -> StemmingAnalyzer:
    # An unbounded stem cache: the default bound makes full rebuilds markedly slower.
    return StemmingAnalyzer(cachesize=-1)


def _token_list() -> KEYWORD:
    return KEYWORD(stored=True, commas=True, lowercase=True)


def build_schema() -> Schema:
    """A fresh schema object; an index stores its own copy, so changing this needs a rebuild."""
    return Schema(
        id=ID(stored=True, unique=True),
        slug=ID(stored=True),
        name=TEXT(analyzer=_prose(), field_boost=3.0, stored=True),
        text=TEXT(analyzer=_prose()),
        treatments=_token_list(),
        conditions=_token_list(),
        insurers=_token_list(),
        credentials=_token_list(),
        insurance_accepted=ID(stored=True),
        **{name: ID(stored=True) for name in TRI_STATE_INDEXED},
        price_min_usd=NUMERIC(int, stored=True),
        rating=NUMERIC(float, stored=True),
        review_count=NUMERIC(int, stored=True),
        city=ID(stored=True),
        state=ID(stored=True),
        postal_code=ID(stored=True),
        lat=NUMERIC(float, stored=True),
        lon=NUMERIC(float, stored=True),
        status=ID(stored=True),
    )


SCHEMA = build_schema()
