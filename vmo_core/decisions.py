"""Intake, stopping and benefits: the decisions of ECONOMICS.md that weigh one change at a time.

Each answer is built from the same comparison the what-if uses (`engine.compare_results`),
so the figures here are the figures the app and the board pack show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vmo_core.calibration import calibrated_portfolio
from vmo_core.engine import compare_results, evaluate
from vmo_core.errors import VmoError
from vmo_core.model import Portfolio
from vmo_core.results import Comparison, ProjectDelta, ScheduleResult
from vmo_core.scenario import Plan, apply_scenario, baseline_plan, cd3_index
from vmo_core.valuation import ValueModel

GREEN_UP_TO, AMBER_UP_TO = 0.05, 0.20  # shortfall as a share of the promised value


def _base(pf: Portfolio, scenario: Any) -> tuple[Plan, ScheduleResult]:
    plan = baseline_plan(pf)
    if scenario is not None:
        plan = apply_scenario(plan, scenario)
    return plan, evaluate(plan)


def _with(plan: Plan, base: ScheduleResult, changes: list[dict]) -> Comparison:
    changed = apply_scenario(plan, {"changes": changes})
    return compare_results(base, evaluate(changed), changed)


# ---------------------------------------------------------------- intake


# Another place is recommended over the asked-for one only when it adds more than this share
# of the proposal's own value: "put CYBRX 17th, not 9th, for +£11k on £1.2M" is noise.
MATERIAL_SHARE = 0.01


@dataclass(frozen=True)
class IntakePlace:
    position: int  # 1-based place in the priority list
    own_value: float
    own_cost: float
    delay_cost: float
    net_value_change: float
    comparison: Comparison

    @property
    def delayed(self) -> tuple[ProjectDelta, ...]:
        """Projects that land later or lose value because of the proposal, costliest first."""
        hit = [
            d
            for d in self.comparison.projects
            if d.value_delta < 0
            or (d.finish_delta_weeks or 0) > 0
            or (d.scenario_finish_week is None and d.base_finish_week is not None)
        ]
        return tuple(sorted(hit, key=lambda d: d.value_delta))


@dataclass(frozen=True)
class IntakeResult:
    proposal: str
    name: str
    chosen: IntakePlace  # where CD3 (or the caller) puts it
    best: IntakePlace  # the place with the highest net value change, unless it beats `chosen` immaterially
    places: tuple[IntakePlace, ...]  # every place tried
    by_cd3: bool

    @property
    def recommendation(self) -> str:
        if self.best.net_value_change <= 0:
            return "decline"
        return "accept" if self.best is self.chosen else "accept_elsewhere"

    def to_dict(self) -> dict:
        chosen = self.chosen
        return {
            "proposal": self.proposal,
            "position": chosen.position,
            "own_value": chosen.own_value,
            "own_cost": chosen.own_cost,
            "delay_cost": chosen.delay_cost,
            "net_value_change": chosen.net_value_change,
            "delayed": [d.to_dict() for d in chosen.delayed],
            "recommendation": {
                "action": self.recommendation,
                "position": self.best.position,
                "net_value_change": self.best.net_value_change,
                "delay_cost": self.best.delay_cost,
                "own_value": self.best.own_value,
            },
        }


def intake(
    pf: Portfolio, proposal: str, *, position: int | None = None, scenario: Any = None, calibrated: bool = False
) -> IntakeResult:
    """What accepting a proposal delays and costs where CD3 (or `position`) puts it, and where it is best.

    `calibrated`: on P50 estimates from past delivery (calibration.calibrated_portfolio) instead of the raw ones.
    """
    if calibrated:
        pf = calibrated_portfolio(pf)
    plan, base = _base(pf, scenario)
    project = plan.projects.get(proposal)
    if project is None or project.status != "proposed" or proposal in plan.order:
        proposals = ", ".join(p.id for p in plan.projects.values() if p.status == "proposed" and p.id not in plan.order)
        raise VmoError(f"{proposal!r} is not a proposal waiting for intake; expected one of: {proposals or 'none'}")
    last = len(plan.order) + 1
    if position is None:
        chosen_position = cd3_index(plan, proposal) + 1
    elif position < 1:
        raise VmoError(f"position {position} is out of range; expected 1 (first) to {last}")
    else:
        chosen_position = min(position, last)
    chosen_place = equivalent_place(plan, chosen_position)
    places = [_place(plan, base, proposal, chosen_position if k == chosen_place else k) for k in distinct_places(plan)]
    chosen = next(p for p in places if p.position == chosen_position)
    best = max(places, key=lambda p: (p.net_value_change, p is chosen, -p.position))
    if best.net_value_change - chosen.net_value_change <= MATERIAL_SHARE * abs(chosen.own_value):
        best = chosen  # moving it would not be worth a steering group's attention
    return IntakeResult(proposal, project.label, chosen, best, places, by_cd3=position is None)


def distinct_places(plan: Plan) -> list[int]:
    """The places (1-based) in the list that can give a proposal different schedules.

    In-flight projects are placed first whatever the list says, so going just before one
    or just after it is the same place: of each such run, the one after the in-flight work.
    """
    order = plan.order
    return [k for k in range(1, len(order) + 2) if k == len(order) + 1 or not plan.in_flight(order[k - 1])]


def equivalent_place(plan: Plan, position: int) -> int:
    """The distinct place that schedules the same as `position`."""
    k = position
    while k <= len(plan.order) and plan.in_flight(plan.order[k - 1]):
        k += 1
    return k


def _place(plan: Plan, base: ScheduleResult, proposal: str, position: int) -> IntakePlace:
    comparison = _with(plan, base, [{"op": "add", "project": proposal, "position": position}])
    own = comparison.scenario.by_id[proposal]
    return IntakePlace(position, own.value, own.cost, comparison.delay_cost, comparison.net_value_change, comparison)


# ---------------------------------------------------------------- stopping


@dataclass(frozen=True)
class StopOption:
    id: str
    name: str
    net_value_change: float  # of stopping it today: the highest is the project we would miss least
    value_lost: float  # its own value
    spend_saved: float  # its remaining spend, and that of successors it leaves unschedulable
    others_gain: float  # value others gain by landing sooner
    moves: tuple[str, ...]  # projects whose delivery moves

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "net_value_change": self.net_value_change,
            "value_lost": self.value_lost,
            "spend_saved": self.spend_saved,
            "others_gain": self.others_gain,
            "moves": list(self.moves),
        }


@dataclass(frozen=True)
class StopRanking:
    projects: tuple[StopOption, ...]  # highest net value change first

    def to_dict(self) -> dict:
        return {"projects": [p.to_dict() for p in self.projects]}


def stop_ranking(pf: Portfolio, *, scenario: Any = None) -> StopRanking:
    plan, base = _base(pf, scenario)
    options = []
    for outcome in base.projects:
        comparison = _with(plan, base, [{"op": "stop", "project": outcome.id}])
        options.append(
            StopOption(
                id=outcome.id,
                name=outcome.name,
                net_value_change=comparison.net_value_change,
                value_lost=outcome.value,
                spend_saved=comparison.baseline.total_cost - comparison.scenario.total_cost,
                others_gain=-comparison.delay_cost,
                moves=tuple(d.id for d in comparison.projects if d.base_finish_week != d.scenario_finish_week),
            )
        )
    options.sort(key=lambda o: (-o.net_value_change, o.id))
    return StopRanking(tuple(options))


# ---------------------------------------------------------------- benefits


@dataclass(frozen=True)
class BenefitLine:
    id: str
    name: str
    promised_finish_week: int
    forecast_finish_week: int | None
    promised_value: float
    forecast_value: float
    rag: str

    @property
    def value_shortfall(self) -> float:
        return self.promised_value - self.forecast_value

    @property
    def slip_weeks(self) -> int | None:
        return None if self.forecast_finish_week is None else self.forecast_finish_week - self.promised_finish_week

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "promised_finish_week": self.promised_finish_week,
            "forecast_finish_week": self.forecast_finish_week,
            "promised_value": self.promised_value,
            "forecast_value": self.forecast_value,
            "value_shortfall": self.value_shortfall,
            "rag": self.rag,
        }


@dataclass(frozen=True)
class BenefitsReport:
    projects: tuple[BenefitLine, ...]

    @property
    def value_at_risk(self) -> float:
        """Promised value not now forecast, over every business case that falls short."""
        return sum(max(0.0, p.value_shortfall) for p in self.projects)

    def to_dict(self) -> dict:
        return {"value_at_risk": self.value_at_risk, "projects": [p.to_dict() for p in self.projects]}


def rag(shortfall: float, promised: float, *, scheduled: bool) -> str:
    if not scheduled:
        return "red"
    if shortfall <= GREEN_UP_TO * promised:
        return "green"
    return "amber" if shortfall <= AMBER_UP_TO * promised else "red"


def benefits(pf: Portfolio, *, scenario: Any = None) -> BenefitsReport:
    plan, base = _base(pf, scenario)
    model = ValueModel(pf.settings)
    lines = []
    for outcome in base.projects:
        project = plan.projects[outcome.id]
        if project.promised_finish is None:
            continue
        promised_week = pf.week(project.promised_finish)
        promised_v = project.promised_value_per_week if project.promised_value_per_week is not None else project.value_per_week
        promised = model.value(project, promised_week, value_per_week=promised_v)
        lines.append(
            BenefitLine(
                id=outcome.id,
                name=outcome.name,
                promised_finish_week=promised_week,
                forecast_finish_week=outcome.finish_week,
                promised_value=promised,
                forecast_value=outcome.value,
                rag=rag(promised - outcome.value, promised, scheduled=outcome.scheduled),
            )
        )
    return BenefitsReport(tuple(lines))
