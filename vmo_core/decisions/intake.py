"""Intake: what accepting a proposal delays and costs at each place in the list, and where it pays best.

Each answer is the comparison the what-if uses (`compare_changes`), so the figures here are the
figures the app and the board pack show. Every place's figures are worked out at once by
repairing the plan's schedule (`engine.candidates`); a place's full comparison is built when
it is read (the chosen place's, for what it delays). `plain_places` compares place by place:
tests/decisions/test_fast_paths.py holds the two to the same figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from vmo_core.decisions.cliffs import Cliff, crossed, crossed_at
from vmo_core.engine import candidates
from vmo_core.engine.evaluation import compare_changes
from vmo_core.engine.ranks import cd3_index
from vmo_core.engine.results import Comparison, ProjectDelta, ScheduleResult
from vmo_core.errors import VmoError
from vmo_core.forecast.calibration import calibrated_portfolio
from vmo_core.model.plan import Plan
from vmo_core.model.portfolio import Portfolio

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
    ahead_of: str | None  # the project listed just after it (None: last)
    compared: Callable[[], Comparison] = field(repr=False, compare=False)  # builds `comparison`
    ahead_of_label: str | None = None  # its name (its id when it has none)

    @cached_property
    def comparison(self) -> Comparison:
        """The full comparison of accepting it here, built once, when first read."""
        return self.compared()

    def passing_comparison(self) -> Comparison:
        """The comparison, as held if it has been read, else built for this one reading and not kept.

        For a reader of every place (the intake chart's hovers): reading `comparison` there would
        keep a full schedule per place in the answer, some 400 MB on a thousand-project list that
        the app's cache holds for every session while the pages show one place's figures in full.
        """
        return self.__dict__["comparison"] if "comparison" in self.__dict__ else self.compared()

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
    plan, base, fast = candidates.evaluated(pf, scenario)
    project = plan.projects.get(proposal)
    if project is None or project.status != "proposed" or proposal in plan.order:
        proposals = ", ".join(p.id for p in plan.projects.values() if p.status == "proposed" and p.id not in plan.order)
        if not proposals:
            raise VmoError(
                f"{proposal!r} is not a proposal waiting for intake: this portfolio has none "
                "(a proposal is a project with status 'proposed')"
            )
        raise VmoError(f"{proposal!r} is not a proposal waiting for intake; expected one of: {proposals}")
    last = len(plan.order) + 1
    if position is None:
        chosen_position = cd3_index(plan, proposal) + 1
    elif position < 1:
        raise VmoError(f"position {position} is out of range; expected 1 (first) to {last}")
    else:
        chosen_position = min(position, last)
    chosen_place = equivalent_place(plan, chosen_position)
    positions = [chosen_position if k == chosen_place else k for k in distinct_places(plan)]
    if candidates.available():
        places = fast_places(candidates.Candidates(plan, base, fast), proposal, positions)
    else:
        places = plain_places(plan, base, proposal, positions)
    chosen = next(p for p in places if p.position == chosen_position)
    best = max(places, key=lambda p: (p.net_value_change, p is chosen, -p.position))
    if best.net_value_change - chosen.net_value_change <= MATERIAL_SHARE * abs(chosen.own_value):
        best = chosen  # moving it would not be worth a steering group's attention
    return IntakeResult(proposal, project.label, chosen, best, places, by_cd3=position is None)


def cliffs_by_place(pf: Portfolio, result: IntakeResult, *, scenario: Any = None) -> dict[int, tuple[Cliff, ...]]:
    """The deadlines and value windows accepting the proposal crosses at each place of `result`, as
    `cliffs.crossed` finds them in that place's comparison, from every place's finishes at once
    (for a reader of every place's cliffs, the intake chart, without a comparison a place)."""
    plan, base, fast = candidates.evaluated(pf, scenario)
    positions = [p.position for p in result.places]
    if not candidates.available():
        return {p.position: crossed(p.passing_comparison()) for p in result.places}
    finishes = candidates.Candidates(plan, base, fast).add_finishes(result.proposal, positions)
    return dict(zip(positions, crossed_at(base, finishes)))


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


def _change(proposal: str, position: int) -> list[dict]:
    return [{"op": "add", "project": proposal, "position": position}]


def _ahead_of(plan: Plan, position: int) -> str | None:
    index = position - 1
    return plan.order[index] if index < len(plan.order) else None


def _ahead_of_label(plan: Plan, position: int) -> str | None:
    after = _ahead_of(plan, position)
    return None if after is None else plan.projects[after].label


def fast_places(cands: candidates.Candidates, proposal: str, positions: list[int]) -> list[IntakePlace]:
    figures, _ = cands.adds(proposal, positions)
    # a place's comparison is `cands.comparison`'s, built from the plan and its schedule alone: holding
    # those, not `cands`, keeps the candidates' arrays (megabytes) out of the answer the app caches
    plan, base = cands.plan, cands.base
    return [
        IntakePlace(
            position,
            f.own_value,
            f.own_cost,
            f.delay_cost,
            f.net_value_change,
            _ahead_of(plan, position),
            lambda position=position: compare_changes(plan, base, _change(proposal, position)),
            _ahead_of_label(plan, position),
        )
        for position, f in zip(positions, figures)
    ]


def plain_places(plan: Plan, base: ScheduleResult, proposal: str, positions: list[int]) -> list[IntakePlace]:
    """Each place compared in full, one by one: the reference the fast path is held to."""
    places = []
    for position in positions:
        comparison = compare_changes(plan, base, _change(proposal, position))
        own = comparison.scenario.by_id[proposal]
        places.append(
            IntakePlace(
                position,
                own.value,
                own.cost,
                comparison.delay_cost,
                comparison.net_value_change,
                _ahead_of(plan, position),
                lambda comparison=comparison: comparison,
                _ahead_of_label(plan, position),
            )
        )
    return places
