"""Hostile scenario documents: whatever JSON arrives, applying it gives a plan or a ScenarioError
that names the change (1-based) or the document, and says what is wrong and what is expected.

Every number and date a change may hold is bounded as the loader bounds a portfolio's
(io/schema.py), so a scenario cannot make the schedule overflow, exhaust memory or take minutes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vmo_core
from tests.builders import make_portfolio
from vmo_core.engine.json_text import json_depth
from vmo_core.engine.scenario import as_scenario, read_scenario
from vmo_core.errors import ScenarioError
from vmo_core.io.loading import load
from vmo_core.model.portfolio import CapacityChange

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample():
    return load(ROOT / "data" / "sample")


def refusal(pf, document) -> str:
    with pytest.raises(ScenarioError) as info:
        vmo_core.compare(pf, document)
    return str(info.value)


def one(change: dict) -> dict:
    return {"changes": [change]}


NEW = {"id": "NEW", "duration_weeks": 4, "value_per_week": 1000, "demands": {"DATA": 1}}

# each class the trial found, and each bound: (change, the message)
BAD = [
    ({"op": ["add"]}, "change 1: unknown op ['add']; expected one of add, stop, accelerate, capacity, move, sequence"),
    ({"op": {"a": 1}}, "change 1: unknown op {'a': 1}; expected one of add, stop, accelerate, capacity, move, sequence"),
    ({"op": None}, "change 1: unknown op None; expected one of add, stop, accelerate, capacity, move, sequence"),
    ({"op": "capacity", "pool": {"x": 1}, "capacity_fte": 3}, "change 1 (capacity): no pool {'x': 1} in the portfolio"),
    ({"op": "capacity", "pool": ["DATA"], "capacity_fte": 3}, "change 1 (capacity): no pool ['DATA'] in the portfolio"),
    (
        {"op": "add", "project": [1, 2]},
        'change 1 (add): "project" must be the id of a proposed project or a new project\'s fields, not [1, 2]',
    ),
    (
        {"op": "accelerate", "project": "CRM", "crash": 1e308},
        "change 1 (accelerate): crash 1e+308 is out of range; expected a factor from 1 to 10 (1.5 = half as much again)",
    ),
    (
        {"op": "accelerate", "project": "CRM", "crash": 10**400},
        "change 1 (accelerate): crash: a 401-digit number is too large; expected a plain number such as 1500 or 2.5",
    ),
    (
        {"op": "accelerate", "project": "CRM", "crash": 10.5},
        "change 1 (accelerate): crash 10.5 is out of range; expected a factor from 1 to 10 (1.5 = half as much again)",
    ),
    (
        {"op": "add", "project": {**NEW, "duration_weeks": 10**12}},
        "change 1 (add): project field duration_weeks: 1000000000000 is out of range; "
        "expected a number at least 1 and at most 520 weeks",
    ),
    (
        {"op": "add", "project": {**NEW, "value_per_week": 1e13}},
        "change 1 (add): project field value_per_week: 10000000000000.0 is out of range; "
        "expected a number at least 0 and at most 1,000,000,000,000",
    ),
    (
        {"op": "add", "project": {**NEW, "deadline": "2199-01-01"}},
        "change 1 (add): project field deadline: 2199-01-01 is more than 100 years from as_of (2026-11-30); "
        "expected a date from 1926-11-30 to 2126-12-01",
    ),
    (
        {"op": "add", "project": {**NEW, "earliest_start": "9999-12-31"}},
        "change 1 (add): project field earliest_start: '9999-12-31' is out of range; "
        "expected a date from 1900-01-01 to 2199-12-31",
    ),
    (
        {"op": "add", "project": {**NEW, "name": ["a", "list"]}},
        "change 1 (add): project field name: expected a number or text, not ['a', 'list']",
    ),
    (
        {"op": "add", "project": {**NEW, "demands": {"DATA": 2e6}}},
        "change 1 (add): DATA 2000000.0 is out of range; expected FTE from 0 to 1,000,000",
    ),
    (
        {"op": "add", "project": {**NEW, "demands": ["DATA"]}},
        'change 1 (add): "demands" must map pool ids to FTE, e.g. {"DATA": 3}, not [\'DATA\']',
    ),
    (
        {"op": "add", "project": {**NEW, "predecessors": [["CRM"]]}},
        "change 1 (add): \"predecessors\" must list existing project ids, not [['CRM']]",
    ),
    (
        {"op": "add", "project": "ATLAS", "position": 0},
        "change 1 (add): position 0 is out of range; "
        "expected a whole number from 1 (first) to 10,000; past the end of the list is last",
    ),
    (
        {"op": "add", "project": "ATLAS", "position": 1e300},
        "change 1 (add): position 1e+300 is out of range; "
        "expected a whole number from 1 (first) to 10,000; past the end of the list is last",
    ),
    (
        {"op": "add", "project": "ATLAS", "position": 2.5},
        "change 1 (add): position 2.5 is not a whole number; "
        "expected a whole number from 1 (first) to 10,000; past the end of the list is last",
    ),
    (
        {"op": "capacity", "pool": "DATA", "capacity_fte": 1e7 + 1},
        "change 1 (capacity): capacity_fte 10000001.0 is out of range; expected FTE from 0 to 10,000,000",
    ),
    (
        {"op": "capacity", "pool": "DATA", "capacity_fte": float("inf")},
        "change 1 (capacity): capacity_fte: inf is not a finite number; expected a plain number such as 1500 or 2.5",
    ),
    (
        {"op": "capacity", "pool": "DATA", "capacity_fte": 3, "from": "9999-12-31"},
        "change 1 (capacity): from: 9999-12-31 is more than 100 years from as_of (2026-11-30); "
        "expected a date from 1926-11-30 to 2126-12-01",
    ),
    (
        {"op": "capacity", "pool": "DATA", "capacity_fte": 3, "from": "1900-01-01"},
        "change 1 (capacity): from: 1900-01-01 is more than 100 years from as_of (2026-11-30); "
        "expected a date from 1926-11-30 to 2126-12-01",
    ),
    (
        {"op": "capacity", "pool": "DATA", "capacity_fte": 3, "from": 20270101},
        "change 1 (capacity): from: 20270101 is not a date; expected an ISO date YYYY-MM-DD, e.g. 2027-03-01",
    ),
    ({"op": "sequence", "order": [["CRM"]]}, "change 1 (sequence): \"project\" must be a project id, not ['CRM']"),
    ({"op": "stop", "project": {"id": "CRM"}}, "change 1 (stop): \"project\" must be a project id, not {'id': 'CRM'}"),
    ({"op": "stop", "project": "CRM", 5: 1}, "change 1 (stop): unknown field '5'; expected op, project"),
    (
        {"op": "stop", "project": "x" * 500},
        "change 1 (stop): no project '" + "x" * 56 + "... in the portfolio",
    ),
]


@pytest.mark.parametrize("change, message", BAD, ids=[m[:60] for _, m in BAD])
def test_each_malformed_change_is_refused_by_its_number(sample, change, message):
    assert refusal(sample, one(change)) == message
    assert refusal(sample, {"changes": [{"op": "sequence", "order": []}, change]}) == message.replace("change 1", "change 2")


@pytest.mark.parametrize(
    "document, message",
    [
        (5, 'scenario: expected a JSON object with "name" and "changes", not 5'),
        ({"changes": {"op": "stop"}}, "scenario: \"changes\" must be a list of objects, each with an \"op\", not {'op': 'stop'}"),
        ({"changes": [5]}, 'change 1: expected an object with an "op", not 5'),
        ({"changes": [{"op": "stop", "project": "CRM"}, []]}, 'change 2: expected an object with an "op", not []'),
        ({"name": {"a": 1}, "changes": []}, "scenario: \"name\" must be text, not {'a': 1}"),
        ({"changes": [{"op": "stop", "project": "CRM"}] * 1001}, "scenario: 1,001 changes; expected at most 1,000"),
        (
            {"changes": [{"op": "stop", "project": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]},
            "scenario: nested more than 32 deep; expected a scenario of a few levels",
        ),
    ],
)
def test_a_malformed_document_is_refused_naming_what_is_wrong(sample, document, message):
    assert refusal(sample, document) == message


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_a_scenario_file_may_begin_with_a_byte_order_mark(sample, tmp_path):
    path = write(tmp_path / "s.json", b"\xef\xbb\xbf" + json.dumps(one({"op": "stop", "project": "CRM"})).encode())
    assert vmo_core.compare(sample, read_scenario(path)).stopped == ("CRM",)


@pytest.mark.parametrize(
    "text, message",
    [
        ("[" * 100_000 + "]" * 100_000, "nested 100000 deep; expected arrays and objects at most 32 deep"),
        ('{"changes": [' + "[" * 33 + "]" * 33 + "]}", "nested 35 deep; expected arrays and objects at most 32 deep"),
        (
            '{"changes": [{"op": "accelerate", "project": "CRM", "crash": NaN}]}',
            "not valid JSON (NaN is not a number JSON allows",
        ),
        (
            '{"changes": [{"op": "accelerate", "project": "CRM", "crash": -Infinity}]}',
            "not valid JSON (-Infinity is not a number",
        ),
        (
            '{"changes": [{"op": "accelerate", "crash": ' + "9" * 5000 + "}]}",
            "not valid JSON (a number with thousands of digits)",
        ),
        ('{"changes": [', "not valid JSON (line 1, column 14: Expecting value)"),
        (b"\xff\xfe{}", "is not UTF-8 text; expected a JSON scenario"),
    ],
)
def test_a_scenario_file_that_is_not_plain_json_is_refused(tmp_path, text, message):
    path = write(tmp_path / "s.json", text)
    with pytest.raises(ScenarioError) as info:
        read_scenario(path)
    assert str(info.value).startswith(f"{path}: {message}")


def test_a_scenario_file_has_a_size_limit_and_must_be_a_file(tmp_path):
    path = write(tmp_path / "big.json", '{"changes": [' + ",".join(['{"op": "stop", "project": "CRM"}'] * 400_000) + "]}")
    with pytest.raises(ScenarioError, match=r"big\.json: is [\d,]+ bytes; expected a scenario of at most 10,000,000 bytes"):
        read_scenario(path)
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(ScenarioError, match=r"dir\.json: cannot read the scenario \(Is a directory\)"):
        read_scenario(tmp_path / "dir.json")


def test_json_depth_counts_brackets_outside_strings():
    assert json_depth('{"a": "[[[[", "b": [[{}]], "c": "\\"]]"}') == 4
    assert json_depth("[]") == 1 and json_depth("5") == 0


def test_a_scenario_cannot_add_more_work_than_the_schedule_can_hold():
    pf = make_portfolio([{"id": f"P{i}", "duration_weeks": 520, "demands": {"TEAM": 1}} for i in range(384)])
    big = {"duration_weeks": 520, "value_per_week": 1, "demands": {"TEAM": 1}}
    changes = [{"op": "stop", "project": "P0"}, {"op": "add", "project": {"id": "N1", **big}}]
    with pytest.raises(ScenarioError) as info:
        vmo_core.compare(pf, {"changes": changes})
    assert str(info.value) == (
        "change 2 (add): adding 'N1': the projects still to do hold 200,200 weeks of work; expected at most 200,000 in all"
    )
    small = [{"op": "add", "project": {"id": "N1", **big, "duration_weeks": 320}}]  # 199,680 + 320: just fits
    vmo_core.compare(pf, {"changes": small})


def test_a_scenario_cannot_take_the_portfolio_past_10000_projects():
    pf = make_portfolio([{"id": f"P{i}", "status": "done"} for i in range(10_000)])
    with pytest.raises(
        ScenarioError, match=r"^change 1 \(add\): the portfolio holds 10,000 projects already; expected at most 10,000$"
    ):
        vmo_core.compare(pf, one({"op": "add", "project": {"id": "N", "duration_weeks": 1, "value_per_week": 1}}))


def test_the_biggest_single_project_a_scenario_may_add_schedules(sample):
    biggest = {
        "id": "BIG",
        "duration_weeks": 520,
        "value_per_week": 1e12,
        "fixed_cost": 1e12,
        "late_penalty": 1e12,
        "deadline": "2027-01-01",
        "demands": {pool.id: 9e4 for pool in sample.pools},
    }
    changes = [{"op": "capacity", "pool": pool.id, "capacity_fte": 1e6} for pool in sample.pools]
    changes += [{"op": "add", "project": biggest, "position": 1}, {"op": "accelerate", "project": "BIG", "crash": 10}]
    comparison = vmo_core.compare(sample, {"changes": changes})
    big = comparison.scenario.by_id["BIG"]
    assert (big.start_week, big.finish_week) == (0, 52)  # 520 weeks crashed by 10, at ten times the people: 900,000 FTE
    json.dumps(comparison.to_dict(), allow_nan=False)


def test_a_crash_never_takes_a_duration_below_one_week():
    pf = make_portfolio([{"id": "A", "duration_weeks": 3, "demands": {"TEAM": 0.1}}])
    result = vmo_core.schedule(pf, one({"op": "accelerate", "project": "A", "crash": 10}))
    assert result.by_id["A"].finish_week == 1


# ---------------------------------------------------------------- fuzzing the parser

KEYS = [
    "op",
    "project",
    "pool",
    "position",
    "crash",
    "to_front",
    "capacity_fte",
    "from",
    "order",
    "name",
    "changes",
    "id",
    "duration_weeks",
    "value_per_week",
    "demands",
    "status",
    "predecessors",
    "deadline",
    "earliest_start",
]
IDS = ["CRM", "ATLAS", "NOVA", "BOREALIS", "DATA", "DEV", "NOPE"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(10**400), 10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, -1e308, 5e-324, 1e12, 1e6, 520, 521, 10, 10.0000001, 0, -0.0]),
    st.text(max_size=8),
    st.sampled_from(
        IDS + ["add", "stop", "accelerate", "capacity", "sequence", "2027-03-01", "9999-12-31", "0001-01-01", "1e400"]
    ),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5),
    max_leaves=15,
)
CHANGES = st.one_of(
    JSON,
    st.fixed_dictionaries(
        {"op": st.sampled_from(["add", "stop", "accelerate", "capacity", "sequence"]) | JSON},
        optional={
            key: JSON | st.sampled_from(IDS)
            for key in ["project", "pool", "position", "crash", "to_front", "capacity_fte", "from", "order"]
        },
    ),
    st.fixed_dictionaries(
        {
            "op": st.just("add"),
            "project": st.fixed_dictionaries(
                {"id": st.sampled_from(["N1", "N2"]) | JSON},
                optional={
                    key: JSON
                    for key in ["duration_weeks", "value_per_week", "demands", "predecessors", "deadline", "status", "name"]
                },
            ),
        },
        optional={"position": JSON},
    ),
)
DOCUMENTS = st.one_of(
    JSON,
    st.lists(CHANGES, max_size=4),
    st.fixed_dictionaries({"changes": st.lists(CHANGES, max_size=4)}, optional={"name": JSON}),
)
NAMED = re.compile(r"^(change \d+( \(\w+\))?|scenario|.*\.json): ")
SMALL = make_portfolio(
    [
        {"id": "CRM", "status": "active", "duration_weeks": 6, "value_per_week": 500, "demands": {"DATA": 1}},
        {"id": "BOREALIS", "duration_weeks": 4, "value_per_week": 900, "demands": {"DATA": 1, "DEV": 2}},
        {"id": "NOVA", "duration_weeks": 3, "value_per_week": 300, "demands": {"DEV": 1}},
        {"id": "ATLAS", "status": "proposed", "duration_weeks": 5, "value_per_week": 1000, "demands": {"DATA": 2}},
    ],
    pools={"DATA": 2, "DEV": 3},
    dependencies=[("CRM", "NOVA")],
)


@settings(max_examples=300, deadline=None)
@given(document=DOCUMENTS)
def test_any_json_document_is_applied_or_refused_naming_the_change(document):
    try:
        comparison = vmo_core.compare(SMALL, document)
    except ScenarioError as exc:
        assert NAMED.match(str(exc)), str(exc)
        return
    json.dumps(comparison.to_dict(), allow_nan=False)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=DOCUMENTS, bom=st.booleans(), deep=st.integers(0, 40))
def test_any_scenario_file_is_read_or_refused_naming_the_file_or_change(tmp_path_factory, document, bom, deep):
    text = "[" * deep + json.dumps(document) + "]" * deep  # json.dumps writes NaN and Infinity, which JSON does not allow
    path = write(
        tmp_path_factory.mktemp("s") / "s.json", (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")
    )
    try:
        vmo_core.compare(SMALL, read_scenario(path))
    except ScenarioError as exc:
        assert NAMED.match(str(exc)), str(exc)


def test_a_scenario_object_passes_through_unchanged():
    scenario = as_scenario(one({"op": "stop", "project": "CRM"}))
    assert as_scenario(scenario) is scenario
    assert scenario.to_dict() == {"name": "Scenario", "changes": [{"op": "stop", "project": "CRM"}]}


def test_dates_in_a_scenario_follow_the_portfolio_as_of(sample):
    assert sample.as_of == dt.date(2026, 11, 30)  # a Monday
    edge = {"op": "capacity", "pool": "DATA", "capacity_fte": 3, "from": "2126-12-01"}  # 100 years of 365.25 days on
    vmo_core.compare(sample, one(edge))
    with pytest.raises(ScenarioError, match="more than 100 years from as_of"):
        vmo_core.compare(sample, one({**edge, "from": "2126-12-02"}))  # the week after (week 5,218)
    # the start of the week of a date 100 years back, as the VMO's own moves name a week
    early = sample.as_of - dt.timedelta(days=36525)
    week_start = sample.as_of + dt.timedelta(days=7 * ((early - sample.as_of).days // 7))
    assert week_start < early
    vmo_core.compare(sample, one({**edge, "from": week_start.isoformat()}))


def test_the_vmos_own_moves_pass_the_bounds_on_a_portfolio_at_them(tmp_path):
    """One more FTE on a pool that holds the most a portfolio may, from a change dated as early as
    a date may be: the interventions' own scenario changes stay within the parser's bounds."""
    from vmo_core.decisions.interventions import interventions

    pf = make_portfolio(
        [{"id": "A", "duration_weeks": 520, "value_per_week": 1e12, "demands": {"TEAM": 1e6}}],
        pools={"TEAM": 1e6},
        costs={"TEAM": 1e12},
    )
    early = pf.as_of - dt.timedelta(days=36525)
    pf = dataclasses.replace(pf, capacity_changes=(CapacityChange("TEAM", early, 1e6),))
    found = interventions(pf)  # weighs "one more FTE" from week -5,218, at 1,000,001 FTE: no ScenarioError
    json.dumps(found.to_dict(), allow_nan=False)
