"""The scenario changes of INTERFACES.md (add, stop, accelerate, capacity, sequence), applied to a plan.

A scenario applies its changes to a copy of a plan, in order; `plan_for` is the one place a
portfolio and a scenario become the plan every caller schedules.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from vmo_core.engine.json_text import depth_of, parse_json
from vmo_core.engine.ranks import cd3_index, in_order_of_work, passed
from vmo_core.errors import ScenarioError
from vmo_core.io.names import checked_name
from vmo_core.io.schema import (
    DATE,
    FINISHED_STATUSES,
    MAX_CHANGES,
    MAX_CRASH,
    MAX_FTE,
    MAX_PROJECTS,
    MAX_SCENARIO_BYTES,
    MAX_SCENARIO_DEPTH,
    MAX_SCENARIO_FTE,
    SCHEMA,
    CellError,
    amount,
    date_window,
    is_blank,
    near_as_of,
    parse_date,
    read_date,
    read_number,
    shown,
)
from vmo_core.io.workload import largest_duration_ratio, size_problem, work_weeks
from vmo_core.model.plan import Plan, baseline_plan
from vmo_core.model.portfolio import Portfolio, Project, week_of

CRASH_ROUNDING_SLACK = 1e-9  # so that 21 / 1.4 (15.000000000000002 in floating point) is 15 weeks, not 16


def plan_for(pf: Portfolio, scenario: Any = None) -> Plan:
    """The plan a scenario makes of the portfolio: the baseline with its changes applied (None: the baseline)."""
    plan = baseline_plan(pf)
    return plan if scenario is None else apply_scenario(plan, scenario)


@dataclass(frozen=True)
class Scenario:
    name: str
    changes: tuple[dict, ...]

    def to_dict(self) -> dict:
        return {"name": self.name, "changes": [copy.deepcopy(c) for c in self.changes]}


def read_scenario(path: str | Path) -> Scenario:
    """A scenario JSON file (UTF-8, a byte-order mark allowed), at most MAX_SCENARIO_BYTES and
    MAX_SCENARIO_DEPTH deep; anything wrong with it is a ScenarioError naming the file."""
    path = Path(path)
    try:
        with path.open("rb") as handle:  # at most one byte past the limit: a pipe or a device may not end
            data = handle.read(MAX_SCENARIO_BYTES + 1)
        held = f"is {path.stat().st_size:,} bytes" if path.is_file() else f"holds more than {amount(MAX_SCENARIO_BYTES)} bytes"
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read the scenario ({exc.strerror or exc})") from None
    if len(data) > MAX_SCENARIO_BYTES:
        raise ScenarioError(f"{path}: {held}; expected a scenario of at most {amount(MAX_SCENARIO_BYTES)} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: is not UTF-8 text; expected a JSON scenario") from None
    return as_scenario(parse_json(text, where=str(path)), where=str(path))


def as_scenario(document: Any, *, where: str = "scenario") -> Scenario:
    """Accept the JSON document of INTERFACES.md (or a bare list of changes)."""
    if isinstance(document, Scenario):
        return document
    if depth_of(document, most=MAX_SCENARIO_DEPTH) > MAX_SCENARIO_DEPTH:
        raise ScenarioError(f"{where}: nested more than {MAX_SCENARIO_DEPTH} deep; expected a scenario of a few levels")
    if isinstance(document, list):
        document = {"changes": document}
    if not isinstance(document, dict):
        raise ScenarioError(f'{where}: expected a JSON object with "name" and "changes", not {shown(document)}')
    changes = document.get("changes", [])
    if not isinstance(changes, list):
        raise ScenarioError(f'{where}: "changes" must be a list of objects, each with an "op", not {shown(changes)}')
    if len(changes) > MAX_CHANGES:
        raise ScenarioError(f"{where}: {len(changes):,} changes; expected at most {amount(MAX_CHANGES)}")
    for number, change in enumerate(changes, start=1):
        if not isinstance(change, dict):
            raise ScenarioError(f'change {number}: expected an object with an "op", not {shown(change)}')
    name = document.get("name", "Scenario")
    if isinstance(name, (list, dict)):
        raise ScenarioError(f'{where}: "name" must be text, not {shown(name)}')
    try:  # a name as any other (names.py): no name given is "Scenario"
        name = checked_name(name, field='"name"') if not is_blank(name) else "Scenario"
    except ValueError as exc:
        raise ScenarioError(f"{where}: {exc}") from None
    return Scenario(name=name, changes=tuple(changes))


def apply_scenario(plan: Plan, scenario: Any) -> Plan:
    """A new plan: `plan` with the scenario's changes applied in order, whose schedule is one repair
    of `plan`'s (ECONOMICS.md, "A scenario is one repair of the plan"): it touches what a change
    adds, accelerates or crashes and every project whose rank against another differs; with a
    `sequence` among the changes it is a new plan."""
    scenario = as_scenario(scenario)
    result = plan.copy()
    result.origin, result.dates, result.touched = plan, None, set()
    for number, change in enumerate(scenario.changes, start=1):
        op = change.get("op")
        handler = _OPERATIONS.get(op) if isinstance(op, str) else None
        if handler is None:
            raise ScenarioError(f"change {number}: unknown op {shown(op)}; expected one of {', '.join(_OPERATIONS)}")
        allowed = _FIELDS[op] | {"op"}
        unknown = sorted(str(key) for key in change if key not in allowed)
        if unknown:
            raise ScenarioError(
                f"change {number} ({op}): unknown field {shown(unknown[0])}; expected {', '.join(sorted(allowed))}"
            )
        try:
            handler(result, change)
        except ScenarioError as exc:
            raise ScenarioError(f"change {number} ({op}): {exc}") from None
    if any(change.get("op") == "sequence" for change in scenario.changes):
        result.origin = None  # a whole new order is a new plan: serial generation over it
    else:
        result.touched |= set(result.added[len(plan.added) :]) | passed(in_order_of_work(plan), in_order_of_work(result))
    return result


def _scheduled(plan: Plan, project_id: Any) -> str:
    if not isinstance(project_id, str):
        raise ScenarioError(f'"project" must be a project id, not {shown(project_id)}')
    if project_id in plan.order:
        return project_id
    if project_id not in plan.projects:
        raise ScenarioError(f"no project {shown(project_id)} in the portfolio")
    status = "stopped in this scenario" if project_id in plan.stopped else plan.projects[project_id].status
    raise ScenarioError(f"project {shown(project_id)} is not scheduled ({status})")


def _number(change: dict, key: str, *, default: float, low: float, high: float, what: str, whole: bool = False) -> float:
    """A number of a change, from `low` to `high`; `what` says in words what is expected."""
    raw = change.get(key, default)
    try:
        value = read_number(raw)
    except CellError as exc:
        raise ScenarioError(f"{key}: {exc}") from None
    if not low <= value <= high:
        raise ScenarioError(f"{key} {shown(raw)} is out of range; expected {what}")
    if whole and not value.is_integer():
        raise ScenarioError(f"{key} {shown(raw)} is not a whole number; expected {what}")
    return value


def _date(plan: Plan, raw: Any, what: str) -> dt.date:
    """A date of a change: an ISO date, within the calendar and within 100 years of as_of."""
    try:
        day = read_date(raw)
    except CellError as exc:
        raise ScenarioError(f"{what}: {exc}") from None
    message = near_as_of(day, plan.portfolio.as_of)
    if message:
        raise ScenarioError(f"{what}: {message}")
    return day


def _add(plan: Plan, change: dict) -> None:
    spec = change.get("project")
    if isinstance(spec, str):
        project = plan.projects.get(spec)
        if project is None:
            raise ScenarioError(f"no project {shown(spec)} in the portfolio")
        if spec in plan.order:
            raise ScenarioError(f"project {shown(spec)} is already scheduled")
        if project.status != "proposed":
            raise ScenarioError(f"project {shown(spec)} is {project.status}; only a proposed project (or a new one) can be added")
        plan.projects[spec] = replace(project, status="approved")
    elif isinstance(spec, dict):
        project, demands, predecessors = _new_project(plan, spec)
        plan.projects[project.id] = project
        plan.demands[project.id] = demands
        if predecessors:
            plan.predecessors[project.id] = predecessors
        spec = project.id
    else:
        raise ScenarioError(f'"project" must be the id of a proposed project or a new project\'s fields, not {shown(spec)}')
    if "position" in change and change["position"] is not None:
        index = _position(change, len(plan.order))
    else:
        index = cd3_index(plan, spec)
    plan.order.insert(index, spec)
    plan.added.append(spec)


def _new_project(plan: Plan, spec: dict) -> tuple[Project, dict[str, float], tuple[str, ...]]:
    values: dict[str, Any] = {}
    for column in SCHEMA["projects"]:
        raw = spec.get(column.name)
        if isinstance(raw, (list, dict, bool)):
            raise ScenarioError(f"project field {column.name}: expected a number or text, not {shown(raw)}")
        if is_blank(raw):
            if column.required and column.name != "status":
                raise ScenarioError(f"the new project needs {column.name!r}")
            values[column.name] = column.default
            continue
        try:
            values[column.name] = column.read(raw)
        except CellError as exc:
            raise ScenarioError(f"project field {column.name}: {exc}") from None
        if column.sql == DATE:
            _date(plan, values[column.name], f"project field {column.name}")
    if values["id"] in plan.projects:
        raise ScenarioError(f"a project {shown(values['id'])} already exists; give the new project another id")
    if len(plan.projects) >= MAX_PROJECTS:
        raise ScenarioError(
            f"the portfolio holds {len(plan.projects):,} projects already; expected at most {amount(MAX_PROJECTS)}"
        )
    values["status"] = "approved"
    given = spec.get("demands") or {}
    if not isinstance(given, dict):
        raise ScenarioError(f'"demands" must map pool ids to FTE, e.g. {{"DATA": 3}}, not {shown(given)}')
    demands = {}
    for pool in given:
        if pool not in plan.capacity:
            raise ScenarioError(f"no pool {shown(pool)} in the portfolio")
        demands[pool] = _number(given, pool, default=0, low=0, high=MAX_FTE, what=f"FTE from 0 to {amount(MAX_FTE)}")
    predecessors = spec.get("predecessors") or []
    if not isinstance(predecessors, list) or any(not isinstance(p, str) or p not in plan.projects for p in predecessors):
        raise ScenarioError(f'"predecessors" must list existing project ids, not {shown(predecessors)}')
    extra = {k: str(v) for k, v in spec.items() if k not in values and k not in ("demands", "predecessors")}
    project = Project(**values, extra=extra)
    _check_size(plan, project)
    return project, demands, tuple(predecessors)


def _check_size(plan: Plan, new: Project) -> None:
    """The work still to do, with this new project, stays small enough to schedule (schema.size_problem).
    Counted as the loader counts it, plus every project a scenario has added: stopping and crashing only shrink it."""
    pf = plan.portfolio
    cached = pf.__dict__.get("_work_and_ratio")
    if cached is None:
        ratio = largest_duration_ratio(pf.actuals)
        to_do = [p.duration_weeks for p in pf.projects if p.status not in FINISHED_STATUSES]
        cached = (work_weeks(to_do, duration_ratio=ratio), ratio)
        object.__setattr__(pf, "_work_and_ratio", cached)
    work, ratio = cached
    added = [plan.projects[p].duration_weeks for p in plan.added if p not in pf.project_index] + [new.duration_weeks]
    message = size_problem(pools=len(plan.capacity), work=work + work_weeks(added, duration_ratio=ratio), duration_ratio=ratio)
    if message:
        raise ScenarioError(f"adding {shown(new.id)}: {message}")


def _stop(plan: Plan, change: dict) -> None:
    project_id = _scheduled(plan, change.get("project"))
    plan.order.remove(project_id)
    plan.stopped.append(project_id)


def _accelerate(plan: Plan, change: dict) -> None:
    project_id = _scheduled(plan, change.get("project"))
    to_front = change.get("to_front", "crash" not in change)
    if not isinstance(to_front, bool):
        raise ScenarioError(f"to_front must be true or false, not {shown(to_front)}")
    what = f"a factor from 1 to {amount(MAX_CRASH)} (1.5 = half as much again)"
    crash = _number(change, "crash", default=1.0, low=1.0, high=MAX_CRASH, what=what)
    plan.touched.add(project_id)
    if to_front:
        plan.order.remove(project_id)
        group = plan.in_flight(project_id)
        index = next((i for i, other in enumerate(plan.order) if plan.in_flight(other) == group), len(plan.order))
        plan.order.insert(index, project_id)
    if crash != 1.0:
        project = plan.projects[project_id]
        weeks = max(1, math.ceil(project.duration_weeks / crash - CRASH_ROUNDING_SLACK))
        plan.projects[project_id] = replace(project, duration_weeks=weeks)
        plan.demands[project_id] = {pool: fte * crash for pool, fte in plan.demands.get(project_id, {}).items()}


def _capacity(plan: Plan, change: dict) -> None:
    pool = change.get("pool")
    if not isinstance(pool, str) or pool not in plan.capacity:
        raise ScenarioError(f"no pool {shown(pool)} in the portfolio")
    if "capacity_fte" not in change:
        raise ScenarioError('needs "capacity_fte", the pool\'s new capacity')
    what = f"FTE from 0 to {amount(MAX_SCENARIO_FTE)}"
    capacity = _number(change, "capacity_fte", default=0, low=0, high=MAX_SCENARIO_FTE, what=what)
    day = plan.portfolio.as_of if is_blank(change.get("from")) else _week_day(plan, change["from"], "from")
    plan.capacity[pool] = plan.capacity[pool].set_from(week_of(day, plan.portfolio.as_of), capacity)
    plan.capacity_set.append((pool, day, capacity))


def _week_day(plan: Plan, raw: Any, what: str) -> dt.date:
    """A date of a change that falls in one of the weeks a portfolio's dates can reach (within
    100 years of as_of): the start of such a week is accepted too, as the VMO's own moves name weeks so."""
    try:
        day = parse_date(raw)
    except CellError as exc:
        raise ScenarioError(f"{what}: {exc}") from None
    as_of = plan.portfolio.as_of
    low, high = date_window(as_of)
    if not week_of(low, as_of) <= week_of(day, as_of) <= week_of(high, as_of):
        raise ScenarioError(f"{what}: {near_as_of(day, as_of)}")
    return day


