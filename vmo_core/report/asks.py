"""What the board is asked, computed once: each proposal at the place the evidence recommends,
and the asks taken together.

One place per proposal across the pack: a proposal a scenario adds is put where its intake
recommends (weighed against today's plan), and the scenario is shown with it there, so the
summary, the changes and the intake page name one place. The asks are weighed each on its own
against this plan; taken together they interact, so `together` is the comparison of all of
them at once (the scenario, then the top intervention, then each accepted proposal at its
place), against today's plan, beside the sum of their figures.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from vmo_core.decisions.intake import IntakeResult, intake
from vmo_core.engine import evaluation as engine
from vmo_core.engine.scenario import Scenario
from vmo_core.model.portfolio import Portfolio

SAME = 0.5  # money: two figures closer than this are one


@dataclass(frozen=True)
class Together:
    """The recommended asks adopted at once, against today's plan, and the sum of their own figures."""

    net_value_change: float
    sum_of_asks: float
    count: int

    @property
    def differs(self) -> bool:
        return abs(self.net_value_change - self.sum_of_asks) >= SAME


def placed_as_recommended(pf: Portfolio, chosen: Scenario | None) -> tuple[Scenario | None, dict[str, IntakeResult], dict]:
    """The scenario with each proposal it adds at the place its intake recommends (against today's plan);
    each such proposal's intake, weighed there; and {proposal: (the scenario's place, the recommended place)}
    for those it moved."""
    if chosen is None:
        return None, {}, {}
    weighed, moved, changes = {}, {}, []
    for change in chosen.changes:
        project = change.get("project")
        proposal = pf.project_index.get(project) if change.get("op") == "add" and isinstance(project, str) else None
        if proposal is None or proposal.status != "proposed" or project in weighed:
            changes.append(change)
            continue
        result = intake(pf, project, position=change.get("position"))
        if result.recommendation == "accept_elsewhere":
            moved[project] = (result.chosen.position, result.best.position)
            change = {**change, "position": result.best.position}
            result = dataclasses.replace(result, chosen=result.best, by_cd3=False)
        weighed[project] = result
        changes.append(change)
    if not moved:
        return chosen, weighed, {}
    return Scenario(name=chosen.name, changes=tuple(changes)), weighed, moved


def accepted(r) -> list[IntakeResult]:
    """The proposals weighed against this plan that the evidence says to accept, best first."""
    found = [x for x, against in r.intakes if against == "this plan" and x.recommendation != "decline"]
    return sorted(found, key=lambda x: (-x.best.net_value_change, x.proposal))


def together(pf: Portfolio, chosen: Scenario | None, r) -> Together | None:
    """The asks with money (the scenario if it gains, the top intervention, each accepted proposal),
    adopted at once; None when there are fewer than two."""
    changes: list[dict[str, Any]] = []
    figures: list[float] = []
    if r.comparison is not None and r.comparison.net_value_change > 0:
        changes += [dict(c) for c in chosen.changes]
        figures.append(r.comparison.net_value_change)
    items = r.interventions.interventions
    if items:
        changes += [dict(c) for c in items[0].changes]
        figures.append(items[0].net_value_change)
    proposals = accepted(r)
    # last place first, so each lands where it was weighed among the projects already listed
    for x in sorted(proposals, key=lambda x: -x.best.position):
        changes.append({"op": "add", "project": x.proposal, "position": x.best.position})
    figures += [x.best.net_value_change for x in proposals]
    if len(figures) < 2:
        return None
    combined = engine.compare(pf, {"name": "The asks together", "changes": changes}, baseline=r.baseline)
    return Together(combined.net_value_change, sum(figures), len(figures))
