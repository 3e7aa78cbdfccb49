# Two commands on a fresh machine: `make run` (the app on the sample) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APP_STAMP := $(VENV)/.app-installed
DEV_STAMP := $(VENV)/.dev-installed
SAMPLE := data/sample
PORT ?= 8501

.PHONY: run test bench lint clean chromium

run: $(APP_STAMP)
	$(PY) -m vmo_ui --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false --client.toolbarMode viewer

test: $(DEV_STAMP) chromium
	$(VENV)/bin/ruff check app.py vmo_ui.py views vmo_core tests benchmarks
	$(PY) -m pytest

bench: $(DEV_STAMP)
	$(PY) benchmarks/bench_engine.py
	$(PY) benchmarks/bench_optimise.py
	$(PY) benchmarks/bench_psplib.py
	$(PY) benchmarks/bench_forecast.py
	$(PY) benchmarks/bench_report.py
	$(PY) benchmarks/bench_browser.py

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check app.py vmo_ui.py views vmo_core tests benchmarks
	$(VENV)/bin/ruff format --check app.py vmo_ui.py views vmo_core tests benchmarks

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Installing also compiles the schedule kernel once (Numba caches it), so the app's first page is quick.
$(APP_STAMP): requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m vmo_core schedule $(SAMPLE) --json > /dev/null
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt $(APP_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The browser test drives Debian's Chromium (never a downloaded browser); install it when missing and we can.
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation \
		>/dev/null; } || echo "Chromium could not be installed: the browser test will be skipped."
# The board pack's tests render its pages to PNG: pdftoppm (about 7 s to install) and LibreOffice Impress (about 15 s).
	@command -v pdftoppm >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils fonts-liberation \
		>/dev/null; } || echo "poppler-utils could not be installed: the board pack's PDF checks will be skipped."
	@command -v soffice >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-impress \
		>/dev/null; } || echo "LibreOffice could not be installed: the deck's page images will be skipped."

clean:
	rm -rf $(VENV) artifacts .pytest_cache .hypothesis var
