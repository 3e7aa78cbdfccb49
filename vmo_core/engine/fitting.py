"""Saved scenarios tried on a portfolio: which of them no longer fit it, and why.

Before an upload replaces the portfolio, the preview names every saved scenario that would
stop working (a pool or a project it names is gone, a project it stops is done), so that
nobody finds out later from Compare.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vmo_core.engine.scenario import plan_for
from vmo_core.errors import ScenarioError
from vmo_core.io.loading import nearest
from vmo_core.model.portfolio import Portfolio


@dataclass(frozen=True)
class Misfit:
    """A saved scenario that cannot be applied to the portfolio, with the scenario's own message."""

    name: str
    problem: str


def misfits(pf: Portfolio, scenarios: Iterable[dict]) -> list[Misfit]:
    """Each scenario (as the store keeps it: {"name", "changes"}) that cannot be applied to `pf`."""
    found = []
    for scenario in scenarios:
        try:
            plan_for(pf, {"name": scenario["name"], "changes": scenario["changes"]})
        except ScenarioError as exc:
            found.append(Misfit(scenario["name"], str(exc) + _did_you_mean(pf, scenario["changes"], str(exc))))
    return found


def _named_ids(change: dict) -> list[tuple[str, object]]:
    """(kind, id) for every pool and project id a change names."""
    op, project = change.get("op"), change.get("project")
    if op == "capacity":
        return [("pool", change.get("pool"))]
    if op == "sequence" and isinstance(change.get("order"), list):
        return [("project", i) for i in change["order"]]
    if op == "add" and isinstance(project, dict) and isinstance(project.get("demands"), dict):
        return [("pool", pool) for pool in project["demands"]]
    return [("project", project)]


def _did_you_mean(pf: Portfolio, changes, message: str) -> str:
    """(did you mean 'DATAENG'?) when the problem is an id the portfolio no longer has and one is near it."""
    known = {"pool": {p.id for p in pf.pools}, "project": {p.id for p in pf.projects}}
    for change in changes if isinstance(changes, list) else []:
        for kind, named in _named_ids(change) if isinstance(change, dict) else []:
            if isinstance(named, str) and named not in known[kind] and repr(named) in message:
                return nearest(named, known[kind])
    return ""
