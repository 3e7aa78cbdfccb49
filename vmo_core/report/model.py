"""The board pack's content as plain data: what every format shows, computed once.

A `Pack` holds sections (one per slide, page block or sheet), each with its headline
sentence, the figures shown big (`Tile`), a table and a chart's data. Cells keep the
core's exact numbers; `cell_text` is the one way they are written for people, so the
deck, the PDF and the spreadsheet's number formats agree on every figure.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vmo_core.present.format import day, money, money_short

if TYPE_CHECKING:
    from vmo_core.decisions.benefits import BenefitsReport
    from vmo_core.decisions.constraints import ConstraintReport
    from vmo_core.decisions.intake import IntakeResult
    from vmo_core.decisions.interventions import InterventionList
    from vmo_core.decisions.slip_results import Changes, JudgedDecision
    from vmo_core.decisions.stopping import StopRanking
    from vmo_core.engine.results import Comparison, ScheduleResult
    from vmo_core.forecast.montecarlo import Forecast
    from vmo_core.model.portfolio import Portfolio

MONEY, SIGNED, TEXT, DATE, WEEKS, FTE, COUNT, RAG, PERCENT = (
    "money",
    "signed",
    "text",
    "date",
    "weeks",
    "fte",
    "count",
    "rag",
    "percent",
)
NUMERIC = {MONEY, SIGNED, WEEKS, FTE, COUNT, PERCENT}


def cell_text(value: Any, kind: str, currency: str) -> str:
    """A cell as people read it: money in full with the currency and thousands separators."""
    if value is None:
        return "not scheduled" if kind == DATE else "\u2013"  # an en dash: nothing to say here
    if isinstance(value, str) and (kind in NUMERIC or kind == DATE):  # a word where a figure has none: "not in the plan"
        return value
    if kind == MONEY:
        return money(value, currency)
    if kind == SIGNED:
        return money(value, currency, signed=True)
    if kind == DATE:
        return day(value)
    if kind == WEEKS:
        return f"{value:+d}" if value else "0"
    if kind == FTE:
        return f"{value:g}"
    if kind == COUNT:
        return str(value)
    if kind == PERCENT:
        return f"{value:.1%}".replace(".0%", "%")
    if kind == RAG:
        return str(value).upper()
    return str(value)


@dataclass(frozen=True)
class Tile:
    """A figure shown big: `short` on the slide (£68.1M), `full` beside it or in the notes."""

    key: str  # "economics.total_value"
    label: str
    value: float
    currency: str
    signed: bool = False

    @property
    def short(self) -> str:
        return money_short(self.value, self.currency, signed=self.signed)

    @property
    def full(self) -> str:
        return money(self.value, self.currency, signed=self.signed)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    width: float = 1.0  # share of the table's width on a slide or a page
    deck: bool = True  # shown on a slide (every column is in the spreadsheet and the PDF)
    wrap: bool = False  # long text (a name): wrapped over lines on a slide, never cut
    key: bool = False  # an id, for matching a row to the source files: in the workbook only


@dataclass(frozen=True)
class Table:
    key: str  # also the spreadsheet's sheet name
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]  # raw values, exact
    deck_rows: int | None = None  # rows shown on a slide before "and N more" (None: all, over several slides)
    note: str = ""

    def without_keys(self) -> Table:
        """The table without its id columns: as the deck and the PDF show it."""
        kept = [i for i, c in enumerate(self.columns) if not c.key]
        rows = tuple(tuple(row[i] for i in kept) for row in self.rows)
        return dataclasses.replace(self, columns=tuple(self.columns[i] for i in kept), rows=rows)

    def text(self, row: tuple, currency: str) -> list[str]:
        return [cell_text(v, c.kind, currency) for v, c in zip(row, self.columns)]


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]
    labels: tuple[str, ...] = ()  # each point's label, as the app says it (money_short)
    tones: tuple[str, ...] = ()  # each point's colour by meaning: positive, negative, red, amber, green


@dataclass(frozen=True)
class Chart:
    """Data for a native chart: the deck's and the spreadsheet's own chart objects."""

    kind: str  # "line", "column" or "bar"
    title: str
    categories: tuple  # strings or dates
    series: tuple[Series, ...]
    table: str = ""  # the sheet whose columns hold the same figures


@dataclass(frozen=True)
class Section:
    key: str  # economics, constraint, changes, interventions, intake, benefits, timeline, stop
    title: str
    lead: str  # the sentence the slide is about
    notes: tuple[str, ...] = ()  # what the presenter says
    tiles: tuple[Tile, ...] = ()
    table: Table | None = None
    chart: Chart | None = None
    image: str | None = None  # a chart image's name (images.py), drawn by charts.py
    sentences: tuple[str, ...] = ()  # further sentences shown on the slide, under the table
    in_deck: bool = True
    appendix: bool = False  # after the evidence: the big tables
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()  # titled points: ("Decisions requested", (...)), ...


@dataclass(frozen=True)
class History:
    """What a store remembers that a portfolio alone does not: the snapshot of the last review
    (the one before the newest) and the decision register (each `Decision.record()`, newest first)."""

    previous: Portfolio | None = None
    decisions: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Judged:
    """A decision of the register (who, when, the note) and its promise judged against the newest snapshot."""

    record: dict
    judged: JudgedDecision


@dataclass(frozen=True)
class Results:
    """The core's answers a pack is made from (its tables, and the chart images drawn from them)."""

    baseline: ScheduleResult
    plan: ScheduleResult  # the scenario's schedule, or the baseline
    comparison: Comparison | None
    constraints: ConstraintReport
    benefits: BenefitsReport
    stops: StopRanking
    interventions: InterventionList
    intakes: tuple[tuple[IntakeResult, str], ...]  # (result, what it is weighed against)
    cost_of_delay: dict[str, float]
    forecast: Forecast | None = None  # ranges from past delivery, when the portfolio has actuals
    review: Changes | None = None  # since the last review, when the source is a store with two snapshots
    decisions: tuple[Judged, ...] = ()  # the register, newest first
    together: Any = None  # asks.Together: the recommended asks adopted at once, when there are two or more
    placed: dict = field(default_factory=dict)  # {proposal: (the scenario's place, the recommended place)}
    as_written: Any = None  # decisions.as_written.PlanAsWritten: the plan's own dates against capacity (None: undated)


@dataclass(frozen=True)
class Pack:
    title: str
    subtitle: str
    scenario_name: str
    changes: tuple[str, ...]  # the scenario's changes, each said in words, in order
    currency: str
    as_of: dt.date
    horizon_weeks: int
    discount_rate: float
    portfolio: str  # the portfolio's name (settings `name`), never a file's path
    generated: dt.date
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]  # every table, the spreadsheet's sheets (sections' tables included)
    assumptions: tuple[tuple[str, Any, str], ...]  # (label, value, kind)
    results: Results | None = field(default=None, compare=False, repr=False)  # the core's answers, for chart images

    @property
    def summary(self) -> Section:
        return self.section("summary")

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    @property
    def tiles(self) -> tuple[Tile, ...]:
        return tuple(t for s in self.sections for t in s.tiles)

    def sentences(self) -> list[str]:
        """Every sentence the pack says, in order: leads, slide sentences, then notes."""
        said = []
        for s in self.sections:
            said += [s.lead, *(point for _, points in s.lists for point in points), *s.sentences, *s.notes]
        return [text for text in dict.fromkeys(said) if text]
