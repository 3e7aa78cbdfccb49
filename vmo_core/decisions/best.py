"""The best order: one answer per plan, the same wherever it is shown and on any machine.

Every place that shows "the best order" asks `best_order` for it: the Sequencing page, the
interventions' re-sequence (and so the board pack's), `optimise` on the command line when
given none of `--time-limit`, `--evaluations` and `--seed`. Its search is the optimiser's
(sequencing.py) with seed `SEED` and an evaluation budget that depends only on how many
projects the plan's list holds (`budget`); no clock ends it, so a slow machine finds the
same order as a fast one, and every caller the same figure.

The budget, here and nowhere else: about `PLACEMENTS` project placements in all, at most
`MOST_EVALUATIONS` schedules, by the number of projects in the plan's list: 20,000 schedules
up to 15 projects, 10,714 on the sample's 28, 309 on a generated 1,000-project portfolio (970
in its list), 61 on 5,000 (4,850). On a large plan that is the seeds (today's order, CD3, each
pool's rank, latest finish first) and a few generations beyond them: 0.2 s at 1,000 and 0.25 s
at 5,000 projects on this project's 2-core machine, so that the interventions keep their
seconds (`python benchmarks/bench_optimise_scale.py --best-order` prints the time and value
at each size). A longer search is `optimise` given a budget or a time limit.
"""

from __future__ import annotations

from typing import Any

from vmo_core.decisions.sequencing import OptimiseResult, Progress, optimise_plan
from vmo_core.engine.scenario import plan_for
from vmo_core.forecast.calibration import calibrated_portfolio
from vmo_core.model.plan import Plan
from vmo_core.model.portfolio import Portfolio

MOST_EVALUATIONS = 20_000  # schedules at most (the optimiser's own default)
PLACEMENTS = 300_000  # project placements at most: fewer schedules on a longer list
SEED = 0
NO_CLOCK = 1e9  # seconds (some thirty years): a time limit never reached, so that the budget alone ends the search


def budget(projects: int) -> int:
    """The schedules the best order's search tries on a list of `projects` projects."""
    return max(1, min(MOST_EVALUATIONS, PLACEMENTS // max(1, projects)))


def best_order(
    pf: Portfolio,
    *,
    scenario: Any = None,
    constraint: str | None = None,
    progress: Progress | None = None,
    calibrated: bool = False,
) -> OptimiseResult:
    """The best order for the portfolio as the scenario leaves it (None: as it stands).

    `constraint`: seed the search with that pool's rank only (None: every pool's). `calibrated`: on
    P50 estimates from past delivery. `progress(fraction, best value so far)` hears of the search.
    """
    if calibrated:
        pf = calibrated_portfolio(pf)
    return best_order_of(plan_for(pf, scenario), constraint=constraint, progress=progress)


def best_order_of(plan: Plan, *, constraint: str | None = None, progress: Progress | None = None) -> OptimiseResult:
    """`best_order` for a plan already made (a scenario applied)."""
    return optimise_plan(
        plan,
        constraint=constraint,
        evaluations=budget(len(plan.order)),
        time_limit=NO_CLOCK,
        seed=SEED,
        progress=progress,
    )
