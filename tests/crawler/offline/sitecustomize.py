"""Loaded into crawl subprocesses by the tests: refuses and records any attempt to resolve or
connect to anything but the loopback interface, so a test can prove the crawl ran offline.

Active only when OFFLINE_GUARD_LOG names the file to record attempts in.
"""
import ipaddress
import os
import socket

_LOG = os.environ.get("OFFLINE_GUARD_LOG")


def _is_local(host) -> bool:
    if host is None:
        return True
    text = host.decode() if isinstance(host, bytes) else str(host)
    if text in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(text.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _refuse(what: str) -> None:
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(what + "\n")
    raise OSError(f"offline guard: refused {what}")


if _LOG:
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex

    def _guarded_lookup(original):
        def lookup(host, *args, **kwargs):
            if not _is_local(host):
                _refuse(f"resolve {host}")
            return original(host, *args, **kwargs)
        return lookup

    def _guarded(original):
        def connect(self, address):
            if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
                _refuse(f"connect {address[0]}")
            return original(self, address)
        return connect

    for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        setattr(socket, _name, _guarded_lookup(getattr(socket, _name)))
    socket.socket.connect = _guarded(_connect)
    socket.socket.connect_ex = _guarded(_connect_ex)
