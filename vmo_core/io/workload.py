"""How much work a portfolio holds, and whether it is too much to schedule.

The scheduler's capacity grid is pools x weeks, and may have to reach as far as every
project still to do laid end to end, past the furthest week a date can put a start or a
capacity change (schema.REACH_WEEKS). These checks keep that grid, and every finish date,
within the bounds of schema.py; the loader applies them to a portfolio, the scenario parser
to each project a scenario adds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from vmo_core.io.schema import MAX_GRID_CELLS, MAX_WORK_WEEKS, REACH_WEEKS


def work_weeks(durations: Iterable[int], *, duration_ratio: float = 1.0) -> int:
    """Weeks of work laid end to end: the latest a schedule of these projects can finish, past
    the dates. Forecasts and the calibrated answers stretch each duration by up to the largest
    actual/estimated ratio in actuals.csv (rounded as `scaled_weeks` rounds), so each counts
    as long as that can make it, and never shorter than written."""
    factor = max(1.0, duration_ratio)
    if factor == 1.0:
        return sum(int(w) for w in durations)
    return sum(max(int(w), math.floor(w * factor + 0.5 + 1e-9)) for w in durations)


def largest_duration_ratio(actuals: Iterable[Any]) -> float:
    """The largest actual_weeks / estimated_weeks of finished work (1.0 with none)."""
    return max((a.actual_weeks / a.estimated_weeks for a in actuals), default=1.0)


def size_problem(*, pools: int, work: int, duration_ratio: float = 1.0) -> str | None:
    """None, or why a portfolio of `pools` pools and `work` weeks of work is too big to schedule:
    past the calendar, or a pool-by-week grid of more than MAX_GRID_CELLS."""
    stretched = (
        f" (each duration x {duration_ratio:.3g}, the largest actual_weeks / estimated_weeks in actuals, as forecasts may draw)"
        if duration_ratio > 1.0
        else ""
    )
    if work > MAX_WORK_WEEKS:
        return f"the projects still to do hold {work:,} weeks of work{stretched}; expected at most {MAX_WORK_WEEKS:,} in all"
    cells = pools * (work + REACH_WEEKS)
    if cells > MAX_GRID_CELLS:
        return (
            f"{pools:,} pools x ({work:,} weeks of work{stretched} + {REACH_WEEKS:,} weeks that dates can reach) "
            f"is {cells:,} pool-weeks to schedule; expected at most {MAX_GRID_CELLS:,}: fewer pools or less work"
        )
    return None
