# Two commands on a fresh machine: `make run` (the app on the sample) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APP_STAMP := $(VENV)/.app-installed
DEV_STAMP := $(VENV)/.dev-installed
SAMPLE := data/sample
PORT ?= 8501

.PHONY: run test bench lint clean chromium postgres

run: $(APP_STAMP)
	$(PY) -m vmo_app --server.port $(PORT)

test: $(DEV_STAMP) chromium postgres
	$(VENV)/bin/ruff check app.py vmo_app vmo_core tests benchmarks
	$(PY) -m pytest -n 2  # two workers; tests/conftest.py says which tests go together

bench: $(DEV_STAMP)
	$(PY) benchmarks/bench_engine.py
	$(PY) benchmarks/bench_repair.py
	$(PY) benchmarks/bench_optimise.py
	$(PY) benchmarks/bench_optimise_scale.py
	$(PY) benchmarks/bench_psplib.py
	$(PY) benchmarks/bench_forecast.py
	$(PY) benchmarks/bench_changes.py
	$(PY) benchmarks/bench_store.py
	$(PY) benchmarks/bench_shared_store.py
	$(PY) benchmarks/bench_report.py
	$(PY) benchmarks/bench_browser.py
	$(PY) benchmarks/bench_app_scale.py
	$(PY) benchmarks/bench_load.py
	$(PY) benchmarks/bench_decisions.py
	$(PY) benchmarks/bench_interventions_cap.py

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check app.py vmo_app vmo_core tests benchmarks
	$(VENV)/bin/ruff format --check app.py vmo_app vmo_core tests benchmarks

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Installing also compiles every Numba kernel once (each is cached on disk, `cache=True`), so that no
# user and no test pays the compile (a minute or two of CPU in all): the schedule, a scenario's repair, the forecast's
# runs, the repaired candidates of stop ranking, intake and the interventions, and the optimiser's search. It compiles the
# product's Python to bytecode too (Python reads it even where PYTHONDONTWRITEBYTECODE stops it writing
# its own): each command then starts 0.2 s sooner.
warm = $(PY) -m vmo_core $(1) $(SAMPLE) $(2) --json > /dev/null
$(APP_STAMP): requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m compileall -q app.py vmo_app vmo_core > /dev/null
	$(call warm,schedule)
	$(call warm,compare,--scenario data/scenarios/accept-atlas.json)
	$(call warm,forecast,--runs 20)
	$(call warm,stop-ranking)
	$(call warm,intake,--proposal ATLAS)
	$(call warm,interventions)
	$(call warm,optimise,--time-limit 1)
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt $(APP_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# The browser test drives Debian's Chromium (never a downloaded browser); install it when missing and we can.
# A tool that cannot be installed is a warning on a developer's machine (its tests skip) and an error
# under CI (CI=true), where its tests would fail: tests/tools.py skips or fails them the same way.
missing = { case "$$(echo "$${CI:-}" | tr A-Z a-z)" in ""|0|false|no) \
	echo "$(1) could not be installed: $(2) will be skipped.";; \
	*) echo "$(1) could not be installed, and CI needs it for $(2)." >&2; exit 1;; esac; }
FONT := /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf

chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation \
		>/dev/null; } || $(call missing,Chromium,the browser test)
	@[ -f $(FONT) ] || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-liberation \
		>/dev/null; } || $(call missing,fonts-liberation,the board pack's text measures)
# The board pack's tests render its pages to PNG: pdftoppm (about 7 s to install) and LibreOffice Impress (about 15 s).
	@{ command -v pdftoppm && command -v pdftotext; } >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils fonts-liberation \
		>/dev/null; } || $(call missing,poppler-utils,the board pack's PDF checks)
	@command -v soffice >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-impress \
		>/dev/null; } || $(call missing,LibreOffice,the deck's page images)

# The store's tests run on DuckDB and on a PostgreSQL server the test session starts and stops itself
# (tests/postgres.py): they need PostgreSQL's programs (initdb, pg_ctl), not a running server.
PG_INITDB = ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1

postgres:
	@$(PG_INITDB) || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql \
		>/dev/null; } || $(call missing,PostgreSQL,the PostgreSQL store tests)

clean:
	rm -rf $(VENV) artifacts .pytest_cache .hypothesis var
