"""Clinic and chain names: invented, distinct where it matters, identical where it should be.

Three pairs of unrelated one-location clinics in different states share one name (a name alone
never identifies a clinic). No two clinics in one ZIP have names alike enough to be read as one:
their rapidfuzz ``token_sort_ratio`` (after default processing) stays below NAME_SIMILARITY_LIMIT.
"""
from __future__ import annotations

import random

from rapidfuzz import fuzz, utils

from sample_web import words
from sample_web.places import Place, place

NAME_SIMILARITY_LIMIT = 90
SAME_NAME_PAIRS = 3


def name_similarity(first: str, second: str) -> float:
    return fuzz.token_sort_ratio(first, second, processor=utils.default_process)


def _compounds(rng: random.Random) -> list[str]:
    compounds = [start + end for start in words.NAME_STARTS for end in words.NAME_ENDS]
    rng.shuffle(compounds)
    return compounds


def _same_name_pairs(rng: random.Random, places: list[Place]) -> list[tuple[int, int]]:
    """Index pairs (first, second) of clinics far apart whose second takes the first's name."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    candidates = list(range(len(places) // 4, len(places) - 10))
    while len(pairs) < SAME_NAME_PAIRS:
        first, second = sorted(rng.sample(candidates, 2))
        if {first, second} & used or places[first].state == places[second].state:
            continue
        used.update((first, second))
        pairs.append((first, second))
    return pairs


def assign_names(seed: int, places: list[Place],
                 chain_regions: tuple[tuple[str, ...], ...]) -> tuple[list[str], list[str]]:
    """(names of the one-location clinics in place order, chain brand names in region order)."""
    rng = random.Random(f"{seed}:names")
    compounds = _compounds(rng)
    singles = [f"{compounds.pop()} {rng.choice(words.NAME_KINDS)}" for _ in places]
    brands = [f"{compounds.pop()} {rng.choice(words.CHAIN_KINDS)}" for _ in chain_regions]
    for first, second in _same_name_pairs(rng, places):
        singles[second] = singles[first]
    chain_names = [(f"{brand} {place(code).city}", code)
                   for brand, region in zip(brands, chain_regions) for code in region]
    _separate_neighbours(singles, places, chain_names, compounds, rng)
    return singles, brands


def _separate_neighbours(singles: list[str], places: list[Place],
                         chain_names: list[tuple[str, str]], spare: list[str],
                         rng: random.Random) -> None:
    """Rename a one-location clinic whose name is too like another's in the same ZIP."""
    by_zip: dict[str, list[str]] = {}
    for name, code in chain_names:
        by_zip.setdefault(code, []).append(name)
    for index, spot in enumerate(places):
        neighbours = by_zip.setdefault(spot.postal_code, [])
        while any(name_similarity(singles[index], other) >= NAME_SIMILARITY_LIMIT
                  for other in neighbours):
            singles[index] = f"{spare.pop()} {rng.choice(words.NAME_KINDS)}"
        neighbours.append(singles[index])
