"""Crawl sources as admins configure them: which spider reads which start URLs, how often, and
how many pages a run may fetch. Every start URL passes the same address rule as the crawler's
own requests (``clinics.netguard``), so a source cannot point the crawler at the inside of the
network.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinics import netguard
from clinics.domains import DomainError, clean_domains, hosts_of, within
from clinics.models import CrawlSource

# Spiders a source may name, and how each takes its start URLs ("list": several, separated by
# white space; "one": exactly one).
SPIDERS = {"clinic_site": "list", "directory": "one", "reviews": "one"}
SCHEDULES = {"hourly": timedelta(hours=1), "daily": timedelta(days=1),
             "weekly": timedelta(weeks=1)}
MAX_URLS = 50
MAX_URL_CHARS = 500
MAX_PAGE_LIMIT = 1_000_000
NAME_CHARS = 100

REFUSALS = {
    "bad_url": "is not a URL", "scheme": "is not an http or https URL",
    "no_host": "names no host", "unresolvable": "names a host that does not resolve",
    "private_address": "points at a private, loopback or link-local address",
    "tunnel_address": "points at a tunnelled IPv6 address",
}


class SourceError(ValueError):
    """A source the admin must fix; the message says what is wrong."""


class AllowedDomainError(SourceError):
    """The source's allowed domains are what is wrong."""


@dataclass(frozen=True)
class SourceSpec:
    name: str
    spider: str
    start_urls: list[str]
    schedule: str | None = None
    page_limit: int | None = None
    demo: bool = False
    # Hosts the crawl may visit (and their subdomains); empty: the start URLs' hosts.
    allowed_domains: tuple[str, ...] = ()


def check_url(url: str, allow_private: bool) -> str:
    """The URL, stripped, when it may be crawled; else SourceError saying why."""
    url = (url or "").strip()
    if not url or len(url) > MAX_URL_CHARS:
        raise SourceError(f"Give start URLs of at most {MAX_URL_CHARS} characters.")
    reason = netguard.refusal(url, allow_private)
    if reason:
        raise SourceError(f"“{url}” {REFUSALS.get(reason, 'may not be crawled')}.")
    return url


def validate(spec: SourceSpec, allow_private: bool) -> SourceSpec:
    """The spec with clean values, or SourceError naming the first problem."""
    name = " ".join((spec.name or "").split())
    if not name or len(name) > NAME_CHARS:
        raise SourceError(f"Give the source a name of 1 to {NAME_CHARS} characters.")
    if spec.spider not in SPIDERS:
        raise SourceError(f"Choose a spider: {', '.join(sorted(SPIDERS))}.")
    urls = list(dict.fromkeys(check_url(u, allow_private) for u in spec.start_urls if u.strip()))
    if not urls or len(urls) > MAX_URLS:
        raise SourceError(f"Give 1 to {MAX_URLS} start URLs.")
    if SPIDERS[spec.spider] == "one" and len(urls) > 1:
        raise SourceError(f"The {spec.spider} spider starts from one URL.")
    if spec.schedule not in (None, *SCHEDULES):
        raise SourceError(f"Choose a schedule: {', '.join(SCHEDULES)}, or none.")
    if spec.page_limit is not None and not 1 <= spec.page_limit <= MAX_PAGE_LIMIT:
        raise SourceError(f"The page limit is a number from 1 to {MAX_PAGE_LIMIT:,}.")
    domains = allowed_domains(spec.allowed_domains, urls, spec.spider)
    return SourceSpec(name, spec.spider, urls, spec.schedule, spec.page_limit, spec.demo,
                      tuple(domains))


# Spiders whose work is to follow links to other hosts (a directory's links to clinic sites).
FOLLOWS_OTHER_HOSTS = ("directory",)


def allowed_domains(entries, urls: list[str], spider: str | None = None) -> list[str]:
    """The checked allowed domains, or the start URLs' hosts when none are given; every start
    URL must lie within them, or its crawl would begin by refusing itself. A directory exists
    to lead to the clinics' own sites on other hosts: given none, it is not held to its own."""
    try:
        domains = clean_domains(list(entries))
        if not domains and spider not in FOLLOWS_OTHER_HOSTS:
            domains = clean_domains(hosts_of(urls))
    except DomainError as error:
        raise AllowedDomainError(str(error)) from None
    for host in hosts_of(urls) if domains else ():
        if not within(host, domains):
            raise AllowedDomainError(f"The start URLs' host “{host}” is outside the allowed "
                                     "domains.")
    return domains


def source_by_name(session: Session, name: str) -> CrawlSource | None:
    return session.scalar(select(CrawlSource).where(CrawlSource.name == " ".join(name.split())))


def add_source(session: Session, spec: SourceSpec, allow_private: bool) -> CrawlSource:
    """Store a new source; SourceError when it is invalid or its name is taken. The caller
    commits."""
    spec = validate(spec, allow_private)
    if source_by_name(session, spec.name) is not None:
        raise SourceError(f"A source named “{spec.name}” exists already.")
    source = CrawlSource(name=spec.name, spider=spec.spider, start_urls=spec.start_urls,
                         schedule=spec.schedule, page_limit=spec.page_limit, is_demo=spec.demo,
                         allowed_domains=list(spec.allowed_domains), enabled=True)
    source.next_run_at = next_run(spec.schedule, datetime.now(timezone.utc))
    session.add(source)
    session.flush()
    return source


def update_source(session: Session, source: CrawlSource, spec: SourceSpec,
                  allow_private: bool) -> None:
    """Change a source's settings (its name stays unique); the caller commits."""
    spec = validate(spec, allow_private)
    other = source_by_name(session, spec.name)
    if other is not None and other.id != source.id:
        raise SourceError(f"A source named “{spec.name}” exists already.")
    if spec.schedule != source.schedule:
        source.next_run_at = next_run(spec.schedule, datetime.now(timezone.utc))
    source.name, source.spider, source.start_urls = spec.name, spec.spider, spec.start_urls
    source.schedule, source.page_limit, source.is_demo = spec.schedule, spec.page_limit, spec.demo
    source.allowed_domains = list(spec.allowed_domains)


def next_run(schedule: str | None, after: datetime) -> datetime | None:
    return after + SCHEDULES[schedule] if schedule else None


def describe(source: CrawlSource) -> dict:
    """A source as plain values, for the audit log and `sources list`."""
    return {"name": source.name, "spider": source.spider, "start_urls": list(source.start_urls),
            "allowed_domains": list(source.allowed_domains or []),
            "schedule": source.schedule, "page_limit": source.page_limit,
            "enabled": source.enabled, "demo": source.is_demo}
