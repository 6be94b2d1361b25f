"""Turn query-string arguments into a ``SearchRequest``, shared by the search page and the API.

Values go through as the person typed them: ``search_index`` checks radius, page, sort and
vocabulary tokens and raises SearchError with a message to show. Only what is about the web
request itself (its size, list arguments, check boxes) is decided here.
"""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from search_index import SearchRequest

RADIUS_CHOICES_MI = (10, 25, 50, 100, 250)
DEFAULT_RADIUS_MI = 25
MAX_QUERY_CHARS = 200


class BadParameter(ValueError):
    """A request argument that cannot be used; the message names the argument and the fix."""


def _list(args: MultiDict, key: str) -> list[str]:
    """Values of a repeated or comma-separated argument: ``?insurance=aetna&insurance=cigna``
    and ``?insurance=aetna,cigna`` mean the same."""
    return [part.strip() for item in args.getlist(key) for part in item.split(",") if part.strip()]


def _flag(args: MultiDict, key: str) -> bool:
    return (args.get(key) or "").strip().lower() in ("1", "true", "yes", "on")


def parse_search(args: MultiDict, per_page: int | str) -> SearchRequest:
    """A SearchRequest from ``request.args``; ``insurance=any`` means "takes some insurance"."""
    q = (args.get("q") or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise BadParameter(f"Search text must be at most {MAX_QUERY_CHARS} characters.")
    insurers = _list(args, "insurance")
    insurance_any = [value.lower() for value in insurers] == ["any"]
    return SearchRequest(
        q=q,
        near=(args.get("near") or "").strip() or None,
        radius_mi=(args.get("radius") or "").strip() or DEFAULT_RADIUS_MI,
        insurers=[] if insurance_any else insurers,
        insurance_any=insurance_any,
        sliding_scale=_flag(args, "sliding_scale"),
        payment_plans=_flag(args, "payment_plans"),
        treatments=_list(args, "treatment"),
        conditions=_list(args, "condition"),
        sort=(args.get("sort") or "").strip() or None,
        page=(args.get("page") or "").strip() or 1,
        per_page=per_page,
    )
