"""gunicorn's settings for serving the site on a web node.

    .venv/bin/python -m gunicorn -c gunicorn.conf.py "webapp:create_app()"

Everything comes from config.py: HOST and PORT to listen on, WEB_CONCURRENCY worker processes of
WEB_THREADS threads each. Requests mostly wait on the database and the index, so a few threads per
process serve them well; every process keeps its own index searchers (tens of MB each), which is
why the process count is a setting and not "two per core". The app is built in each worker, not
in the arbiter, so no database connection or open index file is shared across a fork.

With METRICS_ENABLED, set PROMETHEUS_MULTIPROC_DIR to a folder of its own: each worker writes its
counts there, /metrics adds them up, and the folder is emptied when the server starts. With
LOG_FORMAT=json the access and error logs are JSON lines too; every access line carries the
response's X-Request-ID.
"""
import logging
import os
from collections.abc import Mapping
from pathlib import Path

import config as project_config
from clinics.logs import JsonFormatter

_settings = project_config.load()

bind = f"{_settings.host}:{_settings.port}"
workers = _settings.web_workers
threads = _settings.web_threads
worker_class = "gthread"
preload_app = False
# A worker that stops answering for this long is replaced; searches take milliseconds.
timeout = 30
graceful_timeout = 20
# Workers are renewed now and then, so slow growth in one process cannot build up. A renewal
# costs a cold start, during which the other workers carry the load, so it is rare (every cache
# is bounded, and memory stays flat under load: bench.load) and the jitter is wide, so that two
# workers started together are not renewed together.
max_requests = 20000
max_requests_jitter = 10000
accesslog = "-"
errorlog = "-"
access_log_format = ('%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
                     '%({x-request-id}o)s %(D)sus')


class AccessJsonFormatter(JsonFormatter):
    """The access log as JSON lines: the usual line as ``message``, the response's request id,
    and the request's parts as fields, read from gunicorn's access-log atoms (response headers
    as "{name}o", the rest one letter each)."""

    FIELDS = {"remote": "h", "method": "m", "path": "U", "status": "s", "bytes": "B",
              "user_agent": "a"}

    def format(self, record: logging.LogRecord) -> str:
        atoms = record.args
        if isinstance(atoms, Mapping):
            request_id = atoms["{x-request-id}o"]
            record.request_id = request_id if request_id != "-" else None
            fields = {name: atoms[atom] for name, atom in self.FIELDS.items()}
            fields["duration_ms"] = round(int(atoms["D"]) / 1000, 3)
            record.fields = fields
        return super().format(record)


if _settings.log_format == "json":
    # Replaces gunicorn's handlers; the app adds its own JSON handler to the root logger.
    logconfig_dict = {
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            name: {"level": "INFO", "handlers": [handler], "propagate": False, "qualname": name}
            for name, handler in (("gunicorn.error", "errors"), ("gunicorn.access", "access"))
        },
        "handlers": {
            "errors": {"()": "clinics.logs.StderrHandler", "formatter": "json"},
            "access": {"()": "clinics.logs.StderrHandler", "formatter": "access"},
        },
        "formatters": {
            "json": {"()": JsonFormatter},
            "access": {"()": AccessJsonFormatter},
        },
    }


def _multiprocess_dir() -> Path | None:
    found = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(found) if found else None


def on_starting(server) -> None:
    """Start the metrics of a new server from zero: counts left by an earlier run would be
    added to this one's."""
    folder = _multiprocess_dir()
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()


def post_worker_init(worker) -> None:
    """Read the place tables and open the index before the worker takes its first request."""
    from webapp.warm_start import warm

    worker.log.info(warm(worker.wsgi.config["INDEX_DIR"]))


def child_exit(server, worker) -> None:
    """A worker that ends (or is renewed after max_requests) leaves its counters to the sum,
    but its live gauges are dropped."""
    if _multiprocess_dir() is not None:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
