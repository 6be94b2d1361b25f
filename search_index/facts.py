"""The facts of every indexed clinic, read once per index segment instead of once per search.

Exact distance, the yes-only filters, the facet counts, the order and the page all look at every
clinic the words and filters matched, which can be the whole directory. Reading Whoosh's stored
fields for each of them on every search costs tens of microseconds a clinic. So each segment's
stored fields are read once into rows (one per document number), and every filter value
("insurers" = "aetna", "sliding_scale" = "unknown", map cell "39:-77", ...) becomes the set of
document numbers that have it (see ``bits``).

A segment's documents never change once written (an update writes a new segment and marks the
replaced documents deleted), so these facts are shared by every later version of the index that
still holds the segment; only the set of deleted documents is per version (``snapshot``).
"""
from __future__ import annotations

import sys
from array import array
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from whoosh.reading import IndexReader

from clinics import vocab
from search_index import bits
from search_index.errors import IndexUnavailable
from search_index.cells import cell_of
from search_index.schema import FACT_WORDS, SCORED_FIELDS, TOKEN_LISTS

# Keys of the per-value document sets that are not a stored field of their own.
GEO_CELL = "geo_cell"
STATE = "state"
# Treatments an insurer filter may be combined with: those insurance pays for at this clinic, or
# INSURED_ANY when the clinic does not tie its insurance to particular treatments.
INSURED = "insured_treatments"
INSURED_ANY = "*"
# Facts a clinic does not state, by the name of what it leaves out: "insurers" (no insurer named
# by a clinic that has not said it takes no insurance), "treatments", "conditions", "credentials",
# "rating" (no reviews) and "price_min_usd". A filter on one of them leaves these clinics out and
# says how many it left.
UNSTATED = "unstated"


@dataclass(frozen=True, slots=True)
class ClinicRow:
    """What a result shows and what sorting and filtering read, as the index stored it."""

    clinic_id: int
    slug: str
    name: str
    # Lower-cased name: the tie-break that keeps result order stable and alphabetical.
    name_key: str
    organization: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    lat: float | None
    lon: float | None
    rating: float | None
    review_count: int
    price_min_usd: int | None
    price_max_usd: int | None
    treatments: tuple[str, ...]
    conditions: tuple[str, ...]
    insurers: tuple[str, ...]
    credentials: tuple[str, ...]
    # The treatments the clinic says insurance pays for; () when it ties insurance to none.
    insurance_treatments: tuple[str, ...]
    # The FACT_WORDS in their order, as indexed: "yes", "no" or "unknown" (status: "active").
    facts: tuple[str, ...]
    last_seen: datetime | None

    def fact(self, name: str) -> str:
        return self.facts[_FACT_INDEX[name]]


_FACT_INDEX = {name: position for position, name in enumerate(FACT_WORDS)}
# Row fields whose values repeat across clinics (tokens, fact words, places): one shared string
# each instead of one per clinic keeps 20,000 rows in tens of megabytes less.
_SHARED = frozenset(("organization", "city", "state", "postal_code", *TOKEN_LISTS,
                     "insurance_treatments", "facts"))


# Bumped whenever ClinicRow changes, so that an index built by older code asks for a rebuild
# instead of being misread.
ROW_FORMAT = 3
STALE_INDEX = ("The search index was built by an older version of this site; "
               "rebuild it (flask --app webapp index rebuild).")


class StaleIndex(IndexUnavailable):
    """The index's stored rows do not have the shape this code reads."""


def to_stored(row: ClinicRow) -> tuple:
    """The value of the stored ``row`` field: a tuple that unpickles fast."""
    return (ROW_FORMAT, *(getattr(row, name) for name in ClinicRow.__slots__))


def _shared(value, seen: dict):
    """One object for equal values: lists of tokens and fact words repeat across thousands of
    clinics, and 20,000 copies of each would cost megabytes in every searching process."""
    if isinstance(value, str):
        return sys.intern(value)
    if isinstance(value, tuple):
        value = tuple(_shared(item, seen) for item in value)
        return seen.setdefault(value, value)
    return value


def from_stored(fields: dict, seen: dict | None = None) -> ClinicRow:
    """The row stored with a document; ``seen`` holds the tuples already shared by earlier rows
    (pass one dict for a whole segment)."""
    value = fields.get("row")
    if not value or value[0] != ROW_FORMAT:
        raise StaleIndex(STALE_INDEX)
    seen = {} if seen is None else seen
    return ClinicRow(*(_shared(item, seen) if name in _SHARED else item
                       for name, item in zip(ClinicRow.__slots__, value[1:])))


def _with_broader(field: str, tokens: tuple[str, ...]) -> dict[str, None]:
    """The tokens, each followed by the broader ones it is a kind of, each once: a clinic that
    lists treatment-resistant depression is found, and counted, under depression too."""
    found: dict[str, None] = {}
    for token in tokens:
        found[token] = None
        if field in vocab.VOCABULARIES:
            found.update(dict.fromkeys(vocab.broader(field, token)))
    return found


def unstated(row: ClinicRow):
    """The names of the facts this clinic does not state (see ``UNSTATED``)."""
    for field in ("treatments", "conditions", "credentials"):
        if not getattr(row, field):
            yield field
    if not row.insurers and row.fact("insurance_accepted") != "no":
        yield "insurers"
    if row.rating is None:
        yield "rating"
    if row.price_min_usd is None:
        yield "price_min_usd"


def value_keys(row: ClinicRow):
    """Every (field, value) a filter or facet may ask about for this clinic."""
    for field in TOKEN_LISTS:
        for token in _with_broader(field, getattr(row, field)):
            yield field, token
    for token in row.insurance_treatments or (INSURED_ANY,):
        yield INSURED, token
    yield from ((UNSTATED, name) for name in unstated(row))
    yield from zip(FACT_WORDS, row.facts)
    if row.lat is not None and row.lon is not None:
        yield GEO_CELL, cell_of(row.lat, row.lon)
    if row.state:
        yield STATE, row.state


class SegmentFacts:
    """Rows, per-value document sets and field lengths of one segment, numbered as in it.

    ``lengths`` holds, per scored field, each document's length in that field as Whoosh recorded
    it, which BM25 needs for every document a word matches.
    """

    def __init__(self, segment_id: str, rows: list[ClinicRow], lengths: dict[str, array]):
        self.segment_id = segment_id
        self.rows = rows
        self.size = len(rows)
        self.lengths = lengths
        docnums: dict[tuple[str, str], list[int]] = defaultdict(list)
        for docnum, row in enumerate(rows):
            for key in value_keys(row):
                docnums[key].append(docnum)
        self.sets = {key: bits.from_members(found, self.size) for key, found in docnums.items()}


def read_segment(reader: IndexReader, segment_id: str) -> SegmentFacts:
    """The facts of one segment reader, deleted documents included (deletions vary by version)."""
    count = reader.doc_count_all()
    seen: dict = {}
    rows = [from_stored(reader.stored_fields(docnum), seen) for docnum in range(count)]
    # Whoosh answers None rather than 0 for a field a document does not have.
    lengths = {field: array("I", (reader.doc_field_length(d, field) or 0 for d in range(count)))
               for field in SCORED_FIELDS}
    return SegmentFacts(segment_id, rows, lengths)
