"""The one address guard (clinics.netguard) refuses private addresses in every disguise: inside
IPv6 (NAT64, 6to4, Teredo, IPv4-mapped, IPv4-compatible), spelled as one number, or behind a
name whose DNS answer is one of them; the crawler's middleware asks it and nothing else."""
from __future__ import annotations

import asyncio
import ipaddress
import socket

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

import crawler.middlewares
from clinics import netguard
from crawler.middlewares import SsrfGuardMiddleware

DISGUISED = [
    ("64:ff9b::a9fe:a9fe", "private_address"),      # NAT64 of 169.254.169.254 (cloud metadata)
    ("64:ff9b::7f00:1", "private_address"),         # NAT64 of 127.0.0.1
    ("64:ff9b::a00:1", "private_address"),          # NAT64 of 10.0.0.1
    ("64:ff9b:1:7f00:0:100::", "private_address"),  # NAT64 local-use /48 of 127.0.0.1
    ("64:ff9b:1::a9fe:a9fe", "private_address"),    # NAT64 local-use /96 of 169.254.169.254
    ("2002:7f00:1::", "tunnel_address"),            # 6to4 of 127.0.0.1
    ("2002:a9fe:a9fe::1", "tunnel_address"),        # 6to4 of 169.254.169.254
    ("2001:0:7f00:1::f5ff:fffe", "tunnel_address"),  # Teredo: server 127.0.0.1, client 10.0.0.1
    ("::127.0.0.1", "private_address"),             # IPv4-compatible
    ("::a9fe:a9fe", "private_address"),             # IPv4-compatible 169.254.169.254
    ("::ffff:127.0.0.1", "private_address"),        # IPv4-mapped
    ("::ffff:169.254.169.254", "private_address"),
    ("::ffff:10.1.2.3", "private_address"),
]

PLAIN_PRIVATE = [
    "127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.20", "169.254.169.254", "100.64.0.1",
    "0.0.0.0", "255.255.255.255", "224.0.0.1", "239.255.255.250", "240.0.0.1", "192.0.2.1",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1", "ff0e::1",
    "2001:db8::1", "100::1",
]

PUBLIC = ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "64:ff9b::5db8:d70e",
          "::ffff:93.184.215.14"]


def _url(address: str) -> str:
    return f"http://[{address}]/" if ":" in address else f"http://{address}/"


@pytest.mark.parametrize(("address", "reason"), DISGUISED)
def test_a_disguised_private_address_is_refused(address, reason):
    assert netguard.address_refusal(ipaddress.ip_address(address)) == reason
    assert netguard.refusal(_url(address) + "latest/meta-data/", allow_private=False) == reason


@pytest.mark.parametrize("address", PLAIN_PRIVATE)
def test_a_private_loopback_link_local_multicast_reserved_or_unspecified_address_is_refused(
        address):
    assert netguard.refusal(_url(address), allow_private=False) == "private_address"


@pytest.mark.parametrize("address", PUBLIC)
def test_a_public_address_passes_in_any_form(address):
    assert netguard.refusal(_url(address), allow_private=False) is None


@pytest.mark.parametrize("host", ["2130706433", "0x7f.0.0.1", "127.1", "017700000001",
                                  "0177.0.0.1", "localhost"])
def test_other_spellings_of_loopback_are_refused(host):
    assert netguard.refusal(f"http://{host}:8080/", allow_private=False) == "private_address"


def test_the_local_use_nat64_prefix_is_read_at_every_prefix_length():
    local_use = ipaddress.ip_address("64:ff9b:1:7f00:0:100::")
    assert ipaddress.ip_address("127.0.0.1") in netguard.embedded_ipv4(local_use)
    assert netguard.embedded_ipv4(ipaddress.ip_address("64:ff9b::a9fe:a9fe")) == [
        ipaddress.ip_address("169.254.169.254")]
    assert netguard.embedded_ipv4(ipaddress.ip_address("2606:4700::1111")) == []


@pytest.mark.parametrize(("address", "reason"), [*DISGUISED, ("93.184.215.14", None)])
def test_a_name_is_judged_by_every_address_it_resolves_to(monkeypatch, address, reason):
    """A DNS64 resolver answers NAT64 addresses for every name; one bad answer is enough."""
    def answers(host, port, *args, **kwargs):
        assert host == "clinic.example"
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
                (family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", answers)
    assert netguard.refusal("https://clinic.example/team/", allow_private=False) == reason


@pytest.mark.parametrize(("url", "reason"), [
    ("ftp://files.example.org/list", "scheme"), ("file:///etc/passwd", "scheme"),
    ("gopher://127.0.0.1:6379/_INFO", "scheme"), ("javascript:alert(1)", "scheme"),
    ("data:text/html,<h1>x</h1>", "scheme"), ("http:///no-host", "no_host"),
    ("http://example.org:99999/", "bad_url"), ("http://example.org:port/", "bad_url"),
    ("http://[::1/", "bad_url"),
])
def test_only_http_and_https_urls_with_a_host_pass(url, reason):
    assert netguard.refusal(url, allow_private=False) == reason
    assert netguard.refusal(url, allow_private=True) == reason


@pytest.mark.parametrize("address", [a for a, _ in DISGUISED] + ["127.0.0.1", "10.0.0.1"])
def test_crawl_allow_private_lets_private_addresses_through(address):
    assert netguard.refusal(_url(address), allow_private=True) is None


def _guard(allow_private: bool) -> SsrfGuardMiddleware:
    crawler = get_crawler(settings_dict={"CRAWL_ALLOW_PRIVATE": allow_private})
    return SsrfGuardMiddleware.from_crawler(crawler)


@pytest.mark.parametrize(("address", "reason"), DISGUISED)
def test_the_crawler_middleware_refuses_and_counts_every_disguise(address, reason):
    guard = _guard(allow_private=False)
    with pytest.raises(IgnoreRequest, match=reason):
        asyncio.run(guard.process_request(Request(_url(address))))
    assert guard.stats.get_value("ssrf/refused") == 1
    assert guard.stats.get_value(f"ssrf/refused/{reason}") == 1


def test_the_crawler_middleware_asks_the_guard_in_clinics():
    assert crawler.middlewares.netguard is netguard
    with pytest.raises(ImportError):
        __import__("crawler.netguard")
