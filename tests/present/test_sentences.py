"""Sentences name projects and teams as people know them: on the sample, where every project and
pool has a name, no id appears in any sentence the app, the command line or the board pack says."""

import json
import re
from pathlib import Path

import pytest

import vmo_core
from tests.tools import UNCLOCKED
from vmo_core.decisions.benefits import benefits
from vmo_core.decisions.calibrated import order_shift
from vmo_core.decisions.constraints import constraints
from vmo_core.decisions.delay import delay_costs
from vmo_core.decisions.intake import intake
from vmo_core.decisions.interventions import interventions
from vmo_core.decisions.sequencing import optimise
from vmo_core.decisions.stopping import stop_ranking
from vmo_core.forecast.montecarlo import forecast
from vmo_core.present import forecast_sentences as fs
from vmo_core.present import sentences as say
from vmo_core.report import sentences as pack

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = vmo_core.load(ROOT / "data" / "sample")
SCENARIO = json.loads((ROOT / "data" / "scenarios" / "accept-atlas.json").read_text(encoding="utf-8"))
STOP_BOREALIS = [{"op": "stop", "project": "BOREALIS"}]
HIRE = [{"op": "capacity", "pool": "DATA", "capacity_fte": 7}]


def ids_in(text: str) -> set[str]:
    """The ids of named projects and pools that a text says, once the names themselves are taken out
    (a name may hold an id as a word: "Customer CRM Replacement")."""
    records = [*SAMPLE.projects, *SAMPLE.pools]
    for label in sorted({r.label for r in records}, key=len, reverse=True):
        text = text.replace(label, " ")
    return {r.id for r in records if r.label != r.id and re.search(rf"\b{re.escape(r.id)}\b", text)}


@pytest.fixture(scope="module")
def said() -> dict[str, str]:
    """Every sentence function, on the sample, with the inputs the pages and the pack give it."""
    cur = SAMPLE.currency
    accepted, stopped = vmo_core.compare(SAMPLE, SCENARIO), vmo_core.compare(SAMPLE, {"changes": STOP_BOREALIS})
    weighed = [intake(SAMPLE, p.id) for p in SAMPLE.projects if p.status == "proposed"]
    ranked = stop_ranking(SAMPLE)
    found = forecast(SAMPLE, runs=40, seed=0, scenario={"changes": STOP_BOREALIS})
    search = dict(evaluations=300, time_limit=UNCLOCKED)
    raw, calibrated = optimise(SAMPLE, **search), optimise(SAMPLE, **search, calibrated=True)
    texts = {
        "changes": say.describe_changes(SCENARIO["changes"] + STOP_BOREALIS + HIRE, SAMPLE),
        "comparison": say.describe_comparison(accepted, SAMPLE, SCENARIO["changes"]),
        "stopping": say.describe_comparison(stopped, SAMPLE, STOP_BOREALIS),
        "crossings": say.describe_crossings(weighed[0].chosen.comparison, cur),
        "stop": say.describe_stop(ranked.projects[0], cur),
        "constraint": say.describe_constraint(constraints(SAMPLE), cur),
        "benefits": say.describe_benefits(benefits(SAMPLE), cur),
        "week of delay": say.describe_week_of_delay(delay_costs(vmo_core.schedule(SAMPLE)), cur),
        "optimise": say.describe_optimise(raw, cur),
        "forecast": fs.describe_forecast(found, SAMPLE.settings),
        "calibration": fs.describe_calibration(found.calibration),
        "change range": fs.describe_change_range(found, cur),
        "order shift": fs.describe_order_shift(order_shift(SAMPLE, raw=raw, calibrated=calibrated), cur, SAMPLE),
        "timeline": pack.timeline(accepted.scenario, shown=10, with_baseline=True),
        "intake summary": pack.intake_summary(weighed),
        "against today": pack.against_today(weighed[0].name),
    }
    texts |= {f"intake {r.proposal}": say.describe_intake(r, SAMPLE) for r in weighed}
    found_items = interventions(SAMPLE).interventions
    texts |= {f"intervention {i.target}": say.describe_intervention(i, cur) for i in found_items[:5]}
    return texts


def test_the_check_finds_an_id_but_not_one_inside_a_name():
    assert ids_in("Stopping BOREALIS would be missed least") == {"BOREALIS"}
    assert ids_in("Customer CRM Replacement lands sooner; DATA is the constraint") == {"DATA"}
    assert ids_in("Borealis Network Analytics and Data Engineering") == set()


def test_no_sentence_names_a_project_or_a_team_by_its_id(said):
    assert all(said.values())
    coded = {what: sorted(ids_in(text)) for what, text in said.items() if ids_in(text)}
    assert not coded, coded


def test_sentences_name_what_they_speak_of(said):
    assert said["changes"].startswith("Adding Atlas Digital Twin, stopping Borealis Network Analytics, ")
    assert "setting Data Engineering to 7 FTE" in said["changes"]
    assert said["intake ATLAS"].startswith("Accepting Atlas Digital Twin at its natural place (9th) delays Water Quality")
    assert said["stop"].startswith("Stopping Borealis Network Analytics would be missed least of the projects not started yet")


def test_without_the_portfolio_a_change_list_names_by_id():
    assert say.describe_changes(STOP_BOREALIS + HIRE) == "Stopping BOREALIS and setting DATA to 7 FTE"
    new = {"op": "add", "project": {"id": "NEW", "name": "A New Thing"}}
    assert say.describe_changes([new], SAMPLE) == "Adding A New Thing"


def test_a_hire_in_a_team_no_work_waits_on_says_it_moves_nothing_and_only_costs():
    """Two teams; the work waits on BUSY alone. A person more in IDLE frees nothing anyone waits for:
    no project moves, and the net is the hire's cost, said as such (the repair moves only what it must)."""
    from tests.builders import make_portfolio
    from vmo_core.present.sentences import describe_comparison

    pf = make_portfolio(
        [
            {"id": "A", "duration_weeks": 4, "value_per_week": 1000, "demands": {"BUSY": 1, "IDLE": 0.5}},
            {"id": "B", "duration_weeks": 4, "value_per_week": 900, "demands": {"BUSY": 1}},
        ],
        pools={"BUSY": 1.0, "IDLE": 2.0},
        costs={"BUSY": 100.0, "IDLE": 100.0},
    )
    hire = [{"op": "capacity", "pool": "IDLE", "capacity_fte": 3.0}]
    result = vmo_core.compare(pf, {"changes": hire})
    assert all(d.finish_delta_weeks == 0 for d in result.projects)
    assert result.net_value_change == -result.capacity_cost < 0
    said = describe_comparison(result, pf, hire)
    assert "moves no project: no work waits for people there, so the extra people only add cost" in said
    taken = [{"op": "capacity", "pool": "IDLE", "capacity_fte": 1.0}]
    fewer = vmo_core.compare(pf, {"changes": taken})
    assert "moves no project: the team had people to spare" in describe_comparison(fewer, pf, taken)