def _move(plan: Plan, change: dict) -> None:
    project_id = _scheduled(plan, change.get("project"))
    if is_blank(change.get("position")):
        raise ScenarioError('needs "position", the 1-based place in the scheduled list to move it to')
    plan.order.remove(project_id)
    plan.order.insert(_position(change, len(plan.order)), project_id)


def _position(change: dict, scheduled: int) -> int:
    """The list index of a change's 1-based `position` (past the end of the list: last)."""
    where = f"a whole number from 1 (first) to {amount(MAX_PROJECTS)}; past the end of the list is last"
    position = _number(change, "position", default=1, low=1, high=MAX_PROJECTS, what=where, whole=True)
    return min(int(position) - 1, scheduled)


def _sequence(plan: Plan, change: dict) -> None:
    order = change.get("order")
    if not isinstance(order, list):
        raise ScenarioError(f'"order" must be a list of project ids, not {shown(order)}')
    named = [_scheduled(plan, project_id) for project_id in order]
    seen: set[str] = set()
    for project_id in named:
        if project_id in seen:
            raise ScenarioError(f"project {shown(project_id)} is named twice; expected each project once")
        seen.add(project_id)
    plan.order = named + [p for p in plan.order if p not in seen]


_OPERATIONS = {
    "add": _add,
    "stop": _stop,
    "accelerate": _accelerate,
    "capacity": _capacity,
    "move": _move,
    "sequence": _sequence,
}


_FIELDS = {
    "add": {"project", "position"},
    "move": {"project", "position"},
    "stop": {"project"},
    "accelerate": {"project", "to_front", "crash"},
    "capacity": {"pool", "capacity_fte", "from"},
    "sequence": {"order"},
}
