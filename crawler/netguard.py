"""Which URLs the crawler may fetch (OWASP SSRF advice): http(s) only, and, unless private
addresses are explicitly allowed, only hosts whose every address is public.

Resolution here happens before the download; the downloader resolves again when it connects, so
a DNS answer that changes in between (rebinding) is not covered by this check alone.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https")


def url_refusal(url: str) -> str | None:
    """A short reason code when the URL itself is unfit ("scheme", "no_host"), else None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return "bad_url"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return "scheme"
    return None if host else "no_host"


def literal_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def address_refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """"private_address" for loopback, private, link-local, reserved and other non-public ones."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return None if address.is_global and not address.is_multicast else "private_address"


def resolve(host: str, port: int | None) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Every address the host name resolves to (blocking); [] when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port or 80, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        return []
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]


def host_refusal(host: str, port: int | None) -> str | None:
    """Resolve the host (unless it is an address already) and judge every address it has."""
    literal = literal_address(host)
    addresses = [literal] if literal is not None else resolve(host, port)
    if not addresses:
        return "unresolvable"
    return next((reason for a in addresses if (reason := address_refusal(a))), None)


def refusal(url: str, allow_private: bool) -> str | None:
    """Why the URL must not be fetched, or None when it may be."""
    reason = url_refusal(url)
    if reason or allow_private:
        return reason
    parts = urlsplit(url)
    return host_refusal(parts.hostname, parts.port)
