"""Calibration from delivery actuals and the Monte Carlo forecast (issue 6).

The arithmetic is shown in the tests: one team of one FTE runs projects back to back, so a
finish is the sum of the durations before it, and V(F) = v x (H - F) with no discount.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

import vmo_core
from tests.app.support import headline, tick
from tests.builders import make_portfolio
from tests.tools import UNCLOCKED
from vmo_core.cli import main
from vmo_core.decisions.calibrated import intake_shift
from vmo_core.decisions.intake import intake
from vmo_core.decisions.sequencing import optimise
from vmo_core.engine.evaluation import schedule, value_curve
from vmo_core.errors import VmoError
from vmo_core.forecast.calibration import ALL, calibrate, calibrated_portfolio, scaled_weeks
from vmo_core.forecast.montecarlo import forecast
from vmo_core.model.portfolio import Actual, Project
from vmo_core.present.forecast_sentences import (
    describe_calibration,
    describe_change_range,
    describe_forecast,
    describe_intake_shift,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = vmo_core.load(ROOT / "data" / "sample")
H = 52


def two_in_a_row(**extra):
    """A (10 weeks, v 1,000) then B (4 weeks, v 500) on one team of 1 FTE, horizon 52 weeks."""
    return make_portfolio(
        [
            {"id": "A", "duration_weeks": 10, "value_per_week": 1000.0, "demands": {"TEAM": 1}, "theme": "Core"},
            {"id": "B", "duration_weeks": 4, "value_per_week": 500.0, "demands": {"TEAM": 1}, "theme": "Core"},
            {"id": "OLD", "status": "done", "duration_weeks": 6, "value_per_week": 100.0, "theme": "Core"},
        ],
        horizon=H,
        **extra,
    )


def with_actuals(pf, ratios, *, theme_of=None, value_ratio=1.0):
    """Finished projects D1, D2 ... with these duration ratios (estimated 10 weeks, v 1,000)."""
    actuals = tuple(
        Actual(f"D{i}", 10.0, 10.0 * r, 1000.0, 1000.0 * (value_ratio[i] if isinstance(value_ratio, list) else value_ratio))
        for i, r in enumerate(ratios)
    )
    done = tuple(
        Project(id=f"D{i}", status="done", duration_weeks=10, value_per_week=1000.0, theme=(theme_of or {}).get(i, ""))
        for i in range(len(ratios))
    )
    return dataclasses.replace(pf, projects=pf.projects + done, actuals=actuals)


# ---------------------------------------------------------------- the four the issue asks for


def test_actuals_all_one_and_a_half_times_late_scale_p50_durations_by_one_and_a_half():
    pf = with_actuals(two_in_a_row(), [1.5] * 6)
    fc = forecast(pf, runs=200, seed=7)
    a, b = fc.projects
    # A: 10 x 1.5 = 15 weeks, delivered week 15; B: 4 x 1.5 = 6 weeks after it, week 21
    assert (a.duration_p50, b.duration_p50) == (15, 6)
    assert (a.finish_p50, a.finish_p85) == (15, 15)
    assert (b.finish_p50, b.finish_p85) == (21, 21)
    assert (a.plan_finish_week, b.plan_finish_week) == (10, 14)
    # V = 1,000 x (52 - 15) + 500 x (52 - 21) = 37,000 + 15,500
    assert fc.total_value.p10 == fc.total_value.p50 == fc.total_value.p90 == pytest.approx(52_500.0)
    assert fc.forecast.plan_total_value == pytest.approx(1000 * 42 + 500 * 38)


def test_with_no_actuals_the_forecast_is_the_plan_and_says_so():
    pf = two_in_a_row()
    fc = forecast(pf, runs=50, seed=1)
    assert not fc.calibrated
    plan = schedule(pf)
    assert fc.total_value.p10 == fc.total_value.p50 == fc.total_value.p90 == pytest.approx(plan.total_value)
    for p in fc.projects:
        assert p.finish_p50 == p.finish_p85 == p.plan_finish_week == plan.by_id[p.id].finish_week
    assert "No delivery actuals" in describe_forecast(fc, pf.settings)
    assert "forecast equals the plan" in describe_forecast(fc, pf.settings)
    assert "no finished work to learn from" in describe_calibration(fc.calibration)
    assert calibrated_portfolio(pf) is pf
    document = fc.to_dict()
    assert document["calibrated"] is False and document["calibration"]["actuals"] == 0


def test_the_same_seed_gives_the_same_figures_and_another_seed_others():
    scenario = {"changes": [{"op": "add", "project": "ATLAS"}]}
    first = forecast(SAMPLE, runs=300, seed=11, scenario=scenario).to_dict()
    again = forecast(SAMPLE, runs=300, seed=11, scenario=scenario).to_dict()
    other = forecast(SAMPLE, runs=300, seed=12, scenario=scenario).to_dict()
    assert json.dumps(first) == json.dumps(again)
    assert first["total_value"] != other["total_value"]


def test_p10_is_at_most_p50_is_at_most_p90_everywhere():
    fc = forecast(SAMPLE, runs=400, seed=3, scenario={"changes": [{"op": "stop", "project": "DQ"}]})
    for spread in (fc.total_value, fc.baseline.total_value, fc.change.delay_cost, fc.change.net_value_change):
        assert spread.p10 <= spread.p50 <= spread.p90
    for plan in (fc.forecast, fc.baseline):
        p10, p50, p90 = plan.curve
        assert np.all(p10 <= p50 + 1e-6) and np.all(p50 <= p90 + 1e-6)
        for p in plan.projects:
            assert p.finish_p50 is not None and p.finish_p85 is not None
            assert p.finish_p50 <= p.finish_p85
    assert 0.0 <= fc.change.chance_of_loss <= 1.0


# ---------------------------------------------------------------- calibration: ratios, themes, rounding


def test_rounding_is_half_up_to_whole_weeks_at_least_one():
    assert scaled_weeks(10, 1.5) == 15
    assert scaled_weeks(10, 1.04) == 10  # 10.4
    assert scaled_weeks(10, 1.05) == 11  # 10.5, half up
    assert scaled_weeks(10, 1.45) == 15  # 14.5 (14.499999999999998 in floating point)
    assert scaled_weeks(1, 0.2) == 1  # never below one week
    assert scaled_weeks(np.array([4, 10]), np.array([1.5, 1.3])).tolist() == [6, 13]


def test_ratios_are_actual_over_estimated_with_the_sample_medians():
    cal = calibrate(SAMPLE)
    assert cal.overall.n == 11
    # CLZ 15/12 = 1.25, WEB 1.3, MDM 1.55, EMAIL 1.0, TABLET 17/14, SURVEY 8/6, FLEET 1.375, DMS 1.5, PAYGW 1.1,
    # MRI 17/12, SIEM 1.0: sorted, the 6th of 11 is 1.3
    assert cal.overall.duration.p50 == pytest.approx(1.3)
    assert cal.overall.value.p50 == pytest.approx(19000 / 22000)  # FLEET, the median of realised / estimated
    assert not any(cal.own(theme) for theme in cal.themes)  # no theme has 5 finished projects


def test_a_theme_with_five_finished_projects_has_its_own_calibration_and_one_with_four_falls_back():
    themes = {i: "Fast" for i in range(5)} | {i: "Slow" for i in range(5, 9)}
    # Fast: five at 1.0; Slow: four at 2.0; two more without a theme at 2.0 -> all 11: median 2.0
    pf = with_actuals(two_in_a_row(), [1.0] * 5 + [2.0] * 6, theme_of=themes)
    cal = calibrate(pf)
    assert cal.own("Fast") and not cal.own("Slow")
    fast = dataclasses.replace(pf.project("A"), theme="Fast")
    slow = dataclasses.replace(pf.project("A"), theme="Slow")
    assert cal.group_for(fast).name == "Fast" and cal.factors(fast)[0] == 1.0
    assert cal.group_for(slow).name == ALL and cal.factors(slow)[0] == 2.0
    assert calibrate(pf, min_theme_projects=4).group_for(slow).name == "Slow"
    assert cal.to_dict()["themes"]["Slow"]["own"] is False
    assert "Fast has the 5 finished projects" in describe_calibration(cal)

    # in the forecast, A (theme Fast) always takes 1.0: its runs are all the plan's 10 weeks
    projects = tuple(dataclasses.replace(p, theme="Fast") if p.id == "A" else p for p in pf.projects)
    fc = forecast(dataclasses.replace(pf, projects=projects), runs=300, seed=0)
    a, b = fc.projects
    assert (a.group, b.group) == ("Fast", ALL)
    assert a.finish_p50 == a.finish_p85 == 10
    assert b.finish_p85 == 10 + 8  # B (all: 6 of 11 at 2.0) runs 4 x 2 = 8 weeks in most runs


def test_a_record_without_value_figures_takes_its_groups_median_value_ratio():
    pf = with_actuals(two_in_a_row(), [1.0, 1.0, 1.0], value_ratio=[0.5, 0.9, 0.7])
    actuals = pf.actuals[:2] + (dataclasses.replace(pf.actuals[2], realised_value_per_week=None),)
    cal = calibrate(dataclasses.replace(pf, actuals=actuals))
    assert cal.overall.value.n == 2 and cal.overall.value.p50 == pytest.approx(0.7)
    assert cal.overall.value_ratio.tolist() == pytest.approx([0.5, 0.9, 0.7])


# ---------------------------------------------------------------- common random numbers and the scenario range


def test_a_scenario_that_changes_nothing_costs_exactly_nothing_in_every_run():
    fc = forecast(SAMPLE, runs=200, seed=5, scenario={"name": "nothing", "changes": []})
    assert fc.change.delay_cost.p10 == fc.change.delay_cost.p90 == 0.0
    assert fc.change.net_value_change.p10 == fc.change.net_value_change.p90 == 0.0
    assert fc.change.chance_of_loss == 0.0


def test_the_baseline_is_the_same_with_or_without_a_scenario():
    alone = forecast(SAMPLE, runs=200, seed=9)
    beside = forecast(SAMPLE, runs=200, seed=9, scenario={"changes": [{"op": "add", "project": "ATLAS"}]})
    assert beside.baseline.to_dict() == alone.forecast.to_dict()


def test_the_plan_figures_of_a_scenario_are_the_engines():
    scenario = {"changes": [{"op": "add", "project": "ATLAS"}, {"op": "stop", "project": "GIS"}]}
    fc = forecast(SAMPLE, runs=100, seed=0, scenario=scenario)
    diff = vmo_core.compare(SAMPLE, scenario)
    assert fc.change.plan_delay_cost == pytest.approx(diff.delay_cost)
    assert fc.change.plan_net_value_change == pytest.approx(diff.net_value_change)
    assert "chance it loses money" in describe_change_range(fc, "GBP")


def test_the_value_fan_adds_up_as_the_engine_does():
    """The plan's curve is engine.value_curve (discount, decay, a window and a penalty in the sample),
    and the fan's last week is the range of total value."""
    fc = forecast(SAMPLE, runs=300, seed=4)
    np.testing.assert_allclose(fc.forecast.plan_curve, value_curve(schedule(SAMPLE)), rtol=1e-9, atol=1e-6)
    p10, p50, p90 = fc.forecast.curve[:, -1]
    assert (p10, p50, p90) == pytest.approx((fc.total_value.p10, fc.total_value.p50, fc.total_value.p90), rel=1e-9)


