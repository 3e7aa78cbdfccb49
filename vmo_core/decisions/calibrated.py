"""Selection on calibrated estimates, against the raw ones: how the recommendation changes.

Intake and the optimiser take `calibrated=True` to work on P50 estimates from past delivery
(`calibration.calibrated_portfolio`: every project still to be done with its group's median
duration and value ratios applied). The command line's `--calibrated` runs both and says
what moved; these are the two comparisons it prints, in words by
`present.forecast_sentences` (describe_intake_shift, describe_order_shift).
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

    @property
    def changed(self) -> bool:
        """The advice differs: decline against accept, or accept at another place."""
        return _advice(self.raw) != _advice(self.calibrated)

    def to_dict(self) -> dict:
        raw = self.raw.to_dict()
        return {
            **_factors(self.calibration),
            "raw": {k: raw[k] for k in ("position", "own_value", "delay_cost", "net_value_change", "recommendation")},
            "recommendation_changed": self.changed,
        }


def _advice(result: IntakeResult) -> int | None:
    """Where to put the proposal: its best place, or None to decline it."""
    return None if result.recommendation == "decline" else result.best.position


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


def order_shift(pf: Portfolio, *, raw: OptimiseResult, calibrated: OptimiseResult, scenario: Any = None) -> OrderShift:
    calibration = calibrate(pf)
    plan = baseline_plan(calibrated_portfolio(pf, calibration))
    if scenario is not None:
        plan = apply_scenario(plan, scenario)
    fast = FastPlan(plan)
    value = fast.total_value(fast.sequence(list(raw.order)))
    return OrderShift(raw=raw, calibrated=calibrated, calibration=calibration, raw_order_calibrated_value=value)
