"""A crawl's figures, read from its Scrapy stats: what the job pages, `jobs show` and the
alerts speak of. Raw stats stay on the job; these names are the contract."""
from __future__ import annotations

from datetime import datetime

from clinics.provenance import aware

REJECT_PREFIXES = ("validate/rejected/", "ingest/rejected/")
POLITENESS_PREFIX = "politeness/"


def rejected_by_reason(stats: dict) -> dict[str, int]:
    reasons: dict[str, int] = {}
    for key, value in stats.items():
        for prefix in REJECT_PREFIXES:
            if key.startswith(prefix):
                reason = key[len(prefix):]
                reasons[reason] = reasons.get(reason, 0) + int(value)
    return dict(sorted(reasons.items()))


def figures(stats: dict | None, started_at: datetime | None = None,
            until: datetime | None = None) -> dict:
    """Pages fetched, items scraped, rejects by reason, clinics added/updated/unchanged,
    reviews added, errors, and pages per minute when the times are known."""
    stats = stats or {}
    reasons = rejected_by_reason(stats)
    found = {
        "pages_fetched": int(stats.get("response_received_count", 0)),
        "items_scraped": int(stats.get("item_scraped_count", 0)),
        "items_rejected": sum(reasons.values()),
        "rejected_by_reason": reasons,
        "clinics_added": int(stats.get("ingest/created", 0)),
        "clinics_updated": int(stats.get("ingest/updated", 0)),
        "clinics_unchanged": int(stats.get("ingest/unchanged", 0)),
        "reviews_added": int(stats.get("ingest/reviews_added", 0)),
        "errors": int(stats.get("log_count/ERROR", 0)) + int(stats.get("ingest/errors", 0)),
        "pages_per_minute": None,
    }
    if started_at is not None and until is not None:
        minutes = (aware(until) - aware(started_at)).total_seconds() / 60
        if minutes > 0:
            found["pages_per_minute"] = round(found["pages_fetched"] / minutes, 1)
    return found


def politeness(stats: dict | None) -> dict:
    """What the crawl saw of the sites' rules: robots.txt verdicts and crawl delays per host,
    the User-Agent and the delay it used."""
    stats = stats or {}
    robots, delays = {}, {}
    for key, value in stats.items():
        if key.startswith("politeness/robots/"):
            robots[key.removeprefix("politeness/robots/")] = value
        elif key.startswith("politeness/crawl_delay_s/"):
            delays[key.removeprefix("politeness/crawl_delay_s/")] = value
    return {"robots": robots, "crawl_delay_s": delays,
            "user_agent": stats.get("politeness/user_agent"),
            "download_delay_s": stats.get("politeness/download_delay_s")}


def job_summary(job) -> dict:
    """A job as `jobs show --json` prints it."""
    until = job.finished_at or job.heartbeat_at
    return {
        "id": job.id, "source": job.source.name if job.source else None, "spider": job.spider,
        "status": job.status, "queued_by": job.queued_by, "retry_of": job.retry_of_id,
        "created_at": _iso(job.created_at), "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at), "error": job.error,
        "stats": figures(job.stats, job.started_at, until),
        "index": (job.stats or {}).get("index"),
        "log_path": job.log_path,
    }


def _iso(moment: datetime | None) -> str | None:
    return aware(moment).isoformat() if moment else None
