"""The Data page under AppTest: the portfolio shown and replaced (the Scenarios page is in
test_app_scenarios.py).

File uploads and the data editor cannot be driven by AppTest; the work behind them is
tested directly in test_uploads.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import vmo_core
from tests.app.support import headline, on, presenting

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SAMPLE_DIR = ROOT / "data" / "sample"
SAMPLE = vmo_core.load(SAMPLE_DIR)
ATLAS = [{"op": "add", "project": "ATLAS"}]
STOP_CRM = [{"op": "stop", "project": "CRM"}]


@pytest.fixture
def ui(tmp_path, monkeypatch):
    """vmo_app.cache on a database of this test's own: VMO_DB is read on every call, answers are keyed by it."""
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    from vmo_app import cache

    return cache


@pytest.fixture
def app(ui):
    return AppTest.from_file(APP, default_timeout=120).run()


# ---------------------------------------------------------------- the Data page


def test_the_data_page_shows_the_portfolio_loaded(app):
    on(app, "data.py")
    shown = headline(app)
    assert shown["Projects"] == str(len(SAMPLE.projects))
    assert shown["Teams (pools)"] == str(len(SAMPLE.pools))
    assert shown["Currency"] == "GBP"
    assert {"data.save", "data.pools_save"} <= {b.key for b in app.button}


def test_saving_without_edits_saves_nothing(app, ui):
    before = ui.version()
    on(app, "data.py").button(key="data.save").click().run()
    assert not app.exception
    assert any("nothing to save" in i.value for i in app.info)
    assert ui.version() == before


def test_the_data_page_follows_a_replaced_portfolio(app, ui):
    on(app, "data.py")
    smaller = vmo_core.Portfolio(
        settings=SAMPLE.settings,
        pools=SAMPLE.pools,
        projects=SAMPLE.projects,
        demands=SAMPLE.demands,
        capacity_changes=SAMPLE.capacity_changes,
    )
    ui.store().add_snapshot(smaller, source="test")
    app.run()
    assert not app.exception
    assert any("Loaded from test" in c.value for c in app.caption)


def test_presentation_mode_shows_the_summary_only(app):
    presenting(app)
    on(app, "data.py")
    assert list(headline(app)) == ["Projects", "Teams (pools)", "As of", "Currency"]
    assert not [b for b in app.button if b.key.startswith("data.")]


def test_a_portfolio_that_cannot_be_opened_can_still_be_replaced(ui):
    with ui.store().transaction() as cur:  # damage the stored portfolio behind the app's back
        cur.execute("UPDATE projects SET duration_weeks = -1 WHERE id = 'CRM'")
    app = AppTest.from_file(APP, default_timeout=120).run()
    on(app, "data.py")
    assert any("cannot be opened" in e.value and "duration" in e.value for e in app.error)
    assert not app.metric  # no summary of a portfolio that is not there
    assert not [b for b in app.button if b.key == "data.save"]  # nothing to edit, but the upload is offered
