"""Every chart builder's figure, on the sample and its scenario, read as a projector shows it:
no text under 12 px, labels level (a list of names runs down the side as horizontal bars),
and projects and teams by name."""

import inspect
import json
from pathlib import Path

import pytest

import vmo_core
from vmo_core.decisions.benefits import BenefitLine, BenefitsReport, benefits
from vmo_core.decisions.constraints import constraints
from vmo_core.decisions.intake import intake
from vmo_core.decisions.interventions import interventions
from vmo_core.decisions.load import team_load
from vmo_core.decisions.stopping import stop_ranking
from vmo_core.forecast.montecarlo import forecast
from vmo_core.present import charts
from vmo_core.present.charts import base
from vmo_core.present.charts import forecast as forecast_charts
from vmo_core.present.charts.base import plotly_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = vmo_core.load(ROOT / "data" / "sample")
SCENARIO = json.loads((ROOT / "data" / "scenarios" / "accept-atlas.json").read_text(encoding="utf-8"))
MODULES = (charts.plan, charts.decisions, forecast_charts)


def builders() -> set[str]:
    """Every public figure builder of the chart modules."""
    return {
        name
        for module in MODULES
        for name, value in vars(module).items()
        if inspect.isfunction(value) and value.__module__ == module.__name__ and not name.startswith("_")
    }


@pytest.fixture(scope="module")
def figures() -> dict:
    """One figure (or more) from each builder, the way the pages and the board pack call them."""
    base_plan, diff = vmo_core.schedule(SAMPLE), vmo_core.compare(SAMPLE, SCENARIO)
    report = constraints(SAMPLE)
    load = team_load(base_plan.plan, report)
    promises = benefits(SAMPLE, scenario=SCENARIO)
    found = forecast(SAMPLE, runs=40, seed=0)
    currency = SAMPLE.currency
    return {
        "gantt": [charts.gantt(base_plan), charts.gantt(diff.scenario, baseline=diff.baseline, added=diff.added)],
        "value_curves": [charts.value_curves(diff.baseline, diff.scenario, title="Value earned over time")],
        "delay_waterfall": [charts.delay_waterfall(diff, title="How the net change adds up")],
        "order_values": [charts.order_values({"Today's order": 1e7, "CD3 order": 1.1e7, "Optimised": 1.2e7}, currency)],
        "order_curves": [charts.order_curves(diff.baseline, diff.scenario)],
        "scenario_curves": [charts.scenario_curves({"Accept ATLAS": diff.scenario}, diff.baseline)],
        "load_heatmap": [charts.load_heatmap(load.load, load.capacity, list(load.names), SAMPLE.as_of, weeks=156)],
        "shadow_prices": [charts.shadow_prices(report, currency)],
        "stop_bars": [charts.stop_bars(stop_ranking(SAMPLE), currency)],
        "benefit_bars": [charts.benefit_bars(promises, currency)],
        "benefit_gaps": [charts.benefit_gaps(promises, currency)],
        "intake_places": [charts.intake_places(intake(SAMPLE, "ATLAS"), currency, title="By place")],
        "intervention_bars": [charts.intervention_bars(interventions(SAMPLE).interventions, currency)],
        "calibration": [forecast_charts.calibration(found.calibration, title="Past delivery")],
        "value_fan": [forecast_charts.value_fan(found.forecast, SAMPLE.settings)],
        "finish_ranges": [forecast_charts.finish_ranges(found.forecast, SAMPLE.settings)],
    }


