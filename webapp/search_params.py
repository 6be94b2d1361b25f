"""Turn query-string arguments into a ``SearchRequest``, shared by the search page and the API.

Values go through as the person typed them: ``search_index`` checks radius, page, sort, numbers and
vocabulary tokens and raises SearchError with a message to show. Only what is about the web
request itself (its size, list arguments, check boxes) is decided here.

    q=ketamine             near=21201 | Baltimore, MD | Maryland | 39.29,-76.61
    radius=25              widen=0 (do not look further when nothing is inside the radius)
    insurance=aetna,cigna  insurance=any (takes some insurance)
    treatment=sgb&treatment=iv_ketamine (all of them)    condition=ptsd,anxiety (any of them)
    credential=crna&credential=licensed therapist (all of them)
    sliding_scale=1 payment_plans=1 free_consultation=1 aftercare=1 accepting_new_patients=1
    telehealth=1 npi_verified=1 (yes-only: clinics that do not say are left out and counted)
    min_rating=4           max_price=500
    sort=relevance | distance | rating | price       page=2
    unstated=insurers (instead, the clinics that filter left out because they do not state it)
"""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from search_index import SearchRequest

RADIUS_CHOICES_MI = (10, 25, 50, 100, 250)
DEFAULT_RADIUS_MI = 25
MAX_QUERY_CHARS = 200
# The longest US place a person types ("Washington, District of Columbia") is far shorter; a cap
# keeps an absurd one from costing anything.
MAX_PLACE_CHARS = 100
# Each value of every other argument: a token, a label, a number.
MAX_VALUE_CHARS = 100
MAX_LIST_VALUES = 20
# Check boxes; the argument is named as the SearchRequest field it sets.
FLAGS = ("sliding_scale", "payment_plans", "free_consultation", "aftercare",
         "accepting_new_patients", "telehealth", "npi_verified")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


class BadParameter(ValueError):
    """A request argument that cannot be used; the message names the argument and the fix."""


def _list(args: MultiDict, key: str) -> list[str]:
    """Values of a repeated or comma-separated argument: ``?insurance=aetna&insurance=cigna``
    and ``?insurance=aetna,cigna`` mean the same."""
    values = [part.strip() for item in args.getlist(key) for part in item.split(",")
              if part.strip()]
    if len(values) > MAX_LIST_VALUES:
        raise BadParameter(f"Choose at most {MAX_LIST_VALUES} values for {key}.")
    if any(len(value) > MAX_VALUE_CHARS for value in values):
        raise BadParameter(f"Each value of {key} must be at most {MAX_VALUE_CHARS} characters.")
    return values


def _flag(args: MultiDict, key: str) -> bool:
    return (args.get(key) or "").strip().lower() in _TRUE


def _text(args: MultiDict, key: str) -> str | None:
    return (args.get(key) or "").strip() or None


# Arguments with a cap of their own; every other single-valued one the search reads is capped at
# MAX_VALUE_CHARS, and each part of a list argument too (``_list``). Arguments the search does not
# read (a campaign's click id) are left to the site-wide cap (``webapp.bounds``).
_CAPS = {"q": MAX_QUERY_CHARS, "near": MAX_PLACE_CHARS}
_SINGLE = ("q", "near", "radius", "widen", "min_rating", "max_price", "sort", "page", "unstated",
           *FLAGS)
_TOO_LONG = {
    "q": f"Search text must be at most {MAX_QUERY_CHARS} characters.",
    "near": f"The place must be at most {MAX_PLACE_CHARS} characters: a ZIP code or “City, ST”.",
}


def _check_lengths(args: MultiDict) -> None:
    """Every single-valued argument within its cap, checked before any of them is parsed."""
    for key in _SINGLE:
        cap = _CAPS.get(key, MAX_VALUE_CHARS)
        if any(len(value) > cap for value in args.getlist(key)):
            raise BadParameter(
                _TOO_LONG.get(key, f"The value of {key} must be at most {cap} characters."))


def parse_search(args: MultiDict, per_page: int | str) -> SearchRequest:
    """A SearchRequest from ``request.args``; ``insurance=any`` means "takes some insurance".

    Raises BadParameter for a value longer than its cap, before any of them is parsed.
    """
    _check_lengths(args)
    q = (args.get("q") or "").strip()
    insurers = _list(args, "insurance")
    insurance_any = [value.lower() for value in insurers] == ["any"]
    return SearchRequest(
        q=q,
        near=_text(args, "near"),
        radius_mi=_text(args, "radius") or DEFAULT_RADIUS_MI,
        widen=(args.get("widen") or "").strip().lower() not in _FALSE,
        insurers=[] if insurance_any else insurers,
        insurance_any=insurance_any,
        treatments=_list(args, "treatment"),
        conditions=_list(args, "condition"),
        credentials=_list(args, "credential"),
        min_rating=_text(args, "min_rating"),
        max_price_usd=_text(args, "max_price"),
        sort=_text(args, "sort"),
        page=_text(args, "page") or 1,
        per_page=per_page,
        unstated=_text(args, "unstated"),
        **{flag: _flag(args, flag) for flag in FLAGS},
    )
