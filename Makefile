# Two commands set everything up on a fresh machine: `make run` and `make test`.
# State lives under $(CLINICS_VAR) (default ./var); PORT picks the web server's port.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt constraints.txt | cksum | cut -d' ' -f1)
FLASK := $(PY) -m flask --app webapp

.PHONY: run serve demo-data migrate test bench venv clean

run: demo-data serve

venv: $(STAMP)

$(STAMP): requirements.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	rm -f $(VENV)/.installed-*
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
	rm -rf $(VENV)
