"""How busy each team is, week by week: the FTE the plan uses against the capacity it has.

Rows follow a constraint report (the constraint first), so a chart of the load lists the
teams as the prices do; columns are the weeks from the as-of date to the last finish.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vmo_core.decisions.constraints import ConstraintReport, weekly_load
from vmo_core.engine.evaluation import FastPlan
from vmo_core.model.plan import Plan


@dataclass(frozen=True, eq=False)  # arrays: compare the fields, not the records
class TeamLoad:
    pools: tuple[str, ...]  # pool ids, one a row
    names: tuple[str, ...]  # the teams' names, one a row
    load: np.ndarray  # FTE in use: rows as `pools`, a column a week, to the last finish
    capacity: np.ndarray  # FTE available, the same shape

    @property
    def weeks(self) -> int:
        return int(self.load.shape[1]) if self.load.ndim == 2 else 0

    def flipped(self) -> TeamLoad:
        """The rows last to first: for a chart that draws its first row at the bottom."""
        return TeamLoad(self.pools[::-1], self.names[::-1], self.load[::-1], self.capacity[::-1])

    def to_dict(self) -> dict:
        return {
            "pools": [
                {"id": p, "name": n, "load": self.load[r].tolist(), "capacity": self.capacity[r].tolist()}
                for r, (p, n) in enumerate(zip(self.pools, self.names))
            ]
        }


def team_load(plan: Plan, report: ConstraintReport) -> TeamLoad:
    """The plan's load and capacity per team and week, in `report`'s order (highest shadow price first)."""
    fast = FastPlan(plan)
    load = weekly_load(fast, fast.run())
    ids = [p.id for p in report.pools]
    rows = [fast.compiled.pools.index(p) for p in ids]
    capacity = np.array([[plan.capacity[p].at(week) for week in range(load.shape[1])] for p in ids])
    return TeamLoad(tuple(ids), tuple(p.name for p in report.pools), load[rows], capacity)


def teams_in_order(load: TeamLoad, constraint: str | None) -> tuple[str, ...]:
    """The teams to offer first: the constraint, then the busiest, by the share of their capacity the plan
    uses over its weeks (highest first; ties in `load`'s order). A list of 30 capacity controls then
    starts where more people matter, not where the file happens to list them."""
    if not load.pools:
        return ()
    used = load.load.sum(axis=1) if load.weeks else np.zeros(len(load.pools))
    held = load.capacity.sum(axis=1) if load.weeks else np.zeros(len(load.pools))
    share = np.divide(used, held, out=np.zeros_like(used, dtype=float), where=held > 0)
    rows = sorted(range(len(load.pools)), key=lambda r: (load.pools[r] != constraint, -float(share[r]), r))
    return tuple(load.pools[r] for r in rows)
