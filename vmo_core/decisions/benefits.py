"""Benefits: each business case's promise against the forecast, in money, with its RAG."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vmo_core.engine.evaluation import evaluated_plan
from vmo_core.engine.valuation import ValueModel
from vmo_core.model.portfolio import Portfolio

GREEN_UP_TO, AMBER_UP_TO = 0.05, 0.20  # shortfall as a share of the promised value


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
    plan, base = evaluated_plan(pf, scenario)
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
