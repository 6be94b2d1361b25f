"""Log lines as JSON objects, and what each line is about.

With LOG_FORMAT=json every process of the project (web app, crawl worker) writes one JSON object
per line to standard error, so a log shipper can read the fields without parsing prose. A line
says what it is about: the web app names the request (``request_id``, set by a filter of its
own), the worker names the crawl job it is running (``job_context``).
"""
from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Iterator

# The crawl job the current thread is working on, for the lines it logs meanwhile.
_JOB_ID: ContextVar[int | None] = ContextVar("job_id", default=None)

# Record attributes that travel as their own fields when a filter or ``extra=`` sets them.
CONTEXT_FIELDS = ("request_id", "job_id")


@contextmanager
def job_context(job_id: int) -> Iterator[None]:
    """Name ``job_id`` on every line this thread logs inside the block."""
    token = _JOB_ID.set(job_id)
    try:
        yield
    finally:
        _JOB_ID.reset(token)


class JobFilter(logging.Filter):
    """Adds ``job_id`` to records logged inside ``job_context``; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "job_id", None) is None:
            record.job_id = _JOB_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, RFC 3339), level, logger, message, the context
    fields that are set, a record's own ``fields`` (a dict), and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        line.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time, so a replaced stream (a test's
    capture, a daemon's redirect) is followed rather than written to after it is closed."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def use_json_lines(*filters: logging.Filter, level: int = logging.INFO) -> logging.Handler:
    """Send the root logger's records to standard error as JSON lines, replacing any handler
    this function installed before (so building several apps in one process adds one).

    ``filters`` are added to the handler, e.g. one that names the current request.
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(old)
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(JobFilter())
    for extra in filters:
        handler.addFilter(extra)
    root.addHandler(handler)
    if root.level > level:
        root.setLevel(level)
    return handler
