"""Ranges from past delivery: a Monte Carlo over the engine, calibrated on actuals.csv.

Method (a bootstrap of the delivery record). Each run, each project still to be done
draws one finished project of its calibration group (its theme's when the theme has at
least five finished projects, else every finished project: see `calibration`), uniformly
and with replacement, and takes on that project's two ratios together: its duration
becomes `scaled_weeks(n, actual/estimated weeks)` (rounded half up, at least 1 week) and
its value per week is scaled by realised/estimated value. Drawing both ratios from the
same past project keeps the link between running late and falling short. The plan is
then scheduled by the real engine (ECONOMICS.md: serial generation in the plan's priority
order, or the repair of its dates when it has them) and valued by V. Spend follows the drawn weeks (n x weekly run cost, plus
any fixed cost). Late penalties, windows, decay and dates are not drawn.

A scenario's net value change in each run is the comparison's: value less spend, less
the scenario's capacity cost (the same figure in every run: the people are paid whatever
the work's durations turn out to be).

Percentiles: money (total value, delay cost, net value change) by linear interpolation
between runs (numpy's default); finish weeks as the first week by which at least that
share of runs has delivered (numpy's "inverted_cdf": always a week some run produced);
null when the project is still unschedulable at that share. The fan of cumulative value
is taken week by week (each week's P10, P50 and P90 over the runs), so its last point is
the P10/P50/P90 of total value.

Common random numbers. All draws come up front from one `np.random.default_rng(seed)`:
one uniform number per project per run, by project id, in the portfolio's project order
(projects a scenario adds come after, in the order it adds them). A project draws the
same past project in the baseline and in the scenario, so a scenario's range of delay
cost measures the change, not the noise (and in each run the scenario repairs that run's
schedule of the plan, as ECONOMICS.md repairs the plan's); and the baseline's figures are the same whether
or not a scenario is given. The same seed gives the same figures, exactly.

Speed: the plan is compiled once; each run only swaps the duration array and calls the
Numba placement kernel; valuing, costing and the value fan are numpy over all runs at
once. 1,000 runs take well under a second on the sample (see benchmarks/bench_forecast.py).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from vmo_core.engine.evaluation import FastPlan, plan_capacity_cost
from vmo_core.engine.scenario import apply_scenario, as_scenario
from vmo_core.engine.valuation import UNSCHEDULED, weekly_run_cost
from vmo_core.errors import VmoError
from vmo_core.forecast.calibration import Calibration, calibrate, scaled_weeks
from vmo_core.model.plan import Plan, baseline_plan
from vmo_core.model.portfolio import Portfolio

MAX_RUNS = 20_000  # enough for steady percentiles; arrays are runs x projects
PROGRESS_EVERY = 25  # runs between progress reports
LOSS_TOLERANCE = 0.005  # money: a net change within half a penny of 0 is no loss (floating-point noise)
NEVER = np.iinfo(np.int64).max  # the finish week of a run in which the project is unschedulable
Progress = Callable[[float], None]  # fraction of the runs done


@dataclass(frozen=True)
class Range:
    """P10, P50 and P90 of a figure over the runs."""

    p10: float
    p50: float
    p90: float

    @classmethod
    def of(cls, samples: np.ndarray) -> Range:
        p10, p50, p90 = np.percentile(samples, [10, 50, 90])
        return cls(float(p10), float(p50), float(p90))

    def to_dict(self) -> dict:
        return {"p10": self.p10, "p50": self.p50, "p90": self.p90}


@dataclass(frozen=True)
class ProjectForecast:
    id: str
    name: str
    group: str  # the calibration group it draws from: its theme, or "all"
    plan_finish_week: int | None  # the single-point plan's delivery week
    finish_p50: int | None  # None: unschedulable in at least half the runs
    finish_p85: int | None
    duration_p50: int  # weeks of work at the median draw

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "group": self.group,
            "plan_finish_week": self.plan_finish_week,
            "finish_week": {"p50": self.finish_p50, "p85": self.finish_p85},
            "duration_weeks_p50": self.duration_p50,
        }


@dataclass(frozen=True)
class PlanForecast:
    """The runs of one plan: total value, per-project finishes and the value fan."""

    total_value: Range
    plan_total_value: float
    projects: tuple[ProjectForecast, ...]
    curve: np.ndarray  # 3 x weeks: P10, P50, P90 of cumulative value at the end of each week
    plan_curve: np.ndarray  # the single-point plan's cumulative value

    def to_dict(self) -> dict:
        return {
            "total_value": self.total_value.to_dict(),
            "plan_total_value": self.plan_total_value,
            "projects": [p.to_dict() for p in self.projects],
        }


@dataclass(frozen=True)
class ChangeForecast:
    """A scenario against the baseline, run by run on the same draws."""

    name: str
    delay_cost: Range
    net_value_change: Range
    chance_of_loss: float  # share of runs in which the net value change is below 0 (loses money)
    plan_delay_cost: float
    plan_net_value_change: float
    capacity_cost: float = 0.0  # the scenario's capacity cost: the same in every run, inside each run's net

    def to_dict(self) -> dict:
        return {
            "delay_cost": self.delay_cost.to_dict(),
            "net_value_change": self.net_value_change.to_dict(),
            "chance_of_loss": self.chance_of_loss,
            "plan_delay_cost": self.plan_delay_cost,
            "plan_net_value_change": self.plan_net_value_change,
            "capacity_cost": self.capacity_cost,
        }


@dataclass(frozen=True)
class Forecast:
    runs: int
    seed: int
    calibration: Calibration
    forecast: PlanForecast  # the plan as the scenario leaves it (the baseline when there is none)
    baseline: PlanForecast | None  # with a scenario: the plan as it stands
    change: ChangeForecast | None  # with a scenario: what it costs, as a range
    seconds: float

    @property
    def calibrated(self) -> bool:
        return not self.calibration.empty

    @property
    def total_value(self) -> Range:
        return self.forecast.total_value

    @property
    def projects(self) -> tuple[ProjectForecast, ...]:
        return self.forecast.projects

    def to_dict(self) -> dict:
        document = {
            "runs": self.runs,
            "seed": self.seed,
            "calibrated": self.calibrated,
            "method": "bootstrap: each run, each project takes the duration and value ratios of one finished "
            "project of its group, drawn with replacement",
            "calibration": self.calibration.to_dict(),
            **self.forecast.to_dict(),
        }
        if self.change is not None:
            document["scenario"] = self.change.name
            document["baseline"] = self.baseline.to_dict()
            document.update(self.change.to_dict())
        return document


def forecast(
    pf: Portfolio,
    *,
    runs: int = 1000,
    seed: int = 0,
    scenario: Any = None,
    calibration: Calibration | None = None,
    progress: Progress | None = None,
) -> Forecast:
    """P10/P50/P90 of total value and P50/P85 finishes over `runs` calibrated runs; with a
    scenario, also the range of its delay cost and net value change, and its chance of a loss."""
    started = time.perf_counter()
    if isinstance(runs, bool) or not isinstance(runs, (int, np.integer)) or not 1 <= runs <= MAX_RUNS:
        raise VmoError(f"runs {runs!r} is out of range; expected a whole number from 1 to {MAX_RUNS:,}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise VmoError(f"seed {seed!r} is out of range; expected a whole number, 0 or more")
    runs, seed = int(runs), int(seed)
    calibration = calibration or calibrate(pf)
    base_plan = baseline_plan(pf)
    plans = [base_plan]
    if scenario is not None:
        scenario = as_scenario(scenario)
        plans.append(apply_scenario(base_plan, scenario))

    # one uniform number per project per run, by project id (common random numbers)
    rng = np.random.default_rng(seed)
    keys = [p.id for p in pf.projects]
    added = list(dict.fromkeys(p for plan in plans for p in plan.order if p not in pf.project_index))
    draws = np.vstack([rng.random((len(keys), runs)), rng.random((len(added), runs))]) if added else rng.random((len(keys), runs))
    column = {key: k for k, key in enumerate(keys + added)}

    done = [0]
    total = runs * len(plans)

    def tick(count: int) -> None:
        done[0] += count
        if progress:
            progress(done[0] / total)

    sims = [_Simulation(base_plan, calibration, draws, column, tick)]
    if scenario is not None:  # each run's scenario is the repair of that run's plan
        sims.append(_Simulation(plans[1], calibration, draws, column, tick, origin=sims[0]))
    forecasts = [s.summary() for s in sims]
    change = None
    if scenario is not None:
        change = _change(scenario.name, sims[0], sims[1])
    return Forecast(
        runs=runs,
        seed=seed,
        calibration=calibration,
        forecast=forecasts[-1],
        baseline=forecasts[0] if scenario is not None else None,
        change=change,
        seconds=time.perf_counter() - started,
    )


class _Simulation:
    """Every run of one plan: drawn durations and values, finishes, values and spend (runs x projects)."""

    def __init__(
        self,
        plan: Plan,
        calibration: Calibration,
        draws: np.ndarray,
        column: dict,
        tick: Callable[[int], None],
        origin: _Simulation | None = None,
    ):
        self.plan = plan
        self.calibration = calibration
        self.fast = fast = FastPlan(plan)
        self.ids = fast.ids
        runs = draws.shape[1]
        projects = [plan.projects[p] for p in self.ids]
        duration_factor = np.ones((runs, len(self.ids)))
        value_factor = np.ones((runs, len(self.ids)))
        self.groups = []
        for j, project in enumerate(projects):
            group = calibration.group_for(project)
            self.groups.append(group.name)
            if group.n:
                pick = np.minimum((draws[column[project.id]] * group.n).astype(np.int64), group.n - 1)
                duration_factor[:, j] = group.duration_ratio[pick]
                value_factor[:, j] = group.value_ratio[pick]
        self.duration = scaled_weeks(fast.compiled.duration[None, :], duration_factor).reshape(runs, len(self.ids))
        self.finish = self._schedule(tick, self._kept(origin))
        self.terms = dataclasses.replace(fast.terms, value_per_week=fast.terms.value_per_week * value_factor)
        self.value = fast.value_model.values(self.terms, self.finish)
        rates = {pool.id: pool.cost_per_fte_week for pool in plan.portfolio.pools}
        weekly = np.array([weekly_run_cost(plan.demands.get(p.id, {}), rates) for p in projects], dtype=float)
        fixed = np.array([p.fixed_cost for p in projects], dtype=float)
        self.cost = np.where(self.finish >= 0, self.duration * weekly + fixed, 0.0)
        self.plan_run = fast.run()

    def _kept(self, origin: _Simulation | None) -> np.ndarray | None:
        """The start each run's repair keeps (runs x projects, -1: none or touched), or None for serial
        generation: a plan with dates keeps its dates in every run; a scenario keeps its origin's
        starts in that same run, so that a scenario with no changes changes nothing in any run."""
        plan, runs = self.plan, len(self.duration)
        if plan.origin is None or origin is None:
            keep = self.fast.keep
            return None if keep is None else np.repeat(keep[None, :], runs, axis=0)
        starts = np.where(origin.finish >= 0, origin.finish - origin.duration, -1)
        kept = np.full((runs, len(self.ids)), -1, dtype=np.int64)
        at = {project_id: j for j, project_id in enumerate(origin.ids)}
        for j, project_id in enumerate(self.ids):
            if project_id in at and project_id not in plan.touched:
                kept[:, j] = starts[:, at[project_id]]
        return kept

    def _schedule(self, tick, kept: np.ndarray | None) -> np.ndarray:
        """Every run's finishes (UNSCHEDULED when unschedulable), PROGRESS_EVERY runs per compiled call."""
        compiled = dataclasses.replace(self.fast.compiled)  # our own copy: its grid may grow
        sequence = compiled.sequence()
        finish = np.empty_like(self.duration)
        for r in range(0, len(self.duration), PROGRESS_EVERY):
            runs = self.duration[r : r + PROGRESS_EVERY]
            keep = None if kept is None else kept[r : r + PROGRESS_EVERY]
            finish[r : r + len(runs)] = compiled.run_many(sequence, runs, keep)
            tick(len(runs))
        return np.where(finish >= 0, finish, UNSCHEDULED)

    def summary(self) -> PlanForecast:
        totals = self.value.sum(axis=1)
        finish_or_never = np.where(self.finish >= 0, self.finish, NEVER)
        p50, p85 = np.percentile(finish_or_never, [50, 85], axis=0, method="inverted_cdf")
        duration_p50 = np.percentile(self.duration, 50, axis=0, method="inverted_cdf")
        plan_finish = self.plan_run.finish
        projects = tuple(
            ProjectForecast(
                id=project_id,
                name=self.plan.projects[project_id].label,
                group=self.groups[j],
                plan_finish_week=int(plan_finish[j]) if plan_finish[j] >= 0 else None,
                finish_p50=_week(p50[j]),
                finish_p85=_week(p85[j]),
                duration_p50=int(duration_p50[j]),
            )
            for j, project_id in enumerate(self.ids)
        )
        weeks = self.plan.portfolio.settings.horizon_weeks
        curves = self.curves(self.finish, self.terms, weeks=weeks)
        plan_curve = self.curves(self.plan_run.finish[None, :], self.fast.terms, weeks=weeks)[0]
        return PlanForecast(
            total_value=Range.of(totals),
            plan_total_value=self.plan_run.total_value,
            projects=projects,
            curve=np.percentile(curves, [10, 50, 90], axis=0),
            plan_curve=plan_curve,
        )

    def curves(self, finish: np.ndarray, terms, *, weeks: int) -> np.ndarray:
        """Cumulative value at the end of each week 0 .. weeks-1, per run (runs x weeks).

        The same terms as `ValueModel.weekly_flow`, built without a projects x weeks grid: the
        weekly rate steps up by v(1-d)^F in week F and down again in week E, so it is a
        cumulative sum of those steps, discounted week by week; a late penalty falls in the
        week of delivery (in the last week shown when it lands after it).
        """
        runs, n = finish.shape
        model = self.fast.value_model
        delivered = finish >= 0
        f = np.where(delivered, finish, 0)
        vpw = np.broadcast_to(terms.value_per_week, finish.shape)
        weekly = np.where(delivered, vpw * (1.0 - terms.decay) ** f, 0.0)
        end = np.broadcast_to(terms.end_week, finish.shape)
        earning = delivered & (f < end) & (f < weeks)
        row = np.repeat(np.arange(runs) * (weeks + 1), n).reshape(runs, n)
        steps = np.bincount((row + f)[earning], weights=weekly[earning], minlength=runs * (weeks + 1))
        stop = earning & (end < weeks)
        steps -= np.bincount((row + end)[stop], weights=weekly[stop], minlength=runs * (weeks + 1))
        rate = np.cumsum(steps.reshape(runs, weeks + 1)[:, :weeks], axis=1)
        flow = rate * model.weekly_discount ** np.arange(weeks)
        late = delivered & (f > terms.deadline_week)
        if late.any():
            penalty = np.broadcast_to(terms.late_penalty, finish.shape)
            at = np.minimum(f, weeks - 1)
            flow -= np.bincount((row // (weeks + 1) * weeks + at)[late], weights=penalty[late], minlength=runs * weeks).reshape(
                runs, weeks
            )
        return np.cumsum(flow, axis=1)


def _week(value) -> int | None:
    return None if value >= NEVER else int(value)


def _change(name: str, base: _Simulation, scen: _Simulation) -> ChangeForecast:
    """Delay cost (value lost by projects in both lists) and net value change, run by run.

    The net is the comparison's: value less project spend, less the scenario's capacity cost
    (people cost the same whatever a run's durations, so it is one figure for every run).
    """
    where = {p: j for j, p in enumerate(base.ids)}
    both = [(where[p], j) for j, p in enumerate(scen.ids) if p in where]
    b = np.array([i for i, _ in both], dtype=np.int64)
    s = np.array([j for _, j in both], dtype=np.int64)
    delay = base.value[:, b].sum(axis=1) - scen.value[:, s].sum(axis=1)
    capacity = plan_capacity_cost(scen.plan) - plan_capacity_cost(base.plan)
    net = (scen.value.sum(axis=1) - scen.cost.sum(axis=1) - capacity) - (base.value.sum(axis=1) - base.cost.sum(axis=1))
    plan_base, plan_scen = base.plan_run.value, scen.plan_run.value
    plan_cost = [np.where(sim.plan_run.finish >= 0, sim.fast.cost_if_run, 0.0).sum() for sim in (base, scen)]
    plan_net = (plan_scen.sum() - plan_cost[1] - capacity) - (plan_base.sum() - plan_cost[0])
    return ChangeForecast(
        name=name,
        delay_cost=Range.of(delay),
        net_value_change=Range.of(net),
        chance_of_loss=float(np.mean(net < -LOSS_TOLERANCE)),
        plan_delay_cost=float(plan_base[b].sum() - plan_scen[s].sum()),
        plan_net_value_change=float(plan_net),
        capacity_cost=float(capacity),
    )
