"""Benefits: each business case's promise against the forecast, in money, with its RAG.

The report's `projects` are the scheduled projects with a promised finish (ECONOMICS.md,
"Benefits"); a project with a business case that the plan or the scenario stops stays listed
apart, in `stopped`, with its promised value as the benefit forgone (no RAG: it is not tracked).
"""

from __future__ import annotations

import datetime as dt
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
    promised_finish: dt.date | None = None  # the date the business case promised, as written (not its week's start)

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
            "promised_finish": None if self.promised_finish is None else self.promised_finish.isoformat(),
        }


@dataclass(frozen=True)
class BenefitsReport:
    projects: tuple[BenefitLine, ...]
    stopped: tuple[BenefitLine, ...] = ()  # business cases of stopped projects: forecast 0, rag "stopped"

    @property
    def value_at_risk(self) -> float:
        """Promised value not now forecast, over every business case that falls short."""
        return sum(max(0.0, p.value_shortfall) for p in self.projects)

    @property
    def benefit_forgone(self) -> float:
        """The promised value of the business cases of stopped projects."""
        return sum(p.promised_value for p in self.stopped)

    def to_dict(self) -> dict:
        return {
            "value_at_risk": self.value_at_risk,
            "projects": [p.to_dict() for p in self.projects],
            "stopped": [p.to_dict() for p in self.stopped],
        }


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
        promised_week, promised = _promise(pf, model, project)
        lines.append(
            BenefitLine(
                id=outcome.id,
                name=outcome.name,
                promised_finish_week=promised_week,
                forecast_finish_week=outcome.finish_week,
                promised_value=promised,
                forecast_value=outcome.value,
                rag=rag(promised - outcome.value, promised, scheduled=outcome.scheduled),
                promised_finish=project.promised_finish,
            )
        )
    stopped_now = set(plan.stopped)
    forgone = []
    for project in pf.projects:  # in file order; the scenario's stops and the plan's stopped projects
        if project.promised_finish is None or not (project.id in stopped_now or project.status == STOPPED):
            continue
        promised_week, promised = _promise(pf, model, project)
        forgone.append(
            BenefitLine(
                id=project.id,
                name=project.name,
                promised_finish_week=promised_week,
                forecast_finish_week=None,
                promised_value=promised,
                forecast_value=0.0,
                rag=STOPPED,
                promised_finish=project.promised_finish,
            )
        )
    return BenefitsReport(tuple(lines), tuple(forgone))


STOPPED = "stopped"


def _promise(pf: Portfolio, model: ValueModel, project) -> tuple[int, float]:
    """The promised finish's week, and the value the business case promised landing then."""
    week = pf.week(project.promised_finish)
    promised_v = project.promised_value_per_week if project.promised_value_per_week is not None else project.value_per_week
    return week, model.value(project, week, value_per_week=promised_v)
