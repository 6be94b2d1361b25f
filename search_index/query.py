"""The one search function behind the public page and the API.

Each step works on sets of document numbers of one index version (see ``snapshot``): the free text
gives a set (and scores), each filter gives the set it matches and the set that does not state
its fact, the radius keeps the clinics whose exact great-circle distance fits, and the filters
narrow last, so that the total, the facets and the "left out" counts all describe the same
clinics. When nothing is inside the radius asked for, the search widens to 25, 50 and 100 miles
and says why. Only the page shown is sorted and turned into hits.
"""
from __future__ import annotations

from pathlib import Path

import config
from clinics.geo import Place

from search_index import beyond, filters, leftout, places, ranking
from search_index import bits
from search_index.checks import checked
from search_index.errors import IndexUnavailable, SearchError
from search_index.facts import ClinicRow
from search_index.nearby import Nearby, within
from search_index.readers import UNREADABLE, IndexView, forget_thread_view, thread_view
from search_index.request import Hit, SearchRequest, SearchResults
from search_index.textmatch import TextMatch, match_text


def search(request: SearchRequest, index_dir: Path | str | None = None) -> SearchResults:
    """Answer one search.

    Raises SearchError (bad input) or UnknownPlace (with ``suggestions``); both are ValueErrors
    whose message can be shown to the user as it is. Raises IndexUnavailable when the index is not
    built or cannot be read, whether at opening or half-way through the search (a damaged posting
    list is only read when a word asks for it). ``index_dir`` defaults to the configured one. Safe
    to call from many threads at once.
    """
    index_dir = Path(index_dir) if index_dir else config.load().index_dir
    view = thread_view(index_dir)
    request = checked(request, view.snapshot.has_value)
    place = places.resolve(request.near)
    sort = _sort(request.sort, place)
    try:
        return _answer(request, place, sort, view)
    except SearchError:
        raise
    except Exception as error:  # noqa: BLE001 - Whoosh raises anything, even bare Exception
        forget_thread_view(index_dir)
        raise IndexUnavailable(f"{UNREADABLE} ({type(error).__name__}: {error})") from error


def _answer(request: SearchRequest, place: Place | None, sort: str,
            view: IndexView) -> SearchResults:
    """The search itself, over a checked request: every step from here reads the index."""
    snapshot = view.snapshot
    text = match_text(request.q, snapshot, view.searcher)
    docs = filters.base_docs(snapshot, places.state_of(place))
    if text.docs is not None:
        docs &= text.docs
    narrowed = filters.narrowings(request, snapshot)
    matched, unknown_counts, nearby = _narrowed(docs, narrowed, request, place, view)
    nearest, telehealth = _elsewhere(docs, narrowed, matched, request, place, nearby, snapshot)
    stop = request.page * request.per_page
    ordered = ranking.first(matched, sort, stop, snapshot, view.searcher, text, nearby)
    if text.docs is not None:
        snapshot.note_text(request.q, text.scored and sort == "relevance")
    distances = nearby.distance_mi if nearby is not None else {}
    radius_mi = nearby.radius_mi if nearby is not None else None
    return SearchResults(
        hits=[_hit(snapshot.rows[d], distances.get(d)) for d in ordered[stop - request.per_page:]],
        total=matched.bit_count(),
        page=request.page,
        per_page=request.per_page,
        place=place,
        radius_mi=radius_mi,
        facets=filters.facets(matched, snapshot),
        unknown_counts=unknown_counts,
        sort=sort,
        asked_radius_mi=request.radius_mi if nearby is not None else None,
        did_you_mean=text.did_you_mean,
        notices=_notices(text, nearby, request, place, bool(narrowed or text.scored),
                         (bool(matched), len(nearest))),
        left_out=leftout.left_out(unknown_counts, request, place, radius_mi),
        unstated=request.unstated,
        nearest=[_hit(snapshot.rows[d], miles) for d, miles in nearest],
        telehealth=[_hit(snapshot.rows[d], miles) for d, miles in telehealth],
    )


