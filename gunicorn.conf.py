"""gunicorn's settings for serving the site on a web node.

    .venv/bin/python -m gunicorn -c gunicorn.conf.py "webapp:create_app()"

Everything comes from config.py: HOST and PORT to listen on, WEB_CONCURRENCY worker processes of
WEB_THREADS threads each. Requests mostly wait on the database and the index, so a few threads per
process serve them well; every process keeps its own index searchers (tens of MB each), which is
why the process count is a setting and not "two per core". The app is built in each worker, not
in the arbiter, so no database connection or open index file is shared across a fork.
"""
import config as project_config

_settings = project_config.load()

bind = f"{_settings.host}:{_settings.port}"
workers = _settings.web_workers
threads = _settings.web_threads
worker_class = "gthread"
preload_app = False
# A worker that stops answering for this long is replaced; searches take milliseconds.
timeout = 30
graceful_timeout = 20
# Workers are renewed now and then, so slow growth in one process cannot build up.
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
