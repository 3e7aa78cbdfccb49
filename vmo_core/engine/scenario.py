"""The scenario changes of INTERFACES.md (add, stop, accelerate, capacity, sequence), applied to a plan.

A scenario applies its changes to a copy of a plan, in order; `plan_for` is the one place a
portfolio and a scenario become the plan every caller schedules.
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from vmo_core.engine.ranks import cd3_index
from vmo_core.errors import ScenarioError
from vmo_core.io.schema import SCHEMA, CellError, is_blank, read_date, read_number
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
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read the scenario ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: is not UTF-8 text; expected a JSON scenario") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    return as_scenario(document, where=str(path))


def as_scenario(document: Any, *, where: str = "scenario") -> Scenario:
    """Accept the JSON document of INTERFACES.md (or a bare list of changes)."""
    if isinstance(document, Scenario):
        return document
    if isinstance(document, list):
        document = {"changes": document}
    if not isinstance(document, dict):
        raise ScenarioError(f'{where}: expected a JSON object with "name" and "changes"')
    changes = document.get("changes", [])
    if not isinstance(changes, list) or not all(isinstance(c, dict) for c in changes):
        raise ScenarioError(f'{where}: "changes" must be a list of objects, each with an "op"')
    name = document.get("name", "Scenario")
    return Scenario(name=str(name) if name is not None else "Scenario", changes=tuple(changes))


def apply_scenario(plan: Plan, scenario: Any) -> Plan:
    """A new plan: `plan` with the scenario's changes applied in order."""
    scenario = as_scenario(scenario)
    result = plan.copy()
    for number, change in enumerate(scenario.changes, start=1):
        op = change.get("op")
        handler = _OPERATIONS.get(op)
        if handler is None:
            raise ScenarioError(f"change {number}: unknown op {op!r}; expected one of {', '.join(_OPERATIONS)}")
        allowed = _FIELDS[op] | {"op"}
        unknown = sorted(set(change) - allowed)
        if unknown:
            raise ScenarioError(f"change {number} ({op}): unknown field {unknown[0]!r}; expected {', '.join(sorted(allowed))}")
        try:
            handler(result, change)
        except ScenarioError as exc:
            raise ScenarioError(f"change {number} ({op}): {exc}") from None
    return result


def _scheduled(plan: Plan, project_id: Any) -> str:
    if not isinstance(project_id, str):
        raise ScenarioError(f'"project" must be a project id, not {project_id!r}')
    if project_id in plan.order:
        return project_id
    if project_id not in plan.projects:
        raise ScenarioError(f"no project {project_id!r} in the portfolio")
    status = "stopped in this scenario" if project_id in plan.stopped else plan.projects[project_id].status
    raise ScenarioError(f"project {project_id!r} is not scheduled ({status})")


def _number(change: dict, key: str, *, default: float, low: float, what: str) -> float:
    raw = change.get(key, default)
    try:
        value = read_number(raw)
    except CellError as exc:
        raise ScenarioError(f"{key}: {exc}") from None
    if value < low:
        raise ScenarioError(f"{key} {raw!r} is out of range; expected {what}")
    return value


def _add(plan: Plan, change: dict) -> None:
    spec = change.get("project")
    if isinstance(spec, str):
        project = plan.projects.get(spec)
        if project is None:
            raise ScenarioError(f"no project {spec!r} in the portfolio")
        if spec in plan.order:
            raise ScenarioError(f"project {spec!r} is already scheduled")
        if project.status != "proposed":
            raise ScenarioError(f"project {spec!r} is {project.status}; only a proposed project (or a new one) can be added")
        plan.projects[spec] = replace(project, status="approved")
    elif isinstance(spec, dict):
        project, demands, predecessors = _new_project(plan, spec)
        plan.projects[project.id] = project
        plan.demands[project.id] = demands
        if predecessors:
            plan.predecessors[project.id] = predecessors
        spec = project.id
    else:
        raise ScenarioError('"project" must be the id of a proposed project or a new project\'s fields')
    if "position" in change and change["position"] is not None:
        position = _number(change, "position", default=1, low=1, what="a place in the list, 1 = first")
        if not float(position).is_integer():
            raise ScenarioError(f"position {change['position']!r} is not a whole number")
        index = min(int(position) - 1, len(plan.order))
    else:
        index = cd3_index(plan, spec)
    plan.order.insert(index, spec)
    plan.added.append(spec)


