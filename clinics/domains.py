"""Host names a crawl may stay within (a source's "allowed domains").

Scrapy's offsite filter matches a request's host against each allowed name and its subdomains,
so an entry must be a bare host name: no scheme, port, path or wildcard. Checked without
regular expressions, one label at a time.
"""
from __future__ import annotations

from urllib.parse import urlsplit

MAX_DOMAINS = 20
MAX_DOMAIN_CHARS = 253
MAX_LABEL_CHARS = 63
LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


class DomainError(ValueError):
    """An allowed-domain list that cannot be used; the message says which entry and why."""


def clean_domain(text: str) -> str:
    """The host name, lower-cased and in ASCII (IDNA), or DomainError."""
    raw = (text or "").strip()
    shown = raw[:80]
    if not raw or len(raw) > MAX_DOMAIN_CHARS:
        raise DomainError(f"Give allowed domains of 1 to {MAX_DOMAIN_CHARS} characters.")
    host = raw.lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise DomainError(f"“{shown}” is not a host name.") from None
    labels = host.split(".")
    if not host or len(host) > MAX_DOMAIN_CHARS or not all(_good_label(x) for x in labels):
        raise DomainError(f"“{shown}” is not a host name: give a name such as clinic.example.org,"
                          " without http://, a port or a path.")
    return host


def _good_label(label: str) -> bool:
    return (0 < len(label) <= MAX_LABEL_CHARS and set(label) <= LABEL_CHARS
            and not label.startswith("-") and not label.endswith("-"))


def clean_domains(entries: list[str]) -> list[str]:
    """Each entry checked, duplicates dropped in order; DomainError beyond MAX_DOMAINS."""
    found = list(dict.fromkeys(clean_domain(e) for e in entries if e and e.strip()))
    if len(found) > MAX_DOMAINS:
        raise DomainError(f"Give at most {MAX_DOMAINS} allowed domains.")
    return found


def split_domains(text: str | list[str] | None) -> list[str]:
    """A spider argument (``-a allowed_domains=a,b``) or form text (one a line) as entries."""
    if not text:
        return []
    if isinstance(text, str):
        text = text.replace(",", " ").split()
    return [entry for entry in text if entry.strip()]


def hosts_of(urls: list[str]) -> list[str]:
    """The host names of ``urls`` in order, each once (the default allowed domains)."""
    return list(dict.fromkeys(host for host in (urlsplit(u).hostname for u in urls) if host))


def within(host: str, domains: list[str]) -> bool:
    """True when ``host`` is one of ``domains`` or a subdomain of one (Scrapy's rule)."""
    host = (host or "").lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)
