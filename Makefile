# Two commands set everything up on a fresh machine: `make run` and `make test`.
# State lives under $(CLINICS_VAR) (default ./var); PORT picks the web server's port.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt constraints.txt | cksum | cut -d' ' -f1)
FLASK := $(PY) -m flask --app webapp

.PHONY: run serve demo-data migrate test bench venv static clean

run: demo-data serve

venv: $(STAMP) static

$(STAMP): requirements.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	rm -f $(VENV)/.installed-*
	touch $@

# Front-end files from the npm registry (package-lock.json pins them): Leaflet is copied into
# webapp/static/vendor/ (git-ignored) for the site to serve itself; axe-core stays in
# node_modules/ for the browser tests to inject. Nothing is fetched from a CDN at run time.
VENDOR := webapp/static/vendor
STATIC_STAMP := $(VENDOR)/.installed-$(shell cat package.json package-lock.json | cksum | cut -d' ' -f1)

static: $(STATIC_STAMP)

$(STATIC_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/leaflet/images
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
	   node_modules/leaflet/LICENSE $(VENDOR)/leaflet/
	cp node_modules/leaflet/dist/images/*.png $(VENDOR)/leaflet/images/
	touch $@

migrate: venv
	$(PY) -m clinics migrate

demo-data: migrate
	$(FLASK) demo-data

serve: migrate
	$(FLASK) serve

test: venv
	$(PY) -m pytest

bench: venv
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules $(VENDOR)
