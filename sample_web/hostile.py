"""Hostile pages: what the worst of the real web serves a crawler, under ``/hostile/``.

Only ``/hostile/`` links them (no clinic site, index or sitemap does), so a crawl meets them when
it is started there and ordinary crawls stay fast; none is a clinic, none is in the truth.

- ``large/``: 10 MiB of filler, its size announced by Content-Length;
  ``large-unannounced/``: the same with no length, ended by closing the connection.
- ``many-links/``: 100,000 links.
- ``deep/``: markup nested 10,000 elements deep.
- ``gzip-bomb/``: 260 KB of gzip that inflates to 256 MiB.
- ``endless/``: announces a megabyte, then sends one byte every 0.2 s and never finishes (the
  server gives up after ten minutes).
- ``redirect-loop/a/`` and ``redirect-loop/b/`` redirect to each other;
  ``redirects/?hop=N`` redirects to hop N + 1, without end.
"""
from __future__ import annotations

import struct
import time
import zlib
from typing import Iterator

from sample_web import html as h
from sample_web.words import DEMO_NOTE

ROOT = "/hostile/"
LARGE_BYTES = 10 * 1024 * 1024
LINKS = 100_000
NESTING = 10_000
BOMB_MIB = 256
ENDLESS_ANNOUNCED_BYTES = 1024 * 1024
ENDLESS_PAUSE_S = 0.2
ENDLESS_GIVE_UP_S = 600
LOOP = (ROOT + "redirect-loop/a/", ROOT + "redirect-loop/b/")
CHAIN = ROOT + "redirects/"
PAGES = {"large/": "A page of ten megabytes", "large-unannounced/": "Ten megabytes, unannounced",
         "many-links/": "A hundred thousand links", "deep/": "Nested ten thousand deep",
         "gzip-bomb/": "A gzip bomb", "endless/": "A page that never ends",
         "redirect-loop/a/": "A redirect loop", "redirects/?hop=1": "Redirects without end"}


def index_page() -> str:
    items = "\n".join(f"<li>{h.link(ROOT + path, title)}</li>" for path, title in PAGES.items())
    body = (f"<h1>Hostile pages</h1>\n<p>Invented demo data: pages that test how the crawler "
            f"bears the worst of the web.</p>\n<ul>\n{items}\n</ul>")
    return h.document("Hostile pages", body)


def many_links_page() -> bytes:
    links = " ".join(f"<a href={ROOT}l/{n}>{n}</a>" for n in range(LINKS))
    return h.document("A hundred thousand links", f"<p>{links}</p>").encode()


def deep_page() -> bytes:
    body = "<div>" * NESTING + "<p>Invented demo data, deep down.</p>" + "</div>" * NESTING
    return h.document("Nested ten thousand deep", body).encode()


def filler(total_bytes: int) -> Iterator[bytes]:
    """An HTML page of exactly ``total_bytes`` bytes, in 64 KiB pieces."""
    head = (b"<!doctype html><html><head><title>Large</title></head><body>\n<p>"
            + h.esc(DEMO_NOTE).encode() + b"</p>\n")
    tail = b"</body></html>\n"
    line = b"<p>Invented demo data, repeated to make a very large page.</p>\n"
    piece = line * (65536 // len(line))
    yield head
    left = total_bytes - len(head) - len(tail)
    while left > 0:
        yield piece[:left]
        left -= min(left, len(piece))
    yield tail


def gzip_bomb(inflated_mib: int = BOMB_MIB) -> bytes:
    """A gzip member inflating to ``inflated_mib`` MiB of zeros. One MiB is deflated once and
    its blocks repeated: after a full flush the compressor starts afresh, so every MiB
    compresses to the same bytes."""
    mib = bytes(1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(mib) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush()
    crc = 0
    for _ in range(inflated_mib):
        crc = zlib.crc32(mib, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    size = (inflated_mib << 20) & 0xFFFFFFFF
    return header + block * inflated_mib + end + struct.pack("<II", crc, size)


def endless() -> Iterator[bytes]:
    yield (b"<!doctype html><html><head><title>Slow</title></head><body>\n<p>"
           + h.esc(DEMO_NOTE).encode() + b"</p>\n<p>")
    deadline = time.monotonic() + ENDLESS_GIVE_UP_S
    while time.monotonic() < deadline:
        time.sleep(ENDLESS_PAUSE_S)
        yield b"."


def next_hop(query: str) -> str:
    """Where hop N of the endless chain redirects: hop N + 1."""
    hop = query.removeprefix("hop=")
    return f"{CHAIN}?hop={int(hop) + 1 if hop.isdigit() else 1}"
