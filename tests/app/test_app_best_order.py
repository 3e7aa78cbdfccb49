"""One best order on every page: the Sequencing page's figure and the Interventions page's
re-sequence are the same number, and it is the core's (decisions/best.py), for the plan and
for a scenario."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.support import SAMPLE, headline, metrics, on, shown
from vmo_core.decisions.best import best_order
from vmo_core.present.format import money, money_short

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TITLE = re.compile(r"\*\*(\d+)\. Put the work in the best order found\*\*")  # the list's title of the move


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A database of this test's own, so the cache's answers (keyed by its version) start empty."""
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))


def resequence_on_interventions(app: AppTest) -> str:
    """The net value change the Interventions page shows beside its re-sequence, as the reader sees it."""
    ranks = [int(found[1]) for m in app.markdown if (found := TITLE.fullmatch(shown(m.value)))]
    assert len(ranks) == 1, "the re-sequence is listed once"
    (rank,) = ranks
    nets = [value for label, value in metrics(app) if label == "Net value change"]
    return nets[rank - 1]


@pytest.mark.parametrize("changes", [[], [{"op": "stop", "project": "DQ"}]], ids=["plan", "stop-dq"])
def test_the_sequencing_and_interventions_pages_show_the_cores_best_order(db, changes):
    best = best_order(SAMPLE, scenario={"changes": changes} if changes else None)
    assert best.value_unlocked > 0, "the case needs an order that can be bettered"
    app = AppTest.from_file(APP, default_timeout=120)
    app.session_state["vmo.changes"] = changes
    on(app.run(), "sequencing.py")
    sequencing = headline(app)
    assert sequencing["Unlocked sooner"] == money_short(best.value_unlocked, "GBP")
    assert sequencing["In the best order"] == money_short(best.total_value, "GBP")
    (exact,) = [m.help for m in app.metric if shown(m.label) == "Unlocked sooner"]
    assert f"Exactly {money(best.value_unlocked, 'GBP', signed=True)} over the horizon" in shown(exact)

    on(app, "interventions.py")
    assert resequence_on_interventions(app) == money_short(best.value_unlocked, "GBP", signed=True)
