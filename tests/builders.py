"""Small portfolios written inline, for tests whose arithmetic is shown by hand."""

from __future__ import annotations

import datetime as dt

from vmo_core.model.portfolio import CapacityChange, Demand, Dependency, Pool, Portfolio, Project, Settings

AS_OF = dt.date(2027, 1, 4)  # a Monday: week w starts AS_OF + 7w days


def week(w: int) -> dt.date:
    return AS_OF + dt.timedelta(days=7 * w)


def make_portfolio(
    projects: list[dict],
    *,
    pools: dict[str, float] | None = None,
    costs: dict[str, float] | None = None,
    dependencies: list[tuple[str, str]] = (),
    capacity_changes: list[tuple[str, int, float]] = (),
    horizon: int = 52,
    discount_rate: float = 0.0,
    currency: str = "GBP",
) -> Portfolio:
    """projects: dicts of Project fields plus `demands` {pool: fte}; status defaults to approved."""
    pools = pools or {"TEAM": 1.0}
    costs = costs or {}
    records, demands = [], []
    for index, spec in enumerate(projects, start=1):
        spec = dict(spec)
        for pool, fte in spec.pop("demands", {}).items():
            demands.append(Demand(spec["id"], pool, fte))
        spec.setdefault("status", "approved")
        spec.setdefault("priority", float(index))
        spec.setdefault("duration_weeks", 1)
        spec.setdefault("value_per_week", 0.0)
        records.append(Project(**spec))
    return Portfolio(
        settings=Settings(as_of=AS_OF, horizon_weeks=horizon, discount_rate=discount_rate, currency=currency),
        pools=tuple(Pool(pool_id, capacity, cost_per_fte_week=costs.get(pool_id, 0.0)) for pool_id, capacity in pools.items()),
        projects=tuple(records),
        demands=tuple(demands),
        dependencies=tuple(Dependency(a, b) for a, b in dependencies),
        capacity_changes=tuple(CapacityChange(pool, week(w), capacity) for pool, w, capacity in capacity_changes),
    )
