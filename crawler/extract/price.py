"""Self-pay price of one session, in whole dollars, from the clinic's statements or schema.org.

Package, series, membership, consultation, deposit and copay amounts are not the price of one
session and are skipped ("6 infusions for $2,400" is a package). "$450–$650 per infusion" is a
range; one amount with "from" or "starts at" is a lower bound only; one plain amount is both
bounds. The main treatment is the first named treatment priced (a price for a bare "session"
counts only when no treatment is named): later prices for it widen its range, prices of other
treatments are ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from price_parser import Price

from clinics.vocab import tokens
from clinics.vocab import find_spans as spans
from crawler.extract.statements import Statement, clauses

_NUMBER = r"\d[\d,]*(?:\.\d{1,2})?"
_AMOUNT = re.compile(rf"(?:US)?\$\s?({_NUMBER})(?!\s*(?:k\b|million|billion))"
                     rf"(?:\s*(?:-|–|—|to)\s*(?:US)?\$?\s?({_NUMBER}))?", re.IGNORECASE)
_COUNT = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve)"
_SESSION_WORDS = r"(?:infusions?|sessions?|treatments?|injections?|blocks?|visits?|doses?)"
# "A four-hour infusion" is one infusion's length, not four infusions.
_DURATION = r"(?:hours?|hr|minutes?|min)\b"
_NOT_A_SESSION = re.compile(
    r"packages?|\bseries\b|bundle|consult|deposit|membership|per month|/\s?mo\b|a month\b"
    r"|monthly|gift|parking|co-?pays?|co-?insurance|deductible|assessment|evaluation|intake"
    r"|screening|preparation|\bprep\b|integration|follow-up call|\bsave\b|\boff\b|discount|savings|with insurance|after insurance|\bcredit\b"
    r"|prepaid|paid (?:in advance|up ?front)|\bup-?front\b|\btotal\b"
    r"|payments? of|pay in \d|installments?|afterpay|klarna|affirm\b"
    rf"|(?<![$\d,.])\b{_COUNT}[- ](?!per\b|each\b)(?:(?!{_DURATION})[a-z]+[- ])?{_SESSION_WORDS}\b"
    r"|\bcourse of\b|\bfull course\b"
    r"|cancel\w*|no[- ]shows?|\blate (?:fee|arrival)|missed appointments?|reschedul\w*"
    r"|returned (?:checks?|payments?)|processing fee",
    re.IGNORECASE)
_LOWER_BOUND = re.compile(r"\bstart(?:s|ing)?\s+(?:at|from)\b|\bfrom\b|\bas low as\b|\bat least\b",
                          re.IGNORECASE)
_UPPER_BOUND = re.compile(r"\bup to\b|\bas much as\b|\bno more than\b", re.IGNORECASE)
_SEGMENT_BREAK = re.compile(r",\s+|\s+or\s+|\s+and\s+(?=a |an |the |\d|our |packages?)|\s*/\s+")
_UNIT = re.compile(r"\b(infusion|injection|block|session|visit|treatment)s?\b", re.IGNORECASE)
UNIT_TREATMENT = {"infusion": "iv_ketamine", "injection": "im_ketamine", "block": "sgb"}
TREATMENT_TOKENS = frozenset(tokens("treatments"))
MIN_PLAUSIBLE_USD, MAX_PLAUSIBLE_USD = 20, 20000


@dataclass(frozen=True)
class Quote:
    """One stated session price: what it is for, and its bounds (None: not stated)."""

    treatment: str
    low: int | None
    high: int | None
    source: Statement | None = field(default=None, compare=False)


def dollars(raw: str) -> int | None:
    """Whole dollars of one amount, or None when it is not a plausible session price."""
    amount = Price.fromstring("$" + raw).amount
    if amount is None or not MIN_PLAUSIBLE_USD <= amount <= MAX_PLAUSIBLE_USD:
        return None
    return int(round(amount))


def amounts_usd(text: str) -> list[int]:
    """Every plausible dollar amount in the text, range ends included."""
    found = []
    for match in _AMOUNT.finditer(text):
        found.extend(d for d in (dollars(g) for g in match.groups() if g) if d is not None)
    return found


def _segments(text: str) -> list[str]:
    """A table row's cells, or a sentence's parts."""
    if " | " in text:
        return [cell for part in text.split(" | ") for cell in _SEGMENT_BREAK.split(part)]
    return _SEGMENT_BREAK.split(text)


def _bounds(segment: str) -> tuple[int | None, int | None] | None:
    amounts = amounts_usd(segment)
    if not amounts:
        return None
    if len(amounts) >= 2:
        return min(amounts), max(amounts)
    before = segment.split("$", 1)[0]
    if _UPPER_BOUND.search(before):
        return None, amounts[0]
    if _LOWER_BOUND.search(before) or re.search(r"\$\s?" + _NUMBER + r"\+", segment):
        return amounts[0], None
    return amounts[0], amounts[0]


def _treatment(clause: str, amount_at: int, topic: str) -> str:
    named = [token for token, start, _ in spans("treatments", clause) if start <= amount_at]
    if named:
        return named[-1]
    later = spans("treatments", clause)
    if later:
        return later[0][0]
    from_topic = spans("treatments", topic)
    if from_topic:
        return from_topic[-1][0]
    unit = _UNIT.search(clause)
    return UNIT_TREATMENT.get(unit.group(1).lower(), "session") if unit else "session"


def _judged(text: str, segment: str) -> str:
    """The words that say what an amount is for: in a table row ("IV ketamine booster | For
    patients who finished a series | $375 per session") the row's label and the amount's own
    cell, not the description between them; elsewhere the segment itself."""
    cells = [cell.strip() for cell in text.split(" | ") if cell.strip()]
    if len(cells) < 2:
        return segment
    return f"{cells[0]} {segment}"


def quotes(statement: Statement) -> list[Quote]:
    """The session prices one statement gives."""
    found, position = [], 0
    for segment in _segments(statement.text):
        start = statement.text.find(segment, position)
        position = max(start, position)
        if "$" not in segment or _NOT_A_SESSION.search(_judged(statement.text, segment)):
            continue
        bounds = _bounds(segment)
        if bounds:
            at = start + segment.index("$")
            found.append(Quote(_treatment(statement.text, at, statement.topic), *bounds,
                               source=statement))
    return found


def session_price(parts) -> tuple[int | None, int | None]:
    """(min, max) of one session of the first-priced treatment; (None, None) when unstated."""
    low, high, _ = session_price_stated(parts)
    return low, high


def session_price_stated(parts) -> tuple[int | None, int | None, dict[int, Statement]]:
    """(min, max, {amount: the statement that gives it}) of one session of the first-priced
    treatment."""
    statements = [p if isinstance(p, Statement) else Statement(c)
                  for p in parts for c in ([p] if isinstance(p, Statement) else clauses([p]))]
    all_quotes = [q for statement in statements for q in quotes(statement)]
    if not all_quotes:
        return None, None, {}
    named = [q for q in all_quotes if q.treatment in TREATMENT_TOKENS]
    first = (named or all_quotes)[0]
    main = [q for q in all_quotes if q.treatment == first.treatment]
    lows = [q.low for q in main if q.low is not None]
    highs = [q.high for q in main if q.high is not None]
    low = min(lows) if lows else None
    high = max(highs) if highs else None
    if low is not None and high is not None and high < low:
        high = None
    sources = {amount: q.source for q in reversed(main) for amount in (q.low, q.high)
               if amount is not None and q.source is not None}
    return low, high, sources


def price_in_text(text: str) -> tuple[int | None, int | None]:
    """(min, max) one statement gives; (None, None) when it states no session price."""
    return session_price([text])

