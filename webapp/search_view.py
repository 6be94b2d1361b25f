"""What the search page shows around the hits: filter choices, chips, sort links, pages, map data.

The query string is the whole search, so every link here is the current query string with one
thing changed; a search can be shared or bookmarked and works without JavaScript. A filter is
offered only when the search's parser reads its argument into the request (``arg_for``), so the
page never shows a control or a chip for a filter the search would silently ignore.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from flask import url_for
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from clinics import vocab
from clinics.geo import STATE_NAMES, Place
from clinics.models import Clinic
from search_index import Hit, SearchRequest, SearchResults
from search_index.request import SORTS
from webapp import display, queries
from webapp.queries import SourceSummary
from webapp.search_params import parse_search


# Yes-only check boxes: SearchRequest field -> label. Clinics that do not say are left out.
FLAGS = {
    "sliding_scale": "Offers a sliding scale",
    "payment_plans": "Offers payment plans",
    "free_consultation": "Free first consultation",
    "aftercare": "Aftercare or integration support",
    "accepting_new_patients": "Accepting new patients",
    "telehealth": "Telehealth visits",
    "npi_verified": "Staff NPI verified",
}
# Select boxes of a vocabulary: SearchRequest field -> label.
CHOICES = {"treatments": "Treatment", "conditions": "Condition", "credentials": "Staff credential"}
MIN_RATINGS = tuple((value, f"{value} of 5 or better") for value in ("3", "3.5", "4", "4.5"))
MAX_PRICES_USD = tuple((value, f"Up to ${int(value):,}")
                       for value in ("300", "400", "500", "750", "1000"))
SORT_LABELS = {"distance": "Nearest", "rating": "Best rated", "relevance": "Best match",
               "price": "Lowest price"}

# SearchRequest field -> (query arguments the parser may read it from, a value to try).
_CANDIDATES = {
    **{field: ((field,), "1") for field in FLAGS},
    "treatments": (("treatment", "treatments"), "iv_ketamine"),
    "conditions": (("condition", "conditions"), "depression"),
    "credentials": (("credential", "credentials"), "md"),
    "min_rating": (("min_rating", "rating"), "4"),
    "max_price_usd": (("max_price", "max_price_usd", "price_max"), "500"),
}


@lru_cache(maxsize=None)
def arg_for(field: str) -> str | None:
    """The query argument the search's parser reads into ``field``; None when it reads none.

    The form and the chips use it, so a filter is offered exactly when the search applies it.
    """
    names, value = _CANDIDATES[field]
    for name in names:
        try:
            wanted = parse_search(MultiDict({name: value}), 1)
        except ValueError:
            continue
        if getattr(wanted, field, None) != getattr(SearchRequest(), field, None):
            return name
    return None


def available_flags() -> list[tuple[str, str]]:
    """(argument, label) of each check box the search applies."""
    return [(arg, label) for field, label in FLAGS.items() if (arg := arg_for(field))]


def _with_counts(terms, counts: dict[str, int] | None) -> list[tuple[str, str]]:
    """(token, option text); with a search's facet counts, each text ends with its count."""
    if counts is None:
        return [(term.token, term.label) for term in terms]
    return [(term.token, f"{term.label} ({counts.get(term.token, 0)})") for term in terms]