def _new_project(plan: Plan, spec: dict) -> tuple[Project, dict[str, float], tuple[str, ...]]:
    values: dict[str, Any] = {}
    for column in SCHEMA["projects"]:
        raw = spec.get(column.name)
        if is_blank(raw):
            if column.required and column.name != "status":
                raise ScenarioError(f"the new project needs {column.name!r}")
            values[column.name] = column.default
            continue
        try:
            values[column.name] = column.read(raw)
        except CellError as exc:
            raise ScenarioError(f"project field {column.name}: {exc}") from None
    if values["id"] in plan.projects:
        raise ScenarioError(f"a project {values['id']!r} already exists; give the new project another id")
    values["status"] = "approved"
    given = spec.get("demands") or {}
    if not isinstance(given, dict):
        raise ScenarioError('"demands" must map pool ids to FTE, e.g. {"DATA": 3}')
    demands = {}
    for pool in given:
        if pool not in plan.capacity:
            raise ScenarioError(f"no pool {pool!r} in the portfolio")
        demands[pool] = _number(given, pool, default=0, low=0, what="FTE at least 0")
    predecessors = spec.get("predecessors") or []
    if not isinstance(predecessors, list) or any(p not in plan.projects for p in predecessors):
        raise ScenarioError(f'"predecessors" must list existing project ids, not {predecessors!r}')
    extra = {k: str(v) for k, v in spec.items() if k not in values and k not in ("demands", "predecessors")}
    return Project(**values, extra=extra), demands, tuple(predecessors)


def _stop(plan: Plan, change: dict) -> None:
    project_id = _scheduled(plan, change.get("project"))
    plan.order.remove(project_id)
    plan.stopped.append(project_id)


def _accelerate(plan: Plan, change: dict) -> None:
    project_id = _scheduled(plan, change.get("project"))
    to_front = change.get("to_front", "crash" not in change)
    if not isinstance(to_front, bool):
        raise ScenarioError(f"to_front must be true or false, not {to_front!r}")
    crash = _number(change, "crash", default=1.0, low=1.0, what="a factor of at least 1 (1.5 = half as much again)")
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
    if pool not in plan.capacity:
        raise ScenarioError(f"no pool {pool!r} in the portfolio")
    if "capacity_fte" not in change:
        raise ScenarioError('needs "capacity_fte", the pool\'s new capacity')
    capacity = _number(change, "capacity_fte", default=0, low=0, what="FTE at least 0")
    week = 0
    if not is_blank(change.get("from")):
        try:
            week = week_of(read_date(change["from"]), plan.portfolio.as_of)
        except CellError as exc:
            raise ScenarioError(f"from: {exc}") from None
    plan.capacity[pool] = plan.capacity[pool].set_from(week, capacity)


def _sequence(plan: Plan, change: dict) -> None:
    order = change.get("order")
    if not isinstance(order, list):
        raise ScenarioError('"order" must be a list of project ids')
    named = [_scheduled(plan, project_id) for project_id in order]
    if len(set(named)) != len(named):
        twice = next(p for p in named if named.count(p) > 1)
        raise ScenarioError(f"project {twice!r} is named twice; expected each project once")
    chosen = set(named)
    plan.order = named + [p for p in plan.order if p not in chosen]


_OPERATIONS = {"add": _add, "stop": _stop, "accelerate": _accelerate, "capacity": _capacity, "sequence": _sequence}


_FIELDS = {
    "add": {"project", "position"},
    "stop": {"project"},
    "accelerate": {"project", "to_front", "crash"},
    "capacity": {"pool", "capacity_fte", "from"},
    "sequence": {"order"},
}
