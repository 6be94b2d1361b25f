"""The one line that stands for a search once its results are shown: "“ptsd” · Insurance: Aetna ·
25 mi of Baltimore, MD". On a phone the form folds behind it, so the results start on the first
screen; the line opens the form again to change the search.
"""
from __future__ import annotations

from typing import Iterable, Protocol

from flask import Flask
from werkzeug.datastructures import MultiDict

from webapp import display

MAX_WORDS_CHARS = 40


class _Chip(Protocol):
    label: str


def _place(results) -> str | None:
    place = getattr(results, "place", None)
    if place is None:
        return None
    label = display.place_label(place)
    radius_mi = getattr(results, "radius_mi", None)
    return f"{radius_mi:g} mi of {label}" if radius_mi else f"in {label}"


def search_summary(args: MultiDict, chips: Iterable[_Chip] | None, results) -> str:
    """The search's words, its chosen filters and where it looked, joined by " · "."""
    parts = []
    words = " ".join((args.get("q") or "").split())
    if words:
        cut = words if len(words) <= MAX_WORDS_CHARS else words[:MAX_WORDS_CHARS - 1] + "…"
        parts.append(f"“{cut}”")
    parts += [chip.label for chip in chips or ()]
    parts.append(_place(results) or "anywhere in the US")
    return " · ".join(parts)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["search_summary"] = search_summary