def _elsewhere(docs: int, narrowed: list[filters.Narrowing], matched: int,
               request: SearchRequest, place: Place | None, nearby: Nearby | None,
               snapshot) -> tuple[list, list]:
    """(nearest matches at any distance, telehealth clinics of the place's state), when the search
    found nothing within the radius asked: each as (document, miles) pairs."""
    if (nearby is None or request.unstated or not request.widen
            or (matched and nearby.radius_mi == request.radius_mi)):
        return [], []
    anywhere = bits.intersection((n.matches for n in narrowed), docs)
    found = [] if matched else beyond.nearest(snapshot, anywhere, place)
    shown = matched | bits.from_members((d for d, _ in found), snapshot.size)
    return found, beyond.telehealth(snapshot, anywhere & ~shown, place)


def _sort(asked: str | None, place: Place | None) -> str:
    if asked == "distance" and not places.is_point(place):
        raise SearchError("Sorting by distance needs a ZIP code, a city or your location, "
                          "not a whole state.")
    if asked:
        return asked
    return "distance" if places.is_point(place) else "relevance"


def _narrowed(docs: int, narrowed: list[filters.Narrowing], request: SearchRequest,
              place: Place | None, view: IndexView) -> tuple[int, dict[str, int], Nearby | None]:
    """(matching clinics, "left out" counts, the radius that found them), widening if need be.

    Distances are computed for every clinic that matches or is silent on each filter, so that
    the counts of those left out describe the same radius as the results.
    """
    docs = filters.candidates(docs, narrowed)
    if not places.is_point(place):
        return (*filters.left_out(docs, narrowed), None)
    for radius in places.radii(request.radius_mi, request.widen):
        nearby = within(view.snapshot, docs, place, radius)
        matched, unknown_counts = filters.left_out(nearby.docs, narrowed)
        if matched:
            break
    return matched, unknown_counts, nearby


def _notices(text: TextMatch, nearby: Nearby | None, request: SearchRequest,
             place: Place | None, narrowed: bool, found: tuple[bool, int]) -> list[str]:
    """What the search did on its own; ``found`` is (anything matched, nearest shown instead)."""
    matched, nearest = found
    notices = []
    if text.did_you_mean:
        notices.append(f"Showing results for “{text.did_you_mean}”.")
    if nearby is not None and nearby.radius_mi != request.radius_mi:
        notices.append(leftout.widened(request.radius_mi, nearby.radius_mi, narrowed))
    if nearby is not None and not matched and request.widen and not request.unstated:
        notices.append(leftout.nothing_near(nearby.radius_mi, nearest))
    if request.unstated:
        notices.append(leftout.showing_unstated(
            request, place, nearby.radius_mi if nearby is not None else None))
    return notices


def _tri_state(word: str) -> bool | None:
    return {"yes": True, "no": False}.get(word)


def _hit(row: ClinicRow, distance_mi: float | None) -> Hit:
    """A result copied out of the version's rows, so it outlives the searcher."""
    fact = row.fact
    return Hit(
        clinic_id=row.clinic_id, slug=row.slug, name=row.name, city=row.city, state=row.state,
        postal_code=row.postal_code, distance_mi=distance_mi, treatments=list(row.treatments),
        insurers=list(row.insurers), insurance_accepted=fact("insurance_accepted"),
        sliding_scale=_tri_state(fact("sliding_scale")), rating=row.rating,
        review_count=row.review_count, price_min_usd=row.price_min_usd,
        price_max_usd=row.price_max_usd, organization=row.organization,
        conditions=list(row.conditions), credentials=list(row.credentials),
        payment_plans=_tri_state(fact("payment_plans")),
        free_consultation=_tri_state(fact("free_consultation")),
        aftercare=_tri_state(fact("aftercare")),
        accepting_new_patients=_tri_state(fact("accepting_new_patients")),
        telehealth=_tri_state(fact("telehealth")), npi_verified=fact("npi_verified") == "yes",
        last_seen=row.last_seen,
    )
