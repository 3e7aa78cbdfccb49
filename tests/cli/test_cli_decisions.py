"""The decision commands of INTERFACES.md: optimise, constraints, intake, stop-ranking,
benefits and interventions.

For each: `--json` is one JSON document with the documented keys and equals the Python
API's `to_dict()`; its figures agree with what `schedule` and `compare` say about the
same change. Their readable output and bad input are in test_cli_decisions_text.py.
Calls go through `vmo_core.cli.main(argv)` in-process, as in test_cli.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

import vmo_core
import vmo_core.decisions.interventions
from tests.builders import make_portfolio, week
from tests.cli_support import COMMANDS, FAST, ROOT, SAMPLE, UNCLOCKED, argv_of, is_number, is_week, json_of, scheduled_ids
from vmo_core.cli import commands, main, process_started
from vmo_core.decisions.benefits import AMBER_UP_TO, GREEN_UP_TO, benefits
from vmo_core.decisions.constraints import constraints
from vmo_core.decisions.intake import intake
from vmo_core.decisions.interventions import interventions
from vmo_core.decisions.sequencing import MAX_EVALUATIONS, optimise
from vmo_core.decisions.stopping import stop_ranking
from vmo_core.errors import VmoError
from vmo_core.io.export import export
from vmo_core.io.loading import load

PROPOSALS = ["ATLAS", "NOVA", "HYDRO", "CYBRX"]
ACTIONS = {"stop", "accelerate", "resequence", "add_capacity"}


def without_timing(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != "seconds"}


@pytest.fixture(scope="module")
def sample():
    return load(SAMPLE)


# ---------------------------------------------------------------- --json: one document, the documented keys


@pytest.mark.parametrize("name", list(COMMANDS))
def test_json_is_one_document_with_the_documented_keys(capsys, name):
    document = json_of(capsys, *argv_of(name))

    _, keys = COMMANDS[name]
    assert keys <= document.keys()


def test_optimise_json_shape(capsys):
    document = json_of(capsys, "optimise", SAMPLE, *FAST)

    assert document["evaluations"] == 2000 and not document["proven_best"]  # the budget ended it, not the clock

    assert all(isinstance(i, str) for i in document["order"])
    assert is_number(document["total_value"]) and is_number(document["baseline_total_value"])


def test_constraints_json_shape(capsys, sample):
    document = json_of(capsys, "constraints", SAMPLE)

    assert document["constraint"] in {p.id for p in sample.pools}
    assert sorted(p["id"] for p in document["pools"]) == sorted(p.id for p in sample.pools)
    for pool in document["pools"]:
        assert {"id", "shadow_price", "unlimited_value_gain", "peak_load"} <= pool.keys()
        assert all(is_number(pool[k]) for k in ("shadow_price", "unlimited_value_gain", "peak_load"))


@pytest.mark.parametrize("position", [None, 1])
def test_intake_json_shape(capsys, position):
    extra = [] if position is None else ["--position", position]
    document = json_of(capsys, "intake", SAMPLE, "--proposal", "ATLAS", *extra)

    assert document["proposal"] == "ATLAS"
    assert all(is_number(document[k]) for k in ("own_value", "delay_cost", "net_value_change"))
    assert document["delayed"], "ATLAS delays something wherever it goes before the end"
    for delayed in document["delayed"]:
        assert {"id", "finish_delta_weeks", "value_delta"} <= delayed.keys()
        assert is_week(delayed["finish_delta_weeks"]) and is_number(delayed["value_delta"])
        assert delayed["value_delta"] < 0 or (delayed["finish_delta_weeks"] or 0) > 0
    if position is not None:
        # reported where asked; the 8 in-flight projects are placed first all the same
        assert document["position"] == 1


def test_stop_ranking_json_shape(capsys, sample):
    document = json_of(capsys, "stop-ranking", SAMPLE)

    projects = document["projects"]
    assert sorted(p["id"] for p in projects) == sorted(scheduled_ids(sample))
    assert all(is_number(p["net_value_change"]) for p in projects)
    changes = [p["net_value_change"] for p in projects]
    assert changes == sorted(changes, reverse=True), "highest first: the one we would miss least"


def test_interventions_json_shape(capsys, sample):
    document = json_of(capsys, "interventions", SAMPLE)

    found = document["interventions"]
    assert found, "the sample has moves worth making"
    targets = {p.id for p in sample.projects} | {p.id for p in sample.pools}
    for item in found:
        assert {"action", "target", "net_value_change", "cost", "moves"} <= item.keys()
        assert item["action"] in ACTIONS
        assert item["target"] in targets
        assert is_number(item["net_value_change"]) and is_number(item["cost"])
        assert item["cost"] >= 0
        assert all(m in targets for m in item["moves"])
    nets = [i["net_value_change"] for i in found]
    assert nets == sorted(nets, reverse=True), "highest net value first"


def test_benefits_json_shape(capsys, sample):
    document = json_of(capsys, "benefits", SAMPLE)

    projects = document["projects"]
    promised = [p.id for p in sample.projects if p.status in ("active", "approved") and p.promised_finish is not None]
    assert sorted(p["id"] for p in projects) == sorted(promised)
    for line in projects:
        assert {"id", "promised_finish_week", "forecast_finish_week", "value_shortfall", "rag"} <= line.keys()
        assert type(line["promised_finish_week"]) is int and is_week(line["forecast_finish_week"])
        assert is_number(line["value_shortfall"])
        assert line["rag"] in ("green", "amber", "red")
    assert {line["rag"] for line in projects} == {"green", "amber", "red"}, "the sample shows every colour"


# ---------------------------------------------------------------- --json equals the Python API


def test_optimise_json_equals_the_api(capsys, sample):
    # a generous clock, so that the evaluation budget alone ends both searches and they agree
    document = json_of(capsys, "optimise", SAMPLE, "--time-limit", str(UNCLOCKED), "--evaluations", "2000")
    api = optimise(sample, evaluations=2000, time_limit=UNCLOCKED, seed=0).to_dict()

    assert document["evaluations"] == 2000
    assert is_number(document["seconds"])
    assert without_timing(document) == without_timing(api)


def test_optimise_with_a_named_constraint_equals_the_api(capsys, sample):
    document = json_of(capsys, "optimise", SAMPLE, "--constraint", "DATA", "--time-limit", str(UNCLOCKED), "--evaluations", "500")
    api = optimise(sample, constraint="DATA", evaluations=500, time_limit=UNCLOCKED, seed=0).to_dict()

    assert document["evaluations"] == 500
    assert without_timing(document) == without_timing(api)
    assert document["constraint"] == "DATA"


def test_constraints_json_equals_the_api(capsys, sample):
    assert json_of(capsys, "constraints", SAMPLE) == constraints(sample).to_dict()


@pytest.mark.parametrize("position", [None, 1, 12])
def test_intake_json_equals_the_api(capsys, sample, position):
    extra = [] if position is None else ["--position", position]
    document = json_of(capsys, "intake", SAMPLE, "--proposal", "ATLAS", *extra)
    assert document == intake(sample, "ATLAS", position=position).to_dict()


def test_stop_ranking_json_equals_the_api(capsys, sample):
    assert json_of(capsys, "stop-ranking", SAMPLE) == stop_ranking(sample).to_dict()


def test_benefits_json_equals_the_api(capsys, sample):
    assert json_of(capsys, "benefits", SAMPLE) == benefits(sample).to_dict()


def test_interventions_json_equals_the_api(capsys, sample):
    assert json_of(capsys, "interventions", SAMPLE) == interventions(sample).to_dict()


# ---------------------------------------------------------------- figures that agree with schedule and compare


@pytest.mark.parametrize("constraint", [None, "DATA", "DEV"])
def test_optimise_order_is_every_scheduled_project_once_and_schedules_to_its_value(capsys, sample, constraint):
    extra = [] if constraint is None else ["--constraint", constraint]
    document = json_of(capsys, "optimise", SAMPLE, *FAST, *extra)

    assert document["evaluations"] == 2000
    order = document["order"]
    assert len(order) == len(set(order))
    assert sorted(order) == sorted(scheduled_ids(sample))
    in_flight = {p.id for p in sample.projects if p.status == "active"}
    assert set(order[: len(in_flight)]) == in_flight, "in-flight work is always placed first"

    assert document["total_value"] >= document["baseline_total_value"]
    assert document["baseline_total_value"] == pytest.approx(vmo_core.schedule(sample).total_value, rel=1e-9)
    replayed = vmo_core.schedule(sample, {"changes": [{"op": "sequence", "order": order}]})
    assert document["total_value"] == pytest.approx(replayed.total_value, rel=1e-9)


def test_optimise_searches_the_scenario_plan(capsys, sample, tmp_path):
    scenario = {"changes": [{"op": "add", "project": "ATLAS"}, {"op": "stop", "project": "BOREALIS"}]}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")

    document = json_of(capsys, "optimise", SAMPLE, "--scenario", path, *FAST)

    assert document["evaluations"] == 2000

    assert "ATLAS" in document["order"] and "BOREALIS" not in document["order"]
    assert sorted(document["order"]) == sorted(set(scheduled_ids(sample)) - {"BOREALIS"} | {"ATLAS"})
    assert document["baseline_total_value"] == pytest.approx(vmo_core.schedule(sample, scenario).total_value, rel=1e-9)
    replayed = vmo_core.schedule(sample, {"changes": [*scenario["changes"], {"op": "sequence", "order": document["order"]}]})
    assert document["total_value"] == pytest.approx(replayed.total_value, rel=1e-9)
    assert document["total_value"] >= document["baseline_total_value"]


@pytest.mark.parametrize("proposal", PROPOSALS)
@pytest.mark.parametrize("position", [None, 1, 99])
def test_intake_figures_are_the_compare_of_adding_it_there(capsys, sample, proposal, position):
    extra = [] if position is None else ["--position", position]
    document = json_of(capsys, "intake", SAMPLE, "--proposal", proposal, *extra)

    place = document["position"]
    scheduled = len(scheduled_ids(sample))
    assert type(place) is int and 1 <= place <= scheduled + 1
    if position is not None:
        assert place == min(position, scheduled + 1)  # past the end means last
    comparison = vmo_core.compare(sample, {"changes": [{"op": "add", "project": proposal, "position": place}]})
    assert document["net_value_change"] == pytest.approx(comparison.net_value_change, rel=1e-9, abs=1e-6)
    assert document["delay_cost"] == pytest.approx(comparison.delay_cost, rel=1e-9, abs=1e-6)
    assert document["own_value"] == pytest.approx(comparison.scenario.by_id[proposal].value, rel=1e-9, abs=1e-6)
    hit = {d.id for d in comparison.projects if d.value_delta < 0 or (d.finish_delta_weeks or 0) > 0}
    assert {d["id"] for d in document["delayed"]} == hit
    losses = [d["value_delta"] for d in document["delayed"]]
    assert losses == sorted(losses), "costliest first"


def test_intake_without_a_position_goes_where_cd3_puts_it(capsys, sample):
    document = json_of(capsys, "intake", SAMPLE, "--proposal", "ATLAS")
    by_cd3 = vmo_core.compare(sample, {"changes": [{"op": "add", "project": "ATLAS"}]})
    assert document["net_value_change"] == pytest.approx(by_cd3.net_value_change, rel=1e-9)
    assert document["delay_cost"] == pytest.approx(by_cd3.delay_cost, rel=1e-9)


def test_stop_ranking_figures_are_the_compare_of_each_stop(capsys, sample):
    projects = json_of(capsys, "stop-ranking", SAMPLE)["projects"]

    top = projects[0]
    stopped = vmo_core.compare(sample, {"changes": [{"op": "stop", "project": top["id"]}]})
    assert top["net_value_change"] == pytest.approx(stopped.net_value_change, rel=1e-9)
    for entry in projects:
        comparison = vmo_core.compare(sample, {"changes": [{"op": "stop", "project": entry["id"]}]})
        assert entry["net_value_change"] == pytest.approx(comparison.net_value_change, rel=1e-9, abs=1e-6), entry["id"]
        assert entry["net_value_change"] <= top["net_value_change"]
        # its own value lost, its remaining spend saved, what others gain by landing sooner
        own = comparison.baseline.by_id[entry["id"]]
        saved = comparison.baseline.total_cost - comparison.scenario.total_cost
        assert entry["value_lost"] == pytest.approx(own.value) and entry["spend_saved"] == pytest.approx(saved)
        assert entry["spend_saved"] >= own.cost - 1e-9
        assert entry["others_gain"] == pytest.approx(-comparison.delay_cost, abs=1e-6)


def test_stop_ranking_breakdown_adds_up_to_the_net(capsys):
    projects = json_of(capsys, "stop-ranking", SAMPLE)["projects"]

    off = {}
    for entry in projects:
        parts = entry["others_gain"] - entry["value_lost"] + entry["spend_saved"]
        if abs(entry["net_value_change"] - parts) > 1e-6 * max(1.0, abs(parts)):
            off[entry["id"]] = (entry["net_value_change"], parts)
    assert off == {}


def test_constraint_is_the_pool_with_the_highest_shadow_price(capsys, sample):
    document = json_of(capsys, "constraints", SAMPLE)

    pools = document["pools"]
    highest = max(pools, key=lambda p: p["shadow_price"])
    assert highest["shadow_price"] > 0
    assert document["constraint"] == highest["id"]
    assert document["constraint"] == "DATA"  # the sample's bottleneck, as the README says
    plan = vmo_core.schedule(sample)
    for pool in pools:
        base = sample.pool_index[pool["id"]].capacity_fte
        planned = sorted((c for c in sample.capacity_changes if c.pool_id == pool["id"]), key=lambda c: c.from_date)
        # one more FTE in every week: on today's capacity and on each planned change, in date order
        changes = [{"op": "capacity", "pool": pool["id"], "capacity_fte": base + 1}]
        changes += [
            {"op": "capacity", "pool": pool["id"], "capacity_fte": c.capacity_fte + 1, "from": c.from_date.isoformat()}
            for c in planned
        ]
        plus_one = vmo_core.compare(sample, {"changes": changes})
        gain = plus_one.scenario.total_value - plus_one.baseline.total_value
        assert pool["shadow_price"] == pytest.approx(gain, rel=1e-9, abs=1e-6), pool["id"]

        # the peak load, counted from the plan by hand: FTE of every project running in a week
        fte = {d.project_id: d.fte for d in sample.demands if d.pool_id == pool["id"]}
        running = [(p.start_week, p.finish_week, fte[p.id]) for p in plan.projects if p.id in fte and p.finish_week is not None]
        weeks = range(max((f for _, f, _ in running), default=0))
        peak = max((sum(x for s, f, x in running if s <= w < f) for w in weeks), default=0.0)
        assert pool["peak_load"] == pytest.approx(peak), pool["id"]
        assert pool["peak_load"] <= max([base, *(c.capacity_fte for c in planned)])


def test_benefits_figures_follow_the_schedule_and_the_rag_rule(capsys, sample):
    document = json_of(capsys, "benefits", SAMPLE)

    plan = vmo_core.schedule(sample)
    for line in document["projects"]:
        project = sample.project(line["id"])
        assert line["promised_finish_week"] == (project.promised_finish - sample.as_of).days // 7
        assert line["forecast_finish_week"] == plan.by_id[line["id"]].finish_week
        assert line["value_shortfall"] == pytest.approx(line["promised_value"] - plan.by_id[line["id"]].value, abs=1e-6)
        share = line["value_shortfall"] / line["promised_value"]
        expected = "green" if share <= GREEN_UP_TO else "amber" if share <= AMBER_UP_TO else "red"
        assert line["rag"] == expected, line["id"]
    at_risk = sum(max(0.0, line["value_shortfall"]) for line in document["projects"])
    assert document["value_at_risk"] == pytest.approx(at_risk)


def test_interventions_are_the_compare_of_their_changes(capsys, sample):
    found = json_of(capsys, "interventions", SAMPLE)["interventions"]

    report = constraints(sample)
    stops = {p.id: p.net_value_change for p in stop_ranking(sample).projects}
    assert 0 < len(found) <= 10
    for item in found:
        assert item["net_value_change"] > 0, "only moves worth making are listed"
        comparison = vmo_core.compare(sample, {"changes": item["changes"]})
        # one net figure for one change: a hire's cost is inside the comparison (its capacity cost), not added again
        assert item["net_value_change"] == pytest.approx(comparison.net_value_change, rel=1e-9, abs=1e-6)
        assert item["cost"] == pytest.approx(max(0.0, comparison.spend_change + comparison.capacity_cost), abs=1e-6)
        moved = [d.id for d in comparison.projects if d.finish_delta_weeks != 0]
        assert item["moves"] == moved
        if item["action"] == "stop":
            assert item["net_value_change"] == pytest.approx(stops[item["target"]], rel=1e-9)
        if item["action"] == "add_capacity":
            pool = report.pool(item["target"])
            assert comparison.capacity_cost == pytest.approx(pool.fte_cost, rel=1e-12)
            assert item["cost"] >= pool.fte_cost - 1e-6
            assert item["net_value_change"] == pytest.approx(pool.net_of_one_fte, rel=1e-9, abs=1e-6)
    actions = {i["action"] for i in found}
    assert {"resequence", "add_capacity", "stop"} <= actions
    resequence = next(i for i in found if i["action"] == "resequence")
    assert resequence is found[0], "re-sequencing is the sample's biggest single move"


def test_decisions_follow_a_scenario(capsys, sample, tmp_path):
    scenario = {"changes": [{"op": "stop", "project": "BOREALIS"}, {"op": "add", "project": "NOVA"}]}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")

    ranking = json_of(capsys, "stop-ranking", SAMPLE, "--scenario", path)
    assert ranking == stop_ranking(sample, scenario=scenario).to_dict()
    ids = [p["id"] for p in ranking["projects"]]
    assert "NOVA" in ids and "BOREALIS" not in ids

    assert json_of(capsys, "constraints", SAMPLE, "--scenario", path) == constraints(sample, scenario=scenario).to_dict()
    assert json_of(capsys, "benefits", SAMPLE, "--scenario", path) == benefits(sample, scenario=scenario).to_dict()
    document = json_of(capsys, "intake", SAMPLE, "--scenario", path, "--proposal", "ATLAS")
    assert document == intake(sample, "ATLAS", scenario=scenario).to_dict()


# ---------------------------------------------------------------- a small portfolio: an unschedulable project


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """One team of one: A then B by priority (B first is better), BIG never fits, P is a proposal."""
    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 4, "value_per_week": 1000, "demands": {"TEAM": 1}, "promised_finish": week(4)},
            {"id": "B", "duration_weeks": 2, "value_per_week": 3000, "demands": {"TEAM": 1}, "promised_finish": week(2)},
            {"id": "BIG", "duration_weeks": 2, "value_per_week": 500, "demands": {"TEAM": 3}, "promised_finish": week(3)},
            {"id": "P", "status": "proposed", "duration_weeks": 1, "value_per_week": 100, "demands": {"TEAM": 1}},
        ],
        pools={"TEAM": 1.0},
        costs={"TEAM": 100.0},
    )
    folder = tmp_path_factory.mktemp("tiny") / "pf"
    export(pf, folder)
    return folder


def test_an_unschedulable_project_is_null_and_red(capsys, tiny):
    lines = {p["id"]: p for p in json_of(capsys, "benefits", tiny)["projects"]}
    assert lines["BIG"]["forecast_finish_week"] is None
    assert lines["BIG"]["rag"] == "red"
    # value with 52 weeks, no discount: A lands at 4 as promised; B at 6, not 2
    assert lines["A"]["value_shortfall"] == 0 and lines["A"]["rag"] == "green"
    assert lines["B"]["value_shortfall"] == pytest.approx(3000 * (52 - 2) - 3000 * (52 - 6))  # 12,000: 8% of 150,000
    assert lines["B"]["rag"] == "amber"


def test_optimise_keeps_an_unschedulable_project_in_the_order(capsys, tiny):
    document = json_of(capsys, "optimise", tiny, *FAST)
    assert sorted(document["order"]) == ["A", "B", "BIG"]
    assert document["order"].index("B") < document["order"].index("A")  # CD3: 3,000/2 before 1,000/4
    assert document["total_value"] == pytest.approx(3000 * 50 + 1000 * 46)  # B at 2, A at 6
    assert document["baseline_total_value"] == pytest.approx(1000 * 48 + 3000 * 46)  # A at 4, B at 6


def test_the_tiny_portfolio_s_other_decisions(capsys, tiny):
    constraint = json_of(capsys, "constraints", tiny)
    assert constraint["constraint"] == "TEAM"
    # one more FTE: A and B run side by side, B lands at 2 instead of 6
    assert constraint["pools"][0]["shadow_price"] == pytest.approx(3000 * 4)

    ranking = json_of(capsys, "stop-ranking", tiny)["projects"]
    assert ranking[0]["id"] == "BIG" and ranking[0]["net_value_change"] == 0  # it earns and spends nothing

    document = json_of(capsys, "intake", tiny, "--proposal", "P")
    assert document["position"] == 4 and document["delayed"] == []  # lowest CD3: last, behind BIG
    assert document["own_value"] == pytest.approx(100 * (52 - 7))  # after B at 6
    assert document["net_value_change"] == pytest.approx(100 * 45 - 100)  # one FTE-week at 100

    found = json_of(capsys, "interventions", tiny)["interventions"]
    assert {(i["action"], i["target"]) for i in found} >= {("accelerate", "B"), ("resequence", "B")}
    assert all(i["action"] != "stop" for i in found), "stopping BIG gains nothing"


def test_optimise_counts_its_time_limit_from_the_start_main_is_given(monkeypatch, capsys):
    # as `python -m vmo_core` (vmo_core/__main__.py) that is the process's start: Python's own start,
    # the imports and reading the portfolio are all inside --time-limit
    limits = []

    def stop_at_the_search(pf, **options):
        limits.append(options["time_limit"])
        raise VmoError("the limit was seen")

    monkeypatch.setattr(commands, "optimise", stop_at_the_search)
    assert main(["optimise", str(SAMPLE), "--time-limit", "5"], started=time.perf_counter() - 4) == 2
    assert 0 < limits[0] <= 1  # four of the five seconds had gone before the command began (and a little is kept for the exit)
    assert "the limit was seen" in capsys.readouterr().err
    assert process_started() <= time.perf_counter()


@pytest.mark.parametrize(
    ("given", "evaluations"),
    [
        (["--time-limit", "5"], MAX_EVALUATIONS),  # a time limit alone: the search uses all of it
        (["--time-limit", "5", "--evaluations", "200"], 200),
        (["--evaluations", "200"], 200),
        (["--seed", "3"], 20_000),
    ],
    ids=["time-limit-alone", "both", "evaluations-alone", "seed-alone"],
)
def test_optimise_is_bounded_by_what_the_user_gave(monkeypatch, capsys, given, evaluations):
    seen = []

    def record(pf, **options):
        seen.append(options)
        raise VmoError("the options were seen")

    monkeypatch.setattr(commands, "optimise", record)
    assert main(["optimise", str(SAMPLE), *given]) == 2
    assert seen[0]["evaluations"] == evaluations
    assert 0 < seen[0]["time_limit"] <= (5 if "--time-limit" in given else 10)


OTHER_COMMANDS_MODULES = [
    "vmo_core.report",  # the board pack
    "vmo_core.decisions.intake",
    "vmo_core.decisions.interventions",
    "vmo_core.decisions.stopping",
    "vmo_core.decisions.benefits",
    "vmo_core.decisions.constraints",
    "vmo_core.decisions.slips",  # the loop's changes and decisions
    "vmo_core.service.history",
    "vmo_core.forecast.montecarlo",
]


def test_optimise_as_a_program_loads_only_its_own_modules():
    # its time limit counts from the process's start, so what another command needs is not loaded first
    listing = "import sys; print(' '.join(sorted(sys.modules)), file=sys.stderr)"
    script = f"from vmo_core.cli import main; main(['optimise', {str(SAMPLE)!r}, *{FAST!r}, '--json']); {listing}"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    loaded = set(done.stderr.split())
    assert done.returncode == 0 and json.loads(done.stdout)["order"]
    assert {"vmo_core.decisions.sequencing", "vmo_core.io.loading"} <= loaded  # what it needs is listed
    assert [name for name in OTHER_COMMANDS_MODULES if name in loaded] == []


def test_the_python_api_loads_its_functions_when_first_used():
    assert vmo_core.load(SAMPLE).projects and callable(vmo_core.schedule) and callable(vmo_core.changes)
    assert {"load", "compare", "schedule", "changes", "adopt", "Portfolio", "VmoError"} <= set(dir(vmo_core))
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        vmo_core.nothing_here  # noqa: B018