def available_choices(facets: dict[str, dict[str, int]] | None = None
                      ) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Select boxes the search applies: argument -> (label, [(token, option text)])."""
    return {arg: (label, _with_counts(vocab.VOCABULARIES[field], (facets or {}).get(field)))
            for field, label in CHOICES.items() if (arg := arg_for(field))}


def search_url(args: MultiDict, **changes) -> str:
    """The search in ``args`` with some arguments replaced (None removes one), the rest kept."""
    query = args.to_dict(flat=False)
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = [str(value)]
    return url_for("public.search_page", **query)


def _without(args: MultiDict, key: str, value: str) -> str:
    """The search without one value of ``key`` (and back on page 1)."""
    query = args.to_dict(flat=False)
    query.pop("page", None)
    kept = [v for v in query.pop(key, []) if v != value]
    if kept:
        query[key] = kept
    return url_for("public.search_page", **query)


def unstated_url(args: MultiDict, results: SearchResults, key: str | None) -> str:
    """The same search showing the clinics the filter ``key`` left out for not stating its fact,
    within the radius the counts were made for; ``None`` goes back to the matching clinics."""
    if key is None:
        return search_url(args, unstated=None, page=None)
    radius = f"{results.radius_mi:g}" if results.radius_mi is not None else None
    return search_url(args, unstated=key, page=None, radius=radius,
                      widen="0" if radius else None)


def clear_url(args: MultiDict) -> str:
    """The same words, place, distance and order with every filter removed."""
    kept = {key: args.getlist(key) for key in ("q", "near", "radius", "sort") if args.get(key)}
    return url_for("public.search_page", **kept)


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


def _chip_label(key: str, value: str) -> str | None:
    if key == "insurance":
        if value == "any":
            return "Takes insurance"
        return f"Insurance: {vocab.label('insurers', value)}"
    for field, label in CHOICES.items():
        if key == arg_for(field):
            return f"{label}: {vocab.label(field, value)}"
    if key == arg_for("min_rating"):
        return f"Rated {value} of 5 or better"
    if key == arg_for("max_price_usd"):
        return f"Up to ${value} a session"
    return None


def chips(args: MultiDict) -> list[Chip]:
    """One removable chip per chosen filter, in the order the form lists them."""
    found = [Chip(label, _without(args, arg, args.get(arg)))
             for arg, label in available_flags() if display.is_on(args.get(arg))]
    choice_args = [arg_for(field) for field in (*CHOICES, "min_rating", "max_price_usd")]
    for key in ("insurance", *filter(None, choice_args)):
        for raw in args.getlist(key):
            for value in filter(None, (part.strip() for part in raw.split(","))):
                label = _chip_label(key, value)
                if label:
                    found.append(Chip(label, _without(args, key, raw)))
    return found


def insurer_options(facets: dict[str, dict[str, int]] | None) -> list[tuple[str, str]]:
    """(token, label) for the insurer list; with a search, each label ends with its count."""
    counts = (facets or {}).get("insurers")
    tokens = [term.token for term in vocab.INSURERS]
    tokens += [token for token in counts or {} if token not in tokens]
    options = []
    for token in tokens:
        label = vocab.label("insurers", token)
        if counts is not None:
            label = f"{label} ({counts.get(token, 0)})"
        options.append((token, label))
    return options


def sort_links(args: MultiDict, results: SearchResults) -> list[tuple[str, str, bool]]:
    """(label, url, current) for each order the search offers; "Nearest" needs a point."""
    has_point = any(hit.distance_mi is not None for hit in results.hits)
    keys = [key for key in SORT_LABELS if key in SORTS and (key != "distance" or has_point)]
    current = getattr(results, "sort", None) or args.get("sort")
    return [(SORT_LABELS[key], search_url(args, sort=key, page=None), key == current)
            for key in keys]


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """Page numbers to link: the first, the last and a window around ``page``; None is a gap."""
    wanted = {1, pages, *range(max(1, page - around), min(pages, page + around) + 1)}
    out: list[int | None] = []
    for number in sorted(wanted):
        if out and number - (out[-1] or 0) > 1:
            out.append(None)
        out.append(number)
    return out


@dataclass(frozen=True)
class Card:
    """One result: the index's hit, with the database's row for what the index does not hold."""

    number: int
    hit: Hit
    clinic: Clinic
    sources: list[SourceSummary]

    def fact(self, name: str):
        """A fact from the hit when the index holds it, else from the database row."""
        if hasattr(self.hit, name):
            return getattr(self.hit, name)
        return getattr(self.clinic, name, None)


def cards(results: SearchResults, details: dict[int, Clinic],
          summaries: dict[int, list[SourceSummary]], hits: list[Hit] | None = None,
          first: int | None = None) -> list[Card]:
    """Cards numbered across pages; a hit whose clinic was hidden since indexing is left out.

    ``hits`` defaults to the page's results; the nearest matches and the telehealth clinics shown
    when nothing is near are numbered on from ``first``.
    """
    if first is None:
        first = (results.page - 1) * results.per_page + 1
    shown = [hit for hit in (results.hits if hits is None else hits) if hit.clinic_id in details]
    return [Card(first + i, hit, details[hit.clinic_id], summaries.get(hit.clinic_id, []))
            for i, hit in enumerate(shown)]


def form_in_step(args: MultiDict, results: SearchResults) -> MultiDict:
    """The form's values with the distance the search used, so that the distance box says 100
    when the heading says the search widened to 100 miles."""
    if results.radius_mi is None:
        return args
    form = MultiDict(args)
    form.setlist("radius", [f"{results.radius_mi:g}"])
    return form


def radius_choices(form: MultiDict, choices: tuple[int, ...]) -> list[str]:
    """The distances offered, with the one in the form among them even when it is not a usual
    choice (a shared link's radius=40), so the box never shows a distance not searched."""
    chosen = form.get("radius")
    offered = [str(miles) for miles in choices]
    try:
        if chosen and chosen not in offered and 0 < float(chosen) <= max(choices) * 2:
            offered = sorted([*offered, chosen], key=float)
    except ValueError:
        pass
    return offered


def _elsewhere(results: SearchResults, details, summaries, after: int) -> dict:
    """Cards for the nearest matches and the telehealth clinics, numbered after the page's."""
    nearest = cards(results, details, summaries, results.nearest, after + 1)
    telehealth = cards(results, details, summaries, results.telehealth,
                       after + len(nearest) + 1)
    state = results.place.state if results.place is not None else None
    return {"nearest_cards": nearest, "telehealth_cards": telehealth,
            "telehealth_state": STATE_NAMES.get(state or "")}


def map_data(found: list[Card], place: Place | None, radius_mi: float | None,
             tiles: dict[str, str] | None, clinic_url: Callable[[str], str]) -> dict:
    """What the map script draws: the searched place, the radius and one marker per result.

    Scraped names travel as JSON data and are set as text by the script, never as markup.
    """
    markers = [
        {"n": card.number, "name": card.hit.name, "url": clinic_url(card.hit.slug),
         "lat": card.clinic.lat, "lon": card.clinic.lon,
         "distance": display.miles(card.hit.distance_mi)}
        for card in found
        if card.clinic.lat is not None and card.clinic.lon is not None
    ]
    centre = None
    if place is not None:
        centre = {"lat": place.lat, "lon": place.lon, "label": display.place_label(place),
                  "radius_mi": radius_mi}
    return {"place": centre, "markers": markers, "tiles": tiles}


def results_context(results: SearchResults, args: MultiDict, session: Session,
                    tiles: dict[str, str] | None, clinic_url: Callable[[str], str]) -> dict:
    """Everything search.html shows around ``results``, read in two queries for the page's hits
    (and the nearest or telehealth clinics offered when nothing is near)."""
    ids = [hit.clinic_id for hit in (*results.hits, *results.nearest, *results.telehealth)]
    details, summaries = queries.result_details(session, ids), queries.source_summaries(session, ids)
    found = cards(results, details, summaries)
    return {
        **_elsewhere(results, details, summaries, found[-1].number if found else 0),
        "cards": found,
        "chips": chips(args),
        "sorts": sort_links(args, results),
        "page_numbers": page_numbers(results.page, results.pages),
        "insurer_options": insurer_options(results.facets),
        "choices": available_choices(results.facets),
        "map_data": map_data(found, results.place, results.radius_mi, tiles, clinic_url),
        "page_url": lambda number: search_url(args, page=number),
        "clear_url": clear_url(args),
        "unstated_url": lambda key: unstated_url(args, results, key),
    }
