"""The answers behind /healthz: can this node reach its database and read its search index."""
from __future__ import annotations

from flask import current_app

from search_index import SearchRequest, search
from webapp import queries
from webapp.db import get_session


def database_status() -> str:
    return "ok" if queries.database_reachable(get_session()) else "unavailable"


# A word no clinic uses: the probe opens the live index and runs a query without loading every
# clinic's stored fields, as an empty query (which matches all) would.
PROBE = SearchRequest(q="zzyzxhealthprobe", per_page=1)


def index_status() -> str:
    """"ok" when a search runs; a missing or broken index reports "unavailable"."""
    try:
        search(PROBE, index_dir=current_app.config["INDEX_DIR"])
    except Exception:  # a probe reports any failure as a state, and logs it for the operator
        current_app.logger.exception("search index health check failed")
        return "unavailable"
    return "ok"


def report() -> tuple[dict, int]:
    """The JSON body and status: 200 when everything answers, 503 otherwise."""
    body = {"database": database_status(), "index": index_status()}
    healthy = all(value == "ok" for value in body.values())
    return {"status": "ok" if healthy else "degraded", **body}, 200 if healthy else 503