def font_sizes(node, path: str = "") -> list[tuple[str, float]]:
    """(where, size) of every font size set anywhere in a figure's JSON."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("size", "minsize") and "font" in path.rsplit(".", 1)[-1] + key and isinstance(value, (int, float)):
                found.append((f"{path}.{key}", value))
            found += font_sizes(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += font_sizes(value, f"{path}[{index}]")
    return found


def axes(layout: dict) -> dict:
    return {key: value for key, value in layout.items() if key.startswith(("xaxis", "yaxis"))}


def test_every_builder_is_walked(figures):
    assert builders() == set(figures)


def test_the_walk_finds_a_font_size_wherever_one_is_set():
    found = dict(font_sizes({"layout": {"font": {"size": 9}, "xaxis": {"tickfont": {"size": 11}}, "height": 3}}))
    assert found == {".layout.font.size": 9, ".layout.xaxis.tickfont.size": 11}


def test_no_text_in_any_figure_is_under_12_px(figures):
    small = []
    for name, built in figures.items():
        for fig in built:
            spec = fig.to_plotly_json()
            assert spec["layout"]["font"]["size"] >= base.SMALLEST, name  # what every unset size inherits
            assert spec["layout"]["uniformtext"] == {"minsize": base.SMALLEST, "mode": "hide"}, name  # bar text never shrunk
            small += [f"{name}: {where} = {size}" for where, size in font_sizes(spec) if size < base.SMALLEST]
    assert not small


def test_labels_read_level_and_lists_of_names_run_down_the_side(figures):
    for name, built in figures.items():
        for fig in built:
            layout = fig.to_plotly_json()["layout"]
            for key, axis in axes(layout).items():
                if key.startswith("xaxis"):
                    assert axis.get("tickangle") == 0, f"{name}: {key} may rotate its labels"
            for trace in fig.data:
                if trace.type in ("bar", "waterfall") and trace.orientation != "h" and trace.x is not None:
                    categories = [x for x in trace.x if isinstance(x, str)]
                    assert len(categories) <= 4, f"{name}: {len(categories)} names along the bottom"


def test_projects_and_teams_are_named_on_the_axes(figures):
    # Labels are names (a name may hold a word that is also an id: "Customer CRM Replacement"),
    # never an id on its own nor the id before the name ("CRM  Customer CRM Replacement").
    labels = {p.id: p.label for p in SAMPLE.projects} | {p.id: p.label for p in SAMPLE.pools}
    codes = {i for i, label in labels.items() if label != i}
    for name, built in figures.items():
        for fig in built:
            for trace in fig.data:
                shown = [
                    v.lstrip("+- ")
                    for v in (trace.y if getattr(trace, "orientation", None) == "h" else trace.x) or ()
                    if isinstance(v, str)
                ]
                assert not [s for s in shown if s in codes or s.split("  ")[0] in codes], name
                if trace.type == "bar" and name in (
                    "gantt",
                    "stop_bars",
                    "benefit_bars",
                    "benefit_gaps",
                    "finish_ranges",
                    "shadow_prices",
                ):
                    assert set(shown) <= {plotly_text(v[:48]) for v in labels.values()} | {
                        plotly_text(v[:44]) for v in labels.values()
                    }, name


def test_a_name_two_projects_share_shows_each_id_beside_it():
    class Row:
        def __init__(self, id, name):
            self.id, self.name = id, name

    assert base.names([Row("A", "Same"), Row("B", "Same"), Row("C", ""), Row("D", "<b>")]) == [
        "Same (A)",
        "Same (B)",
        "C",
        "&lt;b&gt;",
    ]


def test_the_intake_chart_keeps_no_place_s_comparison_and_shows_what_they_all_say():
    kept = intake(SAMPLE, "ATLAS")  # every place's comparison read, and kept, before the chart
    for place in kept.places:
        assert place.comparison is not None
    passed = intake(SAMPLE, "ATLAS")
    shown = charts.intake_places(passed, SAMPLE.currency)
    held = [place.position for place in passed.places if "comparison" in place.__dict__]
    assert held == sorted({passed.chosen.position, passed.best.position})  # the two the chart marks, as the page reads them
    assert len(passed.places) > len(held)
    assert shown.to_dict() == charts.intake_places(kept, SAMPLE.currency).to_dict()


def test_benefits_at_scale_show_the_largest_shortfalls_then_the_rest_summed():
    """A portfolio of hundreds of business cases: 25 pairs of bars and one for the rest, summed, not 600."""
    lines = [
        BenefitLine(f"B{i}", f"Case {i}", 10, 12, 1000.0 + i, 900.0 if i % 2 else 1000.0 + i, "amber", None) for i in range(600)
    ]
    report = BenefitsReport(tuple(lines))
    fig = json.loads(charts.benefit_bars(report, "GBP").to_json())
    promised, forecast = fig["data"]
    assert len(promised["y"]) == 26 and promised["y"][0] == "The other 575 summed"
    kept = sorted(lines, key=lambda b: -b.value_shortfall)[:25]
    assert set(promised["y"][1:]) == {b.name for b in kept}
    rest = [b for b in lines if b not in kept]
    assert promised["x"][0] == pytest.approx(sum(b.promised_value for b in rest))
    assert forecast["x"][0] == pytest.approx(sum(b.forecast_value for b in rest))
    assert fig["layout"]["height"] < 1300  # not a 25,000-px chart


def test_the_calibration_chart_names_finished_projects_not_their_ids():
    found = forecast(SAMPLE, runs=20, seed=0)
    labels = {p.id: p.label for p in SAMPLE.projects}
    fig = json.loads(forecast_charts.calibration(found.calibration, labels_of=labels).to_json())
    hovered = {t for trace in fig["data"] for t in trace.get("text", [])}
    assert "Meter Reading Ingest" in hovered and not hovered & {p.id for p in SAMPLE.projects}
