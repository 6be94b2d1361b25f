"""Which URLs may be fetched on the operators' behalf (OWASP SSRF advice): http(s) only, and,
unless private addresses are explicitly allowed, only hosts whose every address is public.

One rule for every caller: the crawler's middleware judges each request (every redirect hop and
robots.txt included), the one-page extract command judges each hop it follows, and an admin form
that takes a crawl source judges its URLs here too.

An IPv6 address can carry an IPv4 one that the network delivers to: IPv4-mapped
(``::ffff:a.b.c.d``), IPv4-compatible (``::a.b.c.d``) and NAT64 (``64:ff9b::/96``,
``64:ff9b:1::/48``) addresses are judged by the IPv4 address inside them, so
``64:ff9b::a9fe:a9fe`` is the cloud metadata address it hides. 6to4 (``2002::/16``) and Teredo
(``2001::/32``) are tunnels whose far end we cannot judge: they are refused outright.

Resolution here happens before the download; the downloader resolves again when it connects, so
a DNS answer that changes in between (rebinding) is not covered by this check alone.
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https")
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# NAT64: the well-known prefix (RFC 6052) and the local-use prefix (RFC 8215).
NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
NAT64_LOCAL_USE = ipaddress.IPv6Network("64:ff9b:1::/48")
# IPv4-compatible addresses (RFC 4291, deprecated): the IPv4 address in the low 32 bits.
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")
TEREDO = ipaddress.IPv6Network("2001::/32")


def url_refusal(url: str) -> str | None:
    """A short reason code when the URL itself is unfit ("bad_url", "scheme", "no_host"),
    else None."""
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port  # a port that is not a number raises here
    except ValueError:
        return "bad_url"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return "scheme"
    return None if host else "no_host"


def literal_address(host: str) -> Address | None:
    """The address a URL's host names literally (``[::1]``, ``fe80::1%eth0``), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _bits(value: int, first: int, last: int) -> int:
    """Bits ``first``..``last`` of a 128-bit address, counted from the left as RFC 6052 does."""
    return (value >> (127 - last)) & ((1 << (last - first + 1)) - 1)


def _nat64_local_use(value: int) -> list[ipaddress.IPv4Address]:
    """An operator may carve any of RFC 6052's prefix lengths (/48, /56, /64, /96) out of the
    local-use /48, and each puts the IPv4 address elsewhere (around the reserved bits 64-71):
    every reading is judged, so none can hide a private address."""
    readings = (_bits(value, 48, 63) << 16 | _bits(value, 72, 87),
                _bits(value, 56, 63) << 24 | _bits(value, 72, 95),
                _bits(value, 72, 103),
                _bits(value, 96, 127))
    return [ipaddress.IPv4Address(reading) for reading in readings]


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses that packets to an IPv4-mapped, IPv4-compatible or NAT64 address may
    reach ([] for any other IPv6 address)."""
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address in IPV4_COMPATIBLE or address in NAT64_WELL_KNOWN:
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    if address in NAT64_LOCAL_USE:
        return _nat64_local_use(int(address))
    return []


def _is_public(address: Address) -> bool:
    """Python's own tables (``is_global``) differ between versions and call some multicast and
    site-local ranges global; each kind is refused by name as well."""
    return address.is_global and not (
        address.is_private or address.is_loopback or address.is_link_local
        or address.is_multicast or address.is_reserved or address.is_unspecified
        or getattr(address, "is_site_local", False))


def address_refusal(address: Address) -> str | None:
    """"tunnel_address" for 6to4 and Teredo; "private_address" for loopback, private,
    link-local, multicast, reserved, unspecified and other non-public addresses, an IPv4
    address inside an IPv6 one judged as itself; None for a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address in SIX_TO_FOUR or address in TEREDO:
            return "tunnel_address"
        inner = embedded_ipv4(address)
        if inner:
            return None if all(map(_is_public, inner)) else "private_address"
    return None if _is_public(address) else "private_address"


def resolve(host: str, port: int | None) -> list[Address]:
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
    """Why the URL must not be fetched, or None when it may be. ``allow_private`` (the
    CRAWL_ALLOW_PRIVATE setting) lifts the address check, never the scheme check."""
    reason = url_refusal(url)
    if reason or allow_private:
        return reason
    parts = urlsplit(url)
    return host_refusal(parts.hostname, parts.port)
