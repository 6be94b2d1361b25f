"""Every clinic a search's filters match, as ids: the partner listing pages over them itself.

The same steps as ``query.search`` (text, place, radius, filters), with no ranking, no page and no
widening: a partner asking for clinics within 10 miles gets exactly those.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from search_index import bits, filters, places
from search_index.checks import checked
from search_index.errors import IndexUnavailable, SearchError
from search_index.query import _narrowed
from search_index.readers import UNREADABLE, forget_thread_view, thread_view
from search_index.request import SearchRequest
from search_index.textmatch import match_text


def matching_ids(request: SearchRequest, index_dir: Path | str) -> list[int]:
    """Ids of the active clinics that match every filter of ``request``, ascending.

    Raises what ``search`` raises: SearchError or UnknownPlace for bad input, IndexUnavailable
    when the index cannot be read.
    """
    view = thread_view(Path(index_dir))
    request = replace(checked(request, view.snapshot.has_value), widen=False, unstated=None)
    place = places.resolve(request.near)
    try:
        snapshot = view.snapshot
        docs = filters.base_docs(snapshot, places.state_of(place))
        text = match_text(request.q, snapshot, view.searcher)
        if text.docs is not None:
            docs &= text.docs
        matched, _, _ = _narrowed(docs, filters.narrowings(request, snapshot), request, place,
                                  view)
        return sorted(snapshot.rows[d].clinic_id for d in bits.members(matched))
    except SearchError:
        raise
    except Exception as error:  # noqa: BLE001 - Whoosh raises anything, even bare Exception
        forget_thread_view(Path(index_dir))
        raise IndexUnavailable(f"{UNREADABLE} ({type(error).__name__}: {error})") from error
