"""What a request may carry, checked before a view or a query sees it.

Every value a visitor sends is capped in length, and NUL bytes are refused with a 400: no form or
search needs one, and PostgreSQL text columns cannot hold them. Path parameters that cannot name
anything are a 404 before any query: the router refuses a clinic slug that is not a slug and an
API id past the schema's integer ids (32-bit on PostgreSQL; SQLite's 64-bit limit is wider
still), and a check before every view refuses the same ids and NUL bytes on all other routes.
The search's own arguments have tighter caps with messages of their own (``search_params``).
"""
from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.datastructures import MultiDict
from werkzeug.routing import BaseConverter

# Ids are INTEGER columns: PostgreSQL's are 32-bit, and a larger number fails in the driver.
MAX_ID = 2**31 - 1
# Slugs are lower-case letters, digits and dashes (``clinics.normalize.slugify``, plus "-2" and so
# on for a repeated name), in a column of 220 characters.
MAX_SLUG_CHARS = 220
# Any one query-string or form value the site does not cap more tightly.
MAX_VALUE_CHARS = 4000
MAX_QUERY_ARGS = 100


class SlugConverter(BaseConverter):
    """``<slug:name>``: what ``slugify`` can produce, so anything else is a 404 without a query."""

    regex = rf"[a-z0-9][a-z0-9-]{{0,{MAX_SLUG_CHARS - 1}}}"


def _refused(values: MultiDict) -> bool:
    pairs = values.items(multi=True)
    return any("\x00" in key or "\x00" in value or len(value) > MAX_VALUE_CHARS
               for key, value in pairs)


def _names_nothing(value) -> bool:
    """A path parameter no row can have: an id beyond the integer columns, a NUL, a novel."""
    if isinstance(value, int):
        return not -MAX_ID - 1 <= value <= MAX_ID
    return isinstance(value, str) and ("\x00" in value or len(value) > MAX_VALUE_CHARS)


def check_request() -> None:
    """404 for a path parameter that cannot name anything, on every route (admin ones too, whose
    plain ``<int:...>`` converters take any number); 400 for a NUL byte or an overlong value in
    the query string or a submitted form."""
    if any(_names_nothing(value) for value in (request.view_args or {}).values()):
        abort(404)
    if sum(len(values) for values in request.args.listvalues()) > MAX_QUERY_ARGS:
        abort(400)
    if _refused(request.args) or (request.method == "POST" and _refused(request.form)):
        abort(400)


def init_app(app: Flask) -> None:
    """Call before blueprints are registered: their rules look the converter up when added."""
    app.url_map.converters["slug"] = SlugConverter
    app.before_request(check_request)
