"""Each listed clinic's JSON, kept in the process, so a page of the listing is one light query.

A clinic's listed shape (``partner_shape.listed``) changes only when a public fact of it does, and
then ``Clinic.changed_at`` moves: that is the promise ``updated_since`` keeps to partners
(``clinics.public_changes``), and the shape's own ``updated_at`` is that moment. So the JSON text
of a listed clinic is kept under (id, changed_at, first_seen) and reused until the key moves; a
page reads only those three columns of its clinics, loads in full only the clinics not kept, and
joins the texts into the answer. Tombstones are made from the light rows alone.

The texts are what the app's JSON provider writes for each clinic inside a compact answer, so the
answer is byte for byte the one ``jsonify`` would give (and its ETag the same). When the provider
is not compact (debug), the page is built as plain dicts instead. Each app keeps its own cache,
since each app reads its own database; it holds at most API_LISTING_CACHE_SIZE clinics (default
10,000, about 1.2 kB each), least recently used first out.

The watermark of a first page (the newest ``changed_at`` of all clinics) is read again at most
every API_LAST_CHANGE_TTL_S seconds (default 1) per app: no index serves that maximum, so each
read scans the clinics table. A remembered value is never later than a fresh one (changes are
stamped when they are made), so a partner's next sync starts a little earlier and misses nothing.
"""
from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from datetime import datetime
from typing import Iterable, Sequence

from flask import Response, current_app
from sqlalchemy.orm import Session

from webapp import partner_queries, partner_shape

DEFAULT_SIZE = 10_000
DEFAULT_LAST_CHANGE_TTL_S = 1.0
EXTENSION = "partner_listing_json"
LAST_CHANGE = "partner_last_change"
COMPACT = (",", ":")
_HEAD = '{"clinics":[]'


class JsonTexts:
    """A bounded least-recently-used map from a clinic's key to its JSON text; thread-safe."""

    def __init__(self, size: int) -> None:
        self.size = max(0, size)
        self._texts: OrderedDict[tuple, str] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._texts)

    def get_many(self, keys: Sequence[tuple]) -> list[str | None]:
        found: list[str | None] = []
        with self._lock:
            for key in keys:
                text = self._texts.get(key)
                if text is not None:
                    self._texts.move_to_end(key)
                found.append(text)
        return found

    def put_many(self, pairs: Iterable[tuple[tuple, str]]) -> None:
        with self._lock:
            for key, text in pairs:
                self._texts[key] = text
                self._texts.move_to_end(key)
            while len(self._texts) > self.size:
                self._texts.popitem(last=False)


def key_of(clinic) -> tuple:
    """What a listed clinic's JSON depends on beyond its id: when its public facts last
    changed (and when it was first seen, which stands in for that until something changes)."""
    return clinic.id, clinic.changed_at, clinic.first_seen


def _texts_cache() -> JsonTexts:
    extensions = current_app.extensions
    cache = extensions.get(EXTENSION)
    if cache is None:
        size = current_app.config.get("API_LISTING_CACHE_SIZE", DEFAULT_SIZE)
        cache = extensions.setdefault(EXTENSION, JsonTexts(int(size)))
    return cache


def last_change(session: Session) -> datetime | None:
    """``partner_queries.last_change``, remembered for API_LAST_CHANGE_TTL_S seconds."""
    ttl_s = float(current_app.config.get("API_LAST_CHANGE_TTL_S", DEFAULT_LAST_CHANGE_TTL_S))
    now = time.monotonic()
    known = current_app.extensions.get(LAST_CHANGE)
    if known is not None and now - known[0] < ttl_s:
        return known[1]
    value = partner_queries.last_change(session)
    current_app.extensions[LAST_CHANGE] = (now, value)
    return value


def _compact() -> bool:
    provider = current_app.json
    compact = getattr(provider, "compact", None)
    return not ((compact is None and current_app.debug) or compact is False)


def _dump(data: dict) -> str:
    return current_app.json.dumps(data, separators=COMPACT)


def listed_texts(session: Session, heads: Sequence) -> list[str]:
    """The JSON text of each listed clinic of ``heads`` (rows with id, changed_at and
    first_seen), in order; the clinics not kept are loaded in one go and kept.

    A text made now is kept under the key of the row it was made from, so a change that lands
    between the two reads is never filed under the older key. A clinic gone from the database
    between them is left out."""
    cache = _texts_cache()
    texts = cache.get_many([key_of(head) for head in heads])
    missing = [head.id for head, text in zip(heads, texts) if text is None]
    if not missing:
        return texts  # type: ignore[return-value]
    made = {clinic.id: (key_of(clinic), _dump(partner_shape.listed(clinic)))
            for clinic in partner_queries.listed_clinics(session, missing)}
    cache.put_many(made.values())
    filled = [text if text is not None else made.get(head.id, (None, None))[1]
              for head, text in zip(heads, texts)]
    return [text for text in filled if text is not None]


def page_response(texts: list[str], rest: dict) -> Response:
    """The answer ``{"clinics": [...texts], **rest}``, as the app's JSON provider writes it."""
    provider = current_app.json
    body = {"clinics": [], **rest}
    if _compact():
        shell = provider.dumps(body, separators=COMPACT)
        if shell.startswith(_HEAD):
            text = '{"clinics":[' + ",".join(texts) + "]" + shell[len(_HEAD):] + "\n"
            return current_app.response_class(text, mimetype=provider.mimetype)
    body["clinics"] = [json.loads(text) for text in texts]
    return provider.response(body)
