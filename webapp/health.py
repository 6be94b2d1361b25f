"""Probes for a load balancer or an orchestrator.

``/healthz`` (liveness) says only that the process answers: it touches neither the database nor the
index, so a database outage never gets every web process restarted. ``/readyz`` (readiness) says
whether this node can serve: it reads a real table of the database and runs a search on the live
index, and answers 503 naming the part that is down.
"""
from __future__ import annotations

from flask import Blueprint, current_app

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


bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    return report()
