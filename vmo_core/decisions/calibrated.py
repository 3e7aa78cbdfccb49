"""Selection on calibrated estimates, against the raw ones: how the recommendation changes.

Intake and the optimiser take `calibrated=True` to work on P50 estimates from past delivery
(`calibration.calibrated_portfolio`: every project still to be done with its group's median
duration and value ratios applied). The command line's `--calibrated` runs both and says
what moved; these are the two comparisons it prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vmo_core.decisions.intake import IntakeResult
from vmo_core.decisions.sequencing import OptimiseResult
from vmo_core.engine.evaluation import FastPlan
from vmo_core.engine.scenario import apply_scenario
from vmo_core.forecast.calibration import Calibration, calibrate, calibrated_portfolio
from vmo_core.model.plan import baseline_plan
from vmo_core.model.portfolio import Portfolio
from vmo_core.present.format import money_short, ordinal, percent, times


def _basis(calibration: Calibration) -> str:
    overall = calibration.overall
    own = [name for name in calibration.themes if calibration.own(name)]
    themes = f"; {', '.join(sorted(own))} on {'its' if len(own) == 1 else 'their'} own record" if own else ""
    return (
        f"P50 of {overall.n} finished projects: {times(overall.duration.p50)} the weeks, "
        f"{percent(overall.value.p50)} of the value{themes}"
    )


def _factors(calibration: Calibration) -> dict:
    return {
        "actuals": calibration.overall.n,
        "duration_factor": calibration.overall.duration.p50,
        "value_factor": calibration.overall.value.p50,
        "themes_on_own_record": sorted(name for name in calibration.themes if calibration.own(name)),
    }


@dataclass(frozen=True)
class IntakeShift:
    raw: IntakeResult
    calibrated: IntakeResult
    calibration: Calibration

    @staticmethod
    def verdict(result: IntakeResult) -> str:
        if result.recommendation == "decline":
            return "decline it"
        return f"accept it {ordinal(result.best.position)}"

    @property
    def changed(self) -> bool:
        return self.verdict(self.raw) != self.verdict(self.calibrated)

    def to_dict(self) -> dict:
        raw = self.raw.to_dict()
        return {
            **_factors(self.calibration),
            "raw": {k: raw[k] for k in ("position", "own_value", "delay_cost", "net_value_change", "recommendation")},
            "recommendation_changed": self.changed,
        }

    def describe(self, currency: str) -> str:
        if self.calibration.empty:
            return "No delivery actuals: calibrated estimates are the raw ones, so the recommendation is the same."
        raw, cal = self.raw.best, self.calibrated.best
        figures = (
            f"best net {money_short(cal.net_value_change, currency, signed=True)} calibrated, "
            f"{money_short(raw.net_value_change, currency, signed=True)} on the raw estimates"
        )
        if not self.changed:
            return (
                f"On calibrated estimates ({_basis(self.calibration)}) the recommendation stands: "
                f"{self.verdict(self.calibrated)} ({figures})."
            )
        return (
            f"On calibrated estimates ({_basis(self.calibration)}) the recommendation changes from "
            f"'{self.verdict(self.raw)}' to '{self.verdict(self.calibrated)}' ({figures})."
        )


def intake_shift(pf: Portfolio, *, raw: IntakeResult, calibrated: IntakeResult) -> IntakeShift:
    return IntakeShift(raw=raw, calibrated=calibrated, calibration=calibrate(pf))


@dataclass(frozen=True)
class OrderShift:
    raw: OptimiseResult
    calibrated: OptimiseResult
    calibration: Calibration
    raw_order_calibrated_value: float  # the raw estimates' best order, valued on calibrated estimates

    @property
    def moves(self) -> list[tuple[str, int, int]]:
        """(project, place in the raw order, place in the calibrated order), largest move first."""
        raw = {p: i for i, p in enumerate(self.raw.order, 1)}
        moved = [(p, raw[p], i) for i, p in enumerate(self.calibrated.order, 1) if p in raw and raw[p] != i]
        return sorted(moved, key=lambda m: (-abs(m[1] - m[2]), m[0]))

    @property
    def gain(self) -> float:
        """What following the calibrated order rather than the raw one is worth, on calibrated estimates."""
        return self.calibrated.total_value - self.raw_order_calibrated_value

    def to_dict(self) -> dict:
        return {
            **_factors(self.calibration),
            "raw_order": list(self.raw.order),
            "raw_total_value": self.raw.total_value,
            "raw_order_calibrated_value": self.raw_order_calibrated_value,
            "moved": [{"id": p, "raw_place": a, "place": b} for p, a, b in self.moves],
            "order_changed": bool(self.moves),
        }

    def describe(self, currency: str) -> str:
        if self.calibration.empty:
            return "No delivery actuals: calibrated estimates are the raw ones, so the order is the same."
        lead = (
            f"On calibrated estimates ({_basis(self.calibration)}) the best order found is worth "
            f"{money_short(self.calibrated.total_value, currency)} where the raw estimates promised "
            f"{money_short(self.raw.total_value, currency)}"
        )
        moves = self.moves
        if not moves:
            return lead + "; it is the same order."
        named = [f"{p} {_places(abs(a - b))} {'earlier' if b < a else 'later'}" for p, a, b in moves[:3]]
        more = f" and {len(moves) - 3} more" if len(moves) > 3 else ""
        return (
            f"{lead}; it moves {len(moves)} project{'s' if len(moves) != 1 else ''} against the raw order "
            f"({', '.join(named)}{more}), worth {money_short(self.gain, currency, signed=True)} over keeping the raw order."
        )


def _places(count: int) -> str:
    return f"{count} place{'s' if count != 1 else ''}"


def order_shift(pf: Portfolio, *, raw: OptimiseResult, calibrated: OptimiseResult, scenario: Any = None) -> OrderShift:
    calibration = calibrate(pf)
    plan = baseline_plan(calibrated_portfolio(pf, calibration))
    if scenario is not None:
        plan = apply_scenario(plan, scenario)
    fast = FastPlan(plan)
    value = fast.total_value(fast.sequence(list(raw.order)))
    return OrderShift(raw=raw, calibrated=calibrated, calibration=calibration, raw_order_calibrated_value=value)
