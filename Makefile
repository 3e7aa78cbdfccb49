# Two commands on a fresh machine: `make run` (the app on the sample) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APP_STAMP := $(VENV)/.app-installed
DEV_STAMP := $(VENV)/.dev-installed
SAMPLE := data/sample

.PHONY: run test bench lint clean

run: $(APP_STAMP)
	$(PY) -m vmo_core schedule $(SAMPLE)

test: $(DEV_STAMP)
	$(VENV)/bin/ruff check vmo_core tests benchmarks
	$(PY) -m pytest

bench: $(DEV_STAMP)
	$(PY) benchmarks/bench_engine.py

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check vmo_core tests benchmarks

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(APP_STAMP): requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt $(APP_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) artifacts .pytest_cache .hypothesis
