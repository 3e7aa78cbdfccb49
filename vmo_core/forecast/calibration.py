"""What past delivery says about estimates: calibration from actuals.csv (ECONOMICS.md, "Delivery actuals").

For each finished project in actuals.csv, two ratios:

    duration ratio = actual_weeks / estimated_weeks            (1.5: it took half as long again)
    value ratio    = realised_value_per_week / estimated_value_per_week   (0.8: 20% short of the promise)

A value ratio needs both value figures and an estimate above 0; a record without them keeps
its duration ratio and takes its group's median value ratio (1.0 when no record of the group
has value figures), so every record can be drawn whole.

Groups. Work of a theme is calibrated on that theme's own record when the theme has at
least `MIN_THEME_PROJECTS` (5) finished projects in actuals.csv: below five, a median and a
spread say more about the projects picked than about the theme, so the theme falls back to
the whole record ("all"). A project with no theme, or a theme below the threshold, uses "all".
A finished project's theme is read from projects.csv; one missing there counts under "all" only.

With no actuals at all there is nothing to learn from: every factor is 1.0 and forecasts
equal the plan (`Calibration.empty` is True, and the sentences say so).

`calibrated_portfolio` is the P50 switch of intake and the optimiser: every project still
to be done (not done, not stopped) has its duration and value per week scaled by its
group's median ratios. Durations are rounded by `scaled_weeks` (half up, at least 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from vmo_core.model.portfolio import Portfolio, Project

MIN_THEME_PROJECTS = 5  # finished projects a theme needs to be calibrated on its own record
ALL = "all"  # the group of every finished project
ROUNDING_SLACK = 1e-9  # so that 10 x 1.45 (14.499999999999998 in floating point) rounds to 15, as 14.5 does
DONE_STATUSES = ("done", "stopped")  # not forecast: nothing left to do


def scaled_weeks(weeks, factor):
    """Weeks of work x a duration factor, rounded half up to whole weeks, at least 1.

    Works on numbers and numpy arrays alike: 10 x 1.5 = 15; 10 x 1.04 = 10.4 -> 10; 10 x 1.05 -> 11.
    """
    scaled = np.floor(np.asarray(weeks, dtype=float) * factor + 0.5 + ROUNDING_SLACK)
    result = np.maximum(1, scaled).astype(np.int64)
    return int(result) if result.ndim == 0 else result


@dataclass(frozen=True)
class Spread:
    """A distribution of ratios: how many, and its 10th, 50th (median) and 90th percentiles."""

    n: int
    p10: float
    p50: float
    p90: float
    mean: float

    @classmethod
    def of(cls, ratios: np.ndarray) -> Spread:
        if not len(ratios):
            return cls(0, 1.0, 1.0, 1.0, 1.0)
        p10, p50, p90 = np.percentile(ratios, [10, 50, 90])
        return cls(len(ratios), float(p10), float(p50), float(p90), float(np.mean(ratios)))

    def to_dict(self) -> dict:
        return {"n": self.n, "p10": self.p10, "p50": self.p50, "p90": self.p90, "mean": self.mean}


@dataclass(frozen=True)
class Group:
    """The finished projects of one theme (or of all themes): their ratios, record by record."""

    name: str  # a theme, or ALL
    ids: tuple[str, ...]
    duration_ratio: np.ndarray
    value_ratio: np.ndarray  # with the group's median filled in where a record has no value figures
    value_observed: np.ndarray  # bool: the record had value figures

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def duration(self) -> Spread:
        return Spread.of(self.duration_ratio)

    @property
    def value(self) -> Spread:
        return Spread.of(self.value_ratio[self.value_observed])

    def to_dict(self) -> dict:
        return {"projects": self.n, "duration_ratio": self.duration.to_dict(), "value_ratio": self.value.to_dict()}


@dataclass(frozen=True)
class Calibration:
    """Ratios of finished work, overall and by theme, and which group each theme draws from."""

    overall: Group
    themes: dict[str, Group]  # every theme with finished work, whether or not it has enough
    min_theme_projects: int = MIN_THEME_PROJECTS

    @property
    def empty(self) -> bool:
        return self.overall.n == 0

    def own(self, theme: str) -> bool:
        """Does this theme have enough finished projects to be calibrated on its own record?"""
        group = self.themes.get(theme)
        return group is not None and group.n >= self.min_theme_projects

    def group_for(self, project: Project) -> Group:
        return self.themes[project.theme] if project.theme and self.own(project.theme) else self.overall

    def factors(self, project: Project) -> tuple[float, float]:
        """The P50 (median) duration and value factors for a project's group."""
        group = self.group_for(project)
        return group.duration.p50, group.value.p50

    def to_dict(self) -> dict:
        return {
            "actuals": self.overall.n,
            "min_theme_projects": self.min_theme_projects,
            "overall": self.overall.to_dict(),
            "themes": {name: {**g.to_dict(), "own": self.own(name)} for name, g in sorted(self.themes.items())},
        }


def calibrate(pf: Portfolio, *, min_theme_projects: int = MIN_THEME_PROJECTS) -> Calibration:
    """The calibration of a portfolio's actuals.csv (empty when it has none)."""
    if min_theme_projects < 1:
        raise ValueError(f"min_theme_projects {min_theme_projects!r} is out of range; expected at least 1")
    ids, themes, duration, value, observed = [], [], [], [], []
    for actual in pf.actuals:
        ids.append(actual.project_id)
        project = pf.project_index.get(actual.project_id)
        themes.append(project.theme if project is not None else "")
        duration.append(actual.actual_weeks / actual.estimated_weeks)
        est, real = actual.estimated_value_per_week, actual.realised_value_per_week
        has_value = est is not None and real is not None and est > 0 and math.isfinite(real / est)
        value.append(real / est if has_value else math.nan)
        observed.append(has_value)
    records = (np.array(duration, dtype=float), np.array(value, dtype=float), np.array(observed, dtype=bool))
    overall = _group(ALL, ids, *records, np.ones(len(ids), dtype=bool))
    by_theme = {
        theme: _group(theme, ids, *records, np.array([t == theme for t in themes], dtype=bool))
        for theme in dict.fromkeys(t for t in themes if t)
    }
    return Calibration(overall=overall, themes=by_theme, min_theme_projects=min_theme_projects)


def _group(name, ids, duration, value, observed, member) -> Group:
    value = value[member].copy()
    seen = observed[member]
    value[~seen] = float(np.median(value[seen])) if seen.any() else 1.0
    return Group(
        name=name,
        ids=tuple(i for i, m in zip(ids, member) if m),
        duration_ratio=duration[member],
        value_ratio=value,
        value_observed=seen,
    )


def calibrated_project(project: Project, calibration: Calibration) -> Project:
    """A project still to be done, on P50 estimates: its group's median factors applied."""
    if project.status in DONE_STATUSES or calibration.empty:
        return project
    duration, value = calibration.factors(project)
    return replace(
        project,
        duration_weeks=scaled_weeks(project.duration_weeks, duration),
        value_per_week=project.value_per_week * value,
    )


def calibrated_portfolio(pf: Portfolio, calibration: Calibration | None = None) -> Portfolio:
    """The portfolio with every project still to be done on P50 estimates (unchanged with no actuals).

    Demands, dates, decay, windows, penalties and promises stay as they are: only the weeks
    of work and the value per week move. Spend follows the weeks (a longer project holds its
    people longer).
    """
    calibration = calibration or calibrate(pf)
    if calibration.empty:
        return pf
    return replace(pf, projects=tuple(calibrated_project(p, calibration) for p in pf.projects))
