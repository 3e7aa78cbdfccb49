"""Benefits: promised against forecast value, and the RAG thresholds."""

import datetime as dt
from pathlib import Path

import pytest

import vmo_core
from tests.builders import make_portfolio
from vmo_core.decisions.benefits import benefits, rag


def test_benefits_worked_by_hand():
    from tests.builders import week

    # H = 10, one FTE each.
    # LATE: promised week 3 at 100/week -> 7 x 100 = 700; forecast lands 5 at 90 -> 5 x 90 = 450:
    #   shortfall 250 = 36% of 700 -> red.
    # SLIP: promised week 0 -> 10 x 100 = 1000 (v, no promised value given); lands 1 -> 900: 10% -> amber.
    # FINE: promised week 6 -> 4 x 100 = 400; lands 2 -> 800, better than promised: shortfall -400 -> green.
    pf = make_portfolio(
        [
            {"id": "SLIP", "duration_weeks": 1, "value_per_week": 100.0, "promised_finish": week(0), "demands": {"B": 1}},
            {
                "id": "LATE",
                "duration_weeks": 5,
                "value_per_week": 90.0,
                "promised_finish": week(3),
                "promised_value_per_week": 100.0,
                "demands": {"A": 1},
            },
            {"id": "FINE", "duration_weeks": 2, "value_per_week": 100.0, "promised_finish": week(6), "demands": {"C": 1}},
            {"id": "NONE", "duration_weeks": 2, "value_per_week": 100.0, "demands": {"C": 1}},
        ],
        pools={"A": 1, "B": 1, "C": 1},
        horizon=10,
    )
    report = {b.id: b for b in benefits(pf).projects}
    assert set(report) == {"SLIP", "LATE", "FINE"}
    assert (report["LATE"].promised_value, report["LATE"].forecast_value, report["LATE"].rag) == (700.0, 450.0, "red")
    assert (report["SLIP"].value_shortfall, report["SLIP"].rag) == (pytest.approx(100.0), "amber")
    assert (report["FINE"].value_shortfall, report["FINE"].rag) == (pytest.approx(-400.0), "green")
    assert benefits(pf).value_at_risk == pytest.approx(350.0)


def test_a_promise_dated_before_the_as_of_date_is_valued_by_the_formula_as_written():
    from tests.builders import week

    # H = 20. OVERDUE was promised for week -1: V(-1) = 1000 x (20 - (-1)) = 21,000 (r = 0: max(0, E - F)).
    # It lands at 10: 1000 x 10 = 10,000. Shortfall 11,000 = 52% -> red, not a negative "better than promised".
    pf = make_portfolio(
        [{"id": "OVERDUE", "duration_weeks": 10, "value_per_week": 1000.0, "promised_finish": week(-1), "demands": {"TEAM": 1}}],
        horizon=20,
    )
    [line] = benefits(pf).projects
    assert (line.promised_finish_week, line.promised_value, line.value_shortfall, line.rag) == (-1, 21000.0, 11000.0, "red")

    # With discounting the sum runs from t = -1 too: q^-1 + q^0 + ... + q^19.
    pf = make_portfolio(
        [{"id": "OVERDUE", "duration_weeks": 10, "value_per_week": 1000.0, "promised_finish": week(-1), "demands": {"TEAM": 1}}],
        horizon=20,
        discount_rate=0.1,
    )
    q = 1.1 ** (-1 / 52)
    assert benefits(pf).projects[0].promised_value == pytest.approx(1000.0 * sum(q**t for t in range(-1, 20)), rel=1e-12)


@pytest.mark.parametrize("shortfall, rag_colour", [(50, "green"), (51, "amber"), (200, "amber"), (201, "red")])
def test_rag_thresholds_are_5_and_20_percent_of_the_promise(shortfall, rag_colour):
    assert rag(shortfall, 1000.0, scheduled=True) == rag_colour


def test_an_unschedulable_promise_is_red():
    assert rag(0.0, 1000.0, scheduled=False) == "red"


# ---------------------------------------------------------------- a stopped business case, the date promised

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "data" / "sample"


def test_a_stopped_project_s_business_case_stays_listed_as_benefit_forgone():
    """Stopping Data Quality Programme (promised 31 Dec 2027 at £14,000 a week) takes it off the tracked
    business cases, not off the page: it is listed as stopped, its promised value the benefit forgone."""
    pf = vmo_core.load(SAMPLE_DIR)
    stop = {"changes": [{"op": "stop", "project": "DQ"}]}
    plan, scenario = benefits(pf), benefits(pf, scenario=stop)
    promised = next(b for b in plan.projects if b.id == "DQ")
    assert not plan.stopped and "DQ" not in {b.id for b in scenario.projects}
    (forgone,) = scenario.stopped
    assert (forgone.id, forgone.rag, forgone.forecast_value) == ("DQ", "stopped", 0.0)
    assert forgone.promised_value == promised.promised_value == scenario.benefit_forgone
    assert scenario.to_dict()["stopped"][0]["id"] == "DQ"
    # adopted, the project is stopped in the plan itself: still listed
    assert [b.id for b in benefits(vmo_core.adopt(pf, stop)).stopped] == ["DQ"]


def test_the_promised_date_is_the_date_the_business_case_wrote_not_its_week_s_start():
    from tests.builders import week

    written = week(2) + dt.timedelta(days=4)  # four days into week 2
    pf = make_portfolio(
        [{"id": "A", "duration_weeks": 1, "value_per_week": 100.0, "promised_finish": written, "demands": {"A": 1}}],
        pools={"A": 1},
        horizon=10,
    )
    (line,) = benefits(pf).projects
    assert line.promised_finish == written and line.promised_finish_week == 2
    assert pf.date(line.promised_finish_week) != written  # the week's start: what the page used to show
