"""Every setting of the project, read from the environment in one place.

Each setting names its environment variable and default. State (database, index, logs, caches)
lives under ``CLINICS_VAR`` so that a test or a second instance can point everything elsewhere by
changing one variable.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    """A snapshot of the environment; build a new one (``load()``) after changing variables."""

    # CLINICS_VAR (default ./var; var/ in the working directory when run from an egg on a Scrapyd
    # node): folder for every piece of state the project writes.
    var_dir: Path
    # DATABASE_URL (default sqlite:///$CLINICS_VAR/clinics.sqlite3): any SQLAlchemy URL;
    # postgresql+psycopg://... runs the same code on PostgreSQL.
    database_url: str
    # CLINICS_INDEX_DIR (default $CLINICS_VAR/index): parent of the Whoosh index generations.
    index_dir: Path
    # CLINICS_LOG_DIR (default $CLINICS_VAR/logs): crawl logs.
    log_dir: Path
    # CLINICS_HTTPCACHE_DIR (default $CLINICS_VAR/httpcache): Scrapy's development HTTP cache.
    httpcache_dir: Path
    # PORT (default 5000): port of the web server started by `make serve`.
    port: int
    # HOST (default 127.0.0.1): interface the web server listens on.
    host: str
    # SAMPLE_WEB_PORT (default 8001): port of the sample web started by `make demo-data`.
    sample_web_port: int
    # SAMPLE_WEB_SEED (default 2026): seed of the sample web generator; same seed, same web.
    sample_web_seed: int
    # CRAWL_ALLOW_PRIVATE (default false): let spiders fetch loopback/private addresses.
    # Only the sample web and the tests turn it on.
    crawl_allow_private: bool
    # CRAWL_NICENESS (default 10): CPU niceness (0-19) of crawl processes, so that on a machine
    # that also serves the site, pages keep the processor first. 0 runs crawls at normal priority.
    crawl_niceness: int
    # CRAWL_USER_AGENT: how the crawler introduces itself to the sites it visits.
    crawl_user_agent: str
    # CRAWL_CONTACT_URL (default http://localhost/about): where a site owner can reach the operators.
    crawl_contact_url: str
    # SECRET_KEY (default: generated once into $CLINICS_VAR/secret_key): signs sessions and CSRF tokens.
    secret_key: str = field(repr=False)
    # MAX_CONTENT_LENGTH (default 65536): largest request body the web app accepts, in bytes.
    max_content_length: int = 65536
    # SEARCH_PAGE_SIZE (default 20): results per page.
    search_page_size: int = 20
    # MAP_TILE_URL (default empty: no tiles): a Leaflet tile template such as
    # https://tile.openstreetmap.org/{z}/{x}/{y}.png. Off by default because every tile request
    # tells the tile server which area a patient is looking at; the map works without tiles.
    map_tile_url: str = ""
    # MAP_TILE_ATTRIBUTION: the credit line the tile provider requires, shown on the map.
    map_tile_attribution: str = ""
    # SITE_URL (default http://127.0.0.1:$PORT): the origin people reach the site at, such as
    # https://clinics.example.org. The absolute URLs the site writes (sitemap.xml, robots.txt,
    # JSON-LD) are built from it, never from a request's Host header. It plays the part of
    # Flask's SERVER_NAME, scheme included.
    site_url: str = "http://127.0.0.1:5000"
    # TRUSTED_HOSTS (default: SITE_URL's host, localhost and 127.0.0.1): host names, separated by
    # commas, that requests may name in their Host header; any other gets 400. A name starting
    # with a dot also admits its subdomains. "*" admits every host (when a proxy in front of the
    # site already checks it).
    trusted_hosts: tuple[str, ...] = ("127.0.0.1", "localhost")
    # LOGIN_ACCOUNT_FREE_FAILURES (default 5): wrong passwords in a row one account may have
    # before it is locked, whichever addresses they come from.
    login_account_free_failures: int = 5
    # LOGIN_ACCOUNT_BACKOFF_S (default 1): the first lock, in seconds; each further wrong
    # password doubles it.
    login_account_backoff_s: float = 1.0
    # LOGIN_ACCOUNT_MAX_LOCK_S (default 900): the longest lock, in seconds.
    login_account_max_lock_s: float = 900.0
    # SESSION_COOKIE_SECURE (default false): send the session cookie over HTTPS only; turn it on
    # whenever the site is served over HTTPS.
    session_cookie_secure: bool = False
    # WORKER_POLL_S (default 5): how often an idle crawl worker looks for queued jobs.
    worker_poll_s: float = 5.0
    # WORKER_HEARTBEAT_S (default 2): how often a busy worker records that it is alive and
    # copies the crawl's live figures into its job.
    worker_heartbeat_s: float = 2.0
    # WORKER_DEAD_AFTER_S (default 60): a running job whose heartbeat is older than this has
    # lost its worker: it is failed and queued again once.
    worker_dead_after_s: float = 60.0
    # CRAWL_LIVE_STATS_S (default 2): how often a crawl writes its live figures for its job page.
    crawl_live_stats_s: float = 2.0
    # CRAWL_BACKEND (default local): "local" runs each job as a `scrapy crawl` process beside its
    # worker; "scrapyd" schedules it on the Scrapyd nodes of SCRAPYD_URL, which must share
    # DATABASE_URL (in their own environment) and have the project deployed
    # (`flask --app webapp scrapyd deploy`).
    crawl_backend: str = "local"
    # SCRAPYD_URL (default http://127.0.0.1:6800): one Scrapyd node, or several separated by
    # commas; a job goes to the node with the fewest jobs. user:password@ in a URL is sent as
    # HTTP basic authentication.
    scrapyd_urls: tuple[str, ...] = ("http://127.0.0.1:6800",)
    # SCRAPYD_PROJECT (default crawler): the project name the crawler is deployed under.
    scrapyd_project: str = "crawler"
    # STALE_AFTER_DAYS (default 90): a listing no crawl has seen for longer is stale.
    stale_after_days: int = 90
    # ALERT_WEBHOOK_URL (default empty): a URL that receives a JSON POST when a crawl fails or
    # its figures fall far from the source's last run.
    alert_webhook_url: str = ""
    # SMTP_HOST, SMTP_PORT (587), SMTP_USER, SMTP_PASSWORD, SMTP_STARTTLS (true), ALERT_EMAIL_FROM,
    # ALERT_EMAIL_TO (addresses separated by commas): the same alerts by email, when SMTP_HOST and
    # ALERT_EMAIL_TO are set.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_starttls: bool = True
    alert_email_from: str = "clinic-directory@localhost"
    alert_email_to: tuple[str, ...] = ()
    # API_RATE_LIMIT (default "120 per minute"): requests each partner API key may make, in
    # Flask-Limiter's notation ("600 per minute;20000 per day").
    api_rate_limit: str = "120 per minute"
    # API_CORS_ORIGINS (default empty: no CORS): origins, separated by commas, whose web pages
    # may read the API's GET answers; "*" for any.
    api_cors_origins: str = ""
    # RATELIMIT_STORAGE_URI (default memory://): where rate-limit and sign-in counts live, as a
    # `limits` storage URI. memory:// counts in each process alone; several web processes or
    # nodes share one limit through a server such as redis://127.0.0.1:6379.
    ratelimit_storage_uri: str = "memory://"
    # TRUSTED_PROXIES (default 0; PROXY_FIX is the older name of the same setting): how many
    # reverse proxies in front of the site append to X-Forwarded-For (and X-Forwarded-Proto).
    # 0 ignores those headers, as a site reached directly must, since any client can send them;
    # 1 behind one nginx, and so on.
    proxy_fix: int = 0
    # WEB_CONCURRENCY (default 2): gunicorn worker processes on one web node (gunicorn.conf.py).
    # Each process opens its own index searchers, so memory grows with this number.
    web_workers: int = 2
    # WEB_THREADS (default 4): threads per gunicorn worker process.
    web_threads: int = 4
    # SEARCH_FILTER_CACHE_SIZE (default 2048): document sets of filter values (an insurer, a
    # treatment, a map cell) each searching process keeps per index version, least recently
    # used first out. Each costs about one bit per indexed clinic (2.5 kB at 20,000 clinics).
    search_filter_cache_size: int = 2048
    # METRICS_ENABLED (default false): serve Prometheus metrics at /metrics (404 while off).
    # Under gunicorn, set PROMETHEUS_MULTIPROC_DIR to an empty folder so that every worker
    # process's counts are added up (prometheus_client's multiprocess mode).
    metrics_enabled: bool = False
    # METRICS_TOKEN (default empty: no token): when set, /metrics answers only requests that
    # carry "Authorization: Bearer <token>".
    metrics_token: str = field(default="", repr=False)
    # LOG_FORMAT (default text): "json" writes every log line of the web app and the crawl
    # worker as one JSON object, with the request id (X-Request-ID) or the crawl job it is about.
    log_format: str = "text"


def _secret_key(var_dir: Path) -> str:
    """Read SECRET_KEY, or create one under var/ on first use so it is never committed."""
    return os.environ.get("SECRET_KEY") or _stored_secret_key(var_dir)


@lru_cache(maxsize=8)
def _stored_secret_key(var_dir: Path) -> str:
    """The key kept under var/; read once per process, since load() runs on many code paths.

    Several processes (workers, web nodes) may start together on a new var/: the key is written
    whole to a file of this process's own and linked into place, so the first link wins, no one
    ever reads a half-written key, and every later process reads the winner's.
    """
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        _place_new_key(path)
    return path.read_text().strip()


def _place_new_key(path: Path) -> None:
    """Write a new key beside `path` and link it in, unless another process got there first."""
    draft = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink(missing_ok=True)


def _trusted_hosts(site_url: str) -> tuple[str, ...]:
    """TRUSTED_HOSTS as a tuple of names; () means any host."""
    raw = os.environ.get("TRUSTED_HOSTS", "").strip()
    if raw == "*":
        return ()
    if raw:
        return tuple(name.strip().lower() for name in raw.split(",") if name.strip())
    site_host = (urlsplit(site_url).hostname or "").lower()
    return tuple(dict.fromkeys(filter(None, (site_host, "localhost", "127.0.0.1"))))


def _default_var_dir() -> Path:
    """var/ beside the code; when the code runs from a zipped egg (on a Scrapyd node), var/ in
    the working directory, since nothing can be written inside the egg."""
    return ROOT / "var" if ROOT.is_dir() else Path.cwd() / "var"


CRAWL_BACKENDS = ("local", "scrapyd")


def _crawl_backend() -> str:
    """CRAWL_BACKEND, refused at once when misspelt rather than quietly run locally."""
    backend = os.environ.get("CRAWL_BACKEND", "").strip().lower() or "local"
    if backend not in CRAWL_BACKENDS:
        raise ValueError(f"CRAWL_BACKEND must be one of {', '.join(CRAWL_BACKENDS)}, "
                         f"not {backend!r}.")
    return backend


def load() -> Settings:
    """Build the settings from the current environment."""
    var_dir = Path(os.environ.get("CLINICS_VAR") or _default_var_dir()).resolve()
    contact = os.environ.get("CRAWL_CONTACT_URL", "http://localhost/about")
    port = _env_int("PORT", 5000)
    site_url = (os.environ.get("SITE_URL") or f"http://127.0.0.1:{port}").strip().rstrip("/")
    return Settings(
        var_dir=var_dir,
        database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{var_dir / 'clinics.sqlite3'}",
        index_dir=Path(os.environ.get("CLINICS_INDEX_DIR") or var_dir / "index"),
        log_dir=Path(os.environ.get("CLINICS_LOG_DIR") or var_dir / "logs"),
        httpcache_dir=Path(os.environ.get("CLINICS_HTTPCACHE_DIR") or var_dir / "httpcache"),
        port=port,
        host=os.environ.get("HOST", "127.0.0.1"),
        sample_web_port=_env_int("SAMPLE_WEB_PORT", 8001),
        sample_web_seed=_env_int("SAMPLE_WEB_SEED", 2026),
        crawl_allow_private=_env_bool("CRAWL_ALLOW_PRIVATE", False),
        crawl_niceness=_env_int("CRAWL_NICENESS", 10),
        crawl_user_agent=os.environ.get(
            "CRAWL_USER_AGENT", f"ClinicDirectoryBot/0.1 (+{contact})"
        ),
        crawl_contact_url=contact,
        secret_key=_secret_key(var_dir),
        max_content_length=_env_int("MAX_CONTENT_LENGTH", 65536),
        search_page_size=_env_int("SEARCH_PAGE_SIZE", 20),
        map_tile_url=os.environ.get("MAP_TILE_URL", "").strip(),
        map_tile_attribution=os.environ.get("MAP_TILE_ATTRIBUTION", "").strip(),
        site_url=site_url,
        trusted_hosts=_trusted_hosts(site_url),
        login_account_free_failures=_env_int("LOGIN_ACCOUNT_FREE_FAILURES", 5),
        login_account_backoff_s=_env_float("LOGIN_ACCOUNT_BACKOFF_S", 1.0),
        login_account_max_lock_s=_env_float("LOGIN_ACCOUNT_MAX_LOCK_S", 900.0),
        session_cookie_secure=_env_bool("SESSION_COOKIE_SECURE", False),
        worker_poll_s=_env_float("WORKER_POLL_S", 5.0),
        worker_heartbeat_s=_env_float("WORKER_HEARTBEAT_S", 2.0),
        worker_dead_after_s=_env_float("WORKER_DEAD_AFTER_S", 60.0),
        crawl_live_stats_s=_env_float("CRAWL_LIVE_STATS_S", 2.0),
        crawl_backend=_crawl_backend(),
        scrapyd_urls=tuple(url.strip().rstrip("/") for url in
                           (os.environ.get("SCRAPYD_URL") or "http://127.0.0.1:6800").split(",")
                           if url.strip()),
        scrapyd_project=os.environ.get("SCRAPYD_PROJECT", "").strip() or "crawler",
        stale_after_days=_env_int("STALE_AFTER_DAYS", 90),
        alert_webhook_url=os.environ.get("ALERT_WEBHOOK_URL", "").strip(),
        smtp_host=os.environ.get("SMTP_HOST", "").strip(),
        smtp_port=_env_int("SMTP_PORT", 587),
        smtp_user=os.environ.get("SMTP_USER", ""),
        smtp_password=os.environ.get("SMTP_PASSWORD", ""),
        smtp_starttls=_env_bool("SMTP_STARTTLS", True),
        alert_email_from=os.environ.get("ALERT_EMAIL_FROM", "clinic-directory@localhost"),
        alert_email_to=tuple(a.strip() for a in os.environ.get("ALERT_EMAIL_TO", "").split(",")
                             if a.strip()),
        api_rate_limit=os.environ.get("API_RATE_LIMIT", "").strip() or "120 per minute",
        api_cors_origins=os.environ.get("API_CORS_ORIGINS", "").strip(),
        ratelimit_storage_uri=os.environ.get("RATELIMIT_STORAGE_URI", "").strip() or "memory://",
        proxy_fix=max(0, _env_int("TRUSTED_PROXIES", _env_int("PROXY_FIX", 0))),
        web_workers=max(1, _env_int("WEB_CONCURRENCY", 2)),
        web_threads=max(1, _env_int("WEB_THREADS", 4)),
        search_filter_cache_size=max(1, _env_int("SEARCH_FILTER_CACHE_SIZE", 2048)),
        metrics_enabled=_env_bool("METRICS_ENABLED", False),
        metrics_token=os.environ.get("METRICS_TOKEN", "").strip(),
        log_format=("json" if os.environ.get("LOG_FORMAT", "").strip().lower() == "json"
                    else "text"),
    )
