"""Hypothesis strategies: small random portfolios and scenarios that exercise every field."""

from __future__ import annotations

import hypothesis.strategies as st

from tests.builders import make_portfolio, week
from tests.reference_scenario import reference_apply, reference_baseline

FTES = st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0, 0.1, 0.2, 0.7])
CROWDED_FTES = st.sampled_from([1.0, 1.5, 2.0, 0.5])  # each a large share of a pool of 2 or 3: work waits for work


@st.composite
def portfolios(
    draw, *, max_projects: int = 8, max_pools: int = 3, dates: bool = False, crowded: bool = False, min_projects: int = 1
):
    """dates: some scheduled projects carry a planned_start (a plan with dates), any week from 4 before
    the as-of date to 20 after, so that some dates are later than capacity allows and some earlier.
    crowded: most projects scheduled, each holding a large share of small pools, so that the order of
    work decides who waits (where a repair and serial generation part)."""
    n_pools = draw(st.integers(1, max_pools))
    sizes = [2.0, 3.0] if crowded else [1.0, 2.0, 3.0, 4.0, 2.5]
    pools = {f"P{i}": draw(st.sampled_from(sizes)) for i in range(n_pools)}
    statuses = ["approved", "approved", "approved", "active", "proposed", "done"] if crowded else None
    statuses = statuses or ["approved", "approved", "active", "proposed", "done", "stopped"]
    ftes = CROWDED_FTES if crowded else FTES
    n_projects = draw(st.integers(min_projects, max_projects))
    horizon = draw(st.integers(5, 40))
    projects = []
    for i in range(n_projects):
        used = draw(st.lists(st.sampled_from(sorted(pools)), min_size=1 if crowded else 0, max_size=n_pools, unique=True))
        spec = {
            "id": f"X{i}",
            "status": draw(st.sampled_from(statuses)),
            "priority": draw(st.one_of(st.none(), st.integers(1, 5).map(float))),
            "duration_weeks": draw(st.integers(1, 8)),
            "value_per_week": draw(st.floats(0, 1000, allow_nan=False)),
            "decay_per_week": draw(st.sampled_from([0.0, 0.0, 0.01, 0.05])),
            "fixed_cost": draw(st.sampled_from([0.0, 500.0])),
            "demands": {pool: draw(ftes) for pool in used},
        }
        if draw(st.booleans()):
            spec["earliest_start"] = week(draw(st.integers(-3, 10)))
        if draw(st.integers(0, 3)) == 0:
            spec["value_end"] = week(draw(st.integers(0, 50)))
        if draw(st.integers(0, 3)) == 0:
            spec["deadline"] = week(draw(st.integers(0, 30)))
            spec["late_penalty"] = draw(st.sampled_from([100.0, 5000.0]))
        if dates and spec["status"] in ("active", "approved") and draw(st.integers(0, 2)) > 0:
            spec["planned_start"] = week(draw(st.integers(-4, 20)))
        projects.append(spec)
    ids = [p["id"] for p in projects]
    edges = draw(st.lists(st.tuples(st.integers(0, n_projects - 1), st.integers(0, n_projects - 1)), max_size=6))
    dependencies = sorted({(ids[min(a, b)], ids[max(a, b)]) for a, b in edges if a != b})
    changes = draw(
        st.lists(
            st.tuples(st.sampled_from(sorted(pools)), st.integers(-2, 20), st.sampled_from([0.5, 1.0, 4.0, 6.0])), max_size=2
        )
    )
    return make_portfolio(
        projects,
        pools=pools,
        costs={pool: 100.0 * (i + 1) for i, pool in enumerate(pools)},
        dependencies=dependencies,
        capacity_changes=changes,
        horizon=horizon,
        discount_rate=draw(st.sampled_from([0.0, 0.0, 0.08, 0.25])),
    )


@st.composite
def scenarios(draw, pf, *, max_changes: int = 4):
    """A list of valid changes for `pf`, drawn against the list as it evolves (as the reference reads each change)."""
    plan = reference_baseline(pf)
    changes = []
    for _ in range(draw(st.integers(0, max_changes))):
        proposals = [p.id for p in pf.projects if p.status == "proposed" and p.id not in plan.order + plan.added]
        options = (
            ["capacity", "new"]
            + (["stop", "accelerate", "sequence", "move"] if plan.order else [])
            + (["add"] if proposals else [])
        )
        op = draw(st.sampled_from(options))
        if op == "stop":
            change = {"op": "stop", "project": draw(st.sampled_from(plan.order))}
        elif op == "accelerate":
            change = {
                "op": "accelerate",
                "project": draw(st.sampled_from(plan.order)),
                "to_front": draw(st.booleans()),
                "crash": draw(st.sampled_from([1, 1.5, 2])),
            }
        elif op == "sequence":
            change = {"op": "sequence", "order": draw(st.permutations(plan.order))[: draw(st.integers(0, len(plan.order)))]}
        elif op == "move":  # to any place in the list, or past its end (the last)
            change = {
                "op": "move",
                "project": draw(st.sampled_from(plan.order)),
                "position": draw(st.integers(1, len(plan.order) + 1)),
            }
        elif op == "add":
            change = {"op": "add", "project": draw(st.sampled_from(proposals))}
            if draw(st.booleans()):
                change["position"] = draw(st.integers(1, len(plan.order) + 1))
        elif op == "new":
            new_id = f"N{len(changes)}"
            pools = sorted(plan.capacity)
            change = {
                "op": "add",
                "project": {
                    "id": new_id,
                    "duration_weeks": draw(st.integers(1, 6)),
                    "value_per_week": draw(st.integers(0, 900)),
                    "demands": {draw(st.sampled_from(pools)): draw(FTES)},
                },
            }
        else:
            change = {
                "op": "capacity",
                "pool": draw(st.sampled_from(sorted(plan.capacity))),
                "capacity_fte": draw(st.sampled_from([0.0, 1.0, 3.0, 5.0])),
            }
            if draw(st.booleans()):
                change["from"] = week(draw(st.integers(-1, 20))).isoformat()
        changes.append(change)
        plan = reference_apply(plan, change)
    return {"name": "drawn", "changes": changes}
