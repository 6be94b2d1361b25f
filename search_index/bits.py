"""Sets of Whoosh document numbers as Python ints, one bit per document.

Filters, facets and "not stated" counts are unions, intersections and counts over the same few
thousand documents. As ints these cost microseconds (``a & b``, ``(a & b).bit_count()``), where
Python sets or Whoosh's own query objects cost milliseconds per search. Converting to and from
lists of document numbers is the only slow step, so it is done once per set, and only for the sets
whose members are needed (the clinics inside the radius, the page being shown).
"""
from __future__ import annotations

from collections import deque
from itertools import repeat
from typing import Iterable, Sized

_ONE = ord("1")
# Sets holding at least 1 in this many documents are built digit by digit (``_from_many``).
_DENSE_SHARE = 16
_BYTE_MEMBERS = tuple(tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256))


def from_members(docnums: Iterable[int], size: int) -> int:
    """The set of the given document numbers (each below ``size``)."""
    if isinstance(docnums, Sized) and len(docnums) * _DENSE_SHARE >= size > 0:
        return _from_many(docnums, size)
    buffer = bytearray((size + 7) // 8)
    for docnum in docnums:
        buffer[docnum >> 3] |= 1 << (docnum & 7)
    return int.from_bytes(buffer, "little")


def _from_many(docnums: Iterable[int], size: int) -> int:
    """One ASCII digit per document, set by ``map`` rather than a Python loop, then read as a
    base-2 number: up to twice as fast for the sets of common words, slower for small sets."""
    digits = bytearray(b"0") * size
    deque(map(digits.__setitem__, docnums, repeat(_ONE)), maxlen=0)
    digits.reverse()
    return int(digits, 2)


def members(bits: int) -> list[int]:
    """The document numbers in a set, ascending."""
    out: list[int] = []
    if bits <= 0:
        return out
    append = out.append
    base = 0
    for byte in bits.to_bytes((bits.bit_length() + 7) // 8, "little"):
        if byte:
            for bit in _BYTE_MEMBERS[byte]:
                append(base + bit)
        base += 8
    return out


def lookup(bits: int, size: int) -> bytes:
    """A form of the set that answers "is docnum in it?" in constant time: ``has(table, d)``."""
    return bits.to_bytes((size + 7) // 8 or 1, "little")


def has(table: bytes, docnum: int) -> bool:
    return bool(table[docnum >> 3] >> (docnum & 7) & 1)


def all_of(size: int) -> int:
    """Every document number below ``size``."""
    return (1 << size) - 1


def union(sets: Iterable[int]) -> int:
    out = 0
    for bits in sets:
        out |= bits
    return out


def intersection(sets: Iterable[int], everything: int) -> int:
    out = everything
    for bits in sets:
        out &= bits
    return out