def test_progress_is_reported_up_to_done():
    seen = []
    forecast(SAMPLE, runs=60, seed=0, scenario={"changes": []}, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 4


@pytest.mark.parametrize("runs", [0, -5, 1.5, True, 20_001])
def test_bad_runs_are_refused(runs):
    with pytest.raises(VmoError, match="runs"):
        forecast(SAMPLE, runs=runs)


def test_a_negative_seed_is_refused():
    with pytest.raises(VmoError, match="seed"):
        forecast(SAMPLE, runs=10, seed=-1)


def test_a_thousand_runs_on_the_sample_complete():
    # how fast is benchmarks/bench_forecast.py's to measure; a test on the clock fails on a slow machine
    fc = forecast(SAMPLE, runs=1000, seed=0)
    assert fc.runs == 1000


# ---------------------------------------------------------------- the calibrated switch


def test_calibrated_estimates_scale_by_the_p50_factors():
    cal = calibrate(SAMPLE)
    duration, value = cal.overall.duration.p50, cal.overall.value.p50  # 1.3 and 19/22
    scaled = calibrated_portfolio(SAMPLE)
    for before, after in zip(SAMPLE.projects, scaled.projects):
        if before.status in ("done", "stopped"):
            assert after == before
        else:
            assert after.duration_weeks == scaled_weeks(before.duration_weeks, duration)
            assert after.value_per_week == pytest.approx(before.value_per_week * value)
    assert scaled.project("ERP").duration_weeks == 34  # 26 x 1.3 = 33.8


def test_intake_and_optimise_take_the_calibrated_switch():
    scaled = calibrated_portfolio(SAMPLE)
    assert intake(SAMPLE, "HYDRO", calibrated=True).to_dict() == intake(scaled, "HYDRO").to_dict()
    fast = dict(evaluations=300, time_limit=UNCLOCKED)  # the budget, never the clock, ends both searches
    calibrated, direct = optimise(SAMPLE, calibrated=True, **fast), optimise(scaled, **fast)
    assert calibrated.order == direct.order
    assert calibrated.evaluations == direct.evaluations == 300


def test_the_calibrated_intake_says_how_the_recommendation_changes():
    raw, cal = intake(SAMPLE, "HYDRO"), intake(SAMPLE, "HYDRO", calibrated=True)
    shift = intake_shift(SAMPLE, raw=raw, calibrated=cal)
    assert shift.changed == (raw.best.position != cal.best.position or raw.recommendation != cal.recommendation)
    words = describe_intake_shift(shift, "GBP")
    assert words.startswith("On calibrated estimates (as 11 finished projects typically went: 1.3x the weeks, 86% of the value)")
    assert ("changes from" in words) == shift.changed


# ---------------------------------------------------------------- the command line


def test_forecast_json_has_the_interface_keys(capsys):
    assert main(["forecast", str(ROOT / "data" / "sample"), "--runs", "200", "--seed", "3", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["runs"] == 200
    assert set(document["total_value"]) == {"p10", "p50", "p90"}
    for project in document["projects"]:
        assert {"id", "finish_week"} <= set(project) and set(project["finish_week"]) == {"p50", "p85"}
    assert document == forecast(SAMPLE, runs=200, seed=3).to_dict()


def test_forecast_with_a_scenario_gives_the_range_of_its_delay_cost(tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"name": "Atlas", "changes": [{"op": "add", "project": "ATLAS"}]}), encoding="utf-8")
    assert main(["forecast", str(ROOT / "data" / "sample"), "--runs", "200", "--scenario", str(path), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document["delay_cost"]) == set(document["net_value_change"]) == {"p10", "p50", "p90"}
    assert 0 <= document["chance_of_loss"] <= 1
    assert document["scenario"] == "Atlas" and "ATLAS" in {p["id"] for p in document["projects"]}
    assert "ATLAS" not in {p["id"] for p in document["baseline"]["projects"]}


def test_forecast_reads_as_money_and_sentences(capsys):
    assert main(["forecast", str(ROOT / "data" / "sample"), "--runs", "100"]) == 0
    out = capsys.readouterr().out
    assert "P85 delivers" in out and "£" in out and "Past work landed late" in out


@pytest.mark.parametrize("bad", [["--runs", "0"], ["--runs", "many"], ["--runs", "-3"], ["--seed", "-1"]])
def test_bad_forecast_arguments_exit_2(bad, capsys):
    assert main(["forecast", str(ROOT / "data" / "sample"), *bad]) == 2
    assert capsys.readouterr().out == ""


def test_intake_calibrated_on_the_command_line(capsys):
    assert main(["intake", str(ROOT / "data" / "sample"), "--proposal", "HYDRO", "--calibrated", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["net_value_change"] == pytest.approx(intake(SAMPLE, "HYDRO", calibrated=True).chosen.net_value_change)
    assert {"duration_factor", "value_factor", "raw", "recommendation_changed"} <= set(document["calibrated"])
    assert main(["intake", str(ROOT / "data" / "sample"), "--proposal", "HYDRO", "--calibrated"]) == 0
    assert "On calibrated estimates" in capsys.readouterr().out


def test_optimise_calibrated_on_the_command_line(capsys):
    search = ["--evaluations", "300", "--time-limit", str(UNCLOCKED)]
    args = ["optimise", str(ROOT / "data" / "sample"), "--calibrated", *search, "--json"]
    assert main(args) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["evaluations"] == 300  # the budget, not the clock, ended the search
    shift = document["calibrated"]
    assert {"raw_order", "raw_total_value", "raw_order_calibrated_value", "moved", "order_changed"} <= set(shift)
    assert shift["order_changed"] == (shift["raw_order"] != document["order"])


# ---------------------------------------------------------------- the app


@pytest.fixture
def app(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()


def test_the_forecast_page_shows_the_cores_range(app):
    from vmo_core.present.format import money_short

    app.switch_page("vmo_app/views/forecast.py").run()
    assert not app.exception, app.exception
    expected = forecast(SAMPLE, runs=1000, seed=0)
    shown = headline(app)
    assert shown["Likely value"] == money_short(expected.total_value.p50, "GBP")
    app.number_input(key="forecast.runs").set_value(200).run()
    app.number_input(key="forecast.seed").set_value(4).run()
    shown = headline(app)
    assert shown["Likely value"] == money_short(forecast(SAMPLE, runs=200, seed=4).total_value.p50, "GBP")
    assert len(app.get("plotly_chart")) == 3


def test_the_whatif_headline_has_a_range_from_past_delivery(app):
    app.switch_page("vmo_app/views/whatif.py").run()
    assert not any("Going by past delivery" in m.value for m in app.markdown)  # no changes, no range
    tick(app, "Data Quality Programme", Stop=True)
    assert not app.exception, app.exception
    expected = describe_change_range(
        forecast(SAMPLE, runs=200, seed=0, scenario={"changes": [{"op": "stop", "project": "DQ"}]}), "GBP"
    )
    said = [m.value for m in app.markdown if "Going by past delivery" in m.value]
    assert said and said[0].replace("\\", "") == expected


def test_the_forecast_page_without_actuals_says_it_is_the_plan(tmp_path, monkeypatch):
    import shutil

    from streamlit.testing.v1 import AppTest

    sample = tmp_path / "sample"
    shutil.copytree(ROOT / "data" / "sample", sample)
    (sample / "actuals.csv").unlink()
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    monkeypatch.setenv("VMO_SAMPLE", str(sample))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    app.switch_page("vmo_app/views/forecast.py").run()
    assert not app.exception, app.exception
    assert any("forecast equals the plan" in i.value for i in app.info)
    shown = headline(app)
    assert shown["Value, low case"] == shown["Likely value"] == shown["Value, high case"] == shown["Value in the plan"]
