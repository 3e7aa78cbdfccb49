"""Every money axis of every chart builder reads in the app's money units (£500k, £1.5M, £1.0bn),
never in Plotly's SI prefixes ("£1G", "£500M" for half a billion written "£0.5G"), on the sample
and on the sample with every amount a thousand times larger (a portfolio worth billions)."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

import vmo_core
from vmo_core.decisions.benefits import benefits
from vmo_core.decisions.constraints import constraints
from vmo_core.decisions.intake import intake
from vmo_core.decisions.interventions import interventions
from vmo_core.decisions.slips import changes
from vmo_core.decisions.stopping import stop_ranking
from vmo_core.forecast.montecarlo import forecast
from vmo_core.present import charts
from vmo_core.present.charts import forecast as forecast_charts
from vmo_core.present.charts.review import review_waterfall
from vmo_core.present.format import money_short, money_ticks

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = vmo_core.load(ROOT / "data" / "sample")
EARLIER = vmo_core.load(ROOT / "data" / "history" / "2026-11-09")
SCENARIO = json.loads((ROOT / "data" / "scenarios" / "accept-atlas.json").read_text(encoding="utf-8"))
MONEY_TICK = re.compile(r"^-?£(0|\d[\d,]*(\.\d+)?(k|M|bn)?)$")

# builder -> the axis that carries money ("x" for horizontal bars)
MONEY_AXES = {
    "value_curves": "y",
    "delay_waterfall": "x",
    "order_values": "y",
    "order_curves": "y",
    "scenario_curves": "y",
    "shadow_prices": "x",
    "stop_bars": "x",
    "benefit_bars": "x",
    "benefit_gaps": "x",
    "intake_places": "y",
    "intervention_bars": "x",
    "value_fan": "y",
    "review_waterfall": "y",
}


def scaled(pf: vmo_core.Portfolio, factor: float) -> vmo_core.Portfolio:
    """`pf` with every amount of money `factor` times larger."""

    def more(value):
        return None if value is None else value * factor

    projects = tuple(
        dataclasses.replace(
            p,
            value_per_week=p.value_per_week * factor,
            late_penalty=p.late_penalty * factor,
            fixed_cost=p.fixed_cost * factor,
            promised_value_per_week=more(p.promised_value_per_week),
        )
        for p in pf.projects
    )
    pools = tuple(dataclasses.replace(p, cost_per_fte_week=p.cost_per_fte_week * factor) for p in pf.pools)
    return dataclasses.replace(pf, projects=projects, pools=pools)


def built(pf: vmo_core.Portfolio, earlier: vmo_core.Portfolio) -> dict:
    base_plan, diff = vmo_core.schedule(pf), vmo_core.compare(pf, SCENARIO)
    currency = pf.currency
    found = forecast(pf, runs=20, seed=0)
    worth = base_plan.total_value
    return {
        "value_curves": charts.value_curves(diff.baseline, diff.scenario),
        "delay_waterfall": charts.delay_waterfall(diff),
        "order_values": charts.order_values({"Today's order": worth, "Optimised": worth * 1.1}, currency),
        "order_curves": charts.order_curves(diff.baseline, diff.scenario),
        "scenario_curves": charts.scenario_curves({"Accept": diff.scenario}, diff.baseline),
        "shadow_prices": charts.shadow_prices(constraints(pf), currency),
        "stop_bars": charts.stop_bars(stop_ranking(pf), currency),
        "benefit_bars": charts.benefit_bars(benefits(pf, scenario=SCENARIO), currency),
        "benefit_gaps": charts.benefit_gaps(benefits(pf, scenario=SCENARIO), currency),
        "intake_places": charts.intake_places(intake(pf, "ATLAS"), currency),
        "intervention_bars": charts.intervention_bars(interventions(pf).interventions, currency),
        "value_fan": forecast_charts.value_fan(found.forecast, pf.settings),
        "review_waterfall": review_waterfall(changes(earlier, pf)),
    }


@pytest.fixture(scope="module", params=[1, 1000], ids=["sample", "billions"])
def figures(request) -> dict:
    return {k: json.loads(f.to_json()) for k, f in built(scaled(SAMPLE, request.param), scaled(EARLIER, request.param)).items()}


def test_every_builder_with_a_money_axis_is_walked():
    from tests.present.test_charts import builders

    assert set(MONEY_AXES) - {"review_waterfall"} <= builders()


@pytest.mark.parametrize("name", sorted(MONEY_AXES))
def test_a_money_axis_is_in_money_units_never_si_prefixes(figures, name):
    axis = figures[name]["layout"][f"{MONEY_AXES[name]}axis"]
    assert axis.get("tickmode") == "array", axis
    assert axis["ticktext"], axis
    assert all(MONEY_TICK.match(t) for t in axis["ticktext"]), axis["ticktext"]
    assert "tickformat" not in axis and "tickprefix" not in axis
    assert len(set(axis["ticktext"])) == len(axis["ticktext"])  # no two ticks read the same


def test_no_figure_uses_plotly_s_si_format(figures):
    for name, figure in figures.items():
        for key, axis in figure["layout"].items():
            if key.startswith(("xaxis", "yaxis")):
                assert axis.get("tickformat") != "~s", (name, key)
                assert not any("G" in t for t in axis.get("ticktext", [])), (name, key)


def test_ticks_and_headlines_speak_one_unit():
    assert money_ticks(0, 1.2e9, "GBP")[1][-1] == "£1.00bn"
    assert money_ticks(-3.8e6, 2e6, "GBP") == ([-2_000_000, 0, 2_000_000], ["-£2.0M", "£0", "£2.0M"])
    assert money_ticks(0, 330_000, "USD")[1] == ["$0", "$100k", "$200k", "$300k"]
    assert money_short(1_012_345_678, "GBP") == "£1.0bn"  # not "£1,012.3M", truncated on a metric card
    assert money_short(999_949_999, "GBP") == "£999.9M"
