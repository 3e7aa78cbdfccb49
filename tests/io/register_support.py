"""A PMO's one-sheet register written FROM data/sample, and the mapping a person completes for it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from vmo_core.io.register_mapping import Mapping, PoolColumn

WORDS = {"active": "In flight", "approved": "Approved", "proposed": "Pipeline", "done": "Complete", "stopped": "Cancelled"}
HEADERS = [
    "Ref",
    "Project name",
    "Stage",
    "Rank",
    "Annual benefit (£)",
    "Start date",
    "End date",
    "Duration (months)",
    "Depends on",
    "Decay per week",
    "Value end",
    "Deadline",
    "Late penalty",
    "One-off cost",
    "Promised finish",
    "Promised annual benefit",
    "Benefit type",
    "Theme",
    "Sponsor",
    "Notes",
]


def register_rows(pf) -> tuple[list[str], list[list]]:
    """The sample as a PMO's register: one row a project, one FTE column a team."""
    as_of = pf.as_of
    names = {p.id: p.name for p in pf.projects}
    team_headers = [f"{pool.name} FTE" for pool in pf.pools]
    rows = []
    for number, p in enumerate(pf.projects):
        start = end = months = None
        if p.status == "active":  # started before as_of; what remains ends on a Friday
            start, end = as_of - dt.timedelta(weeks=10), as_of + dt.timedelta(days=7 * p.duration_weeks - 3)
        elif p.status == "approved":
            start = p.earliest_start or as_of
            end = start + dt.timedelta(days=7 * p.duration_weeks - 1)
        else:
            months = p.duration_weeks * 12 / 52
        predecessors = [d.predecessor_id for d in pf.dependencies if d.successor_id == p.id]
        # predecessors by name on every other row, by id on the rest: registers do both
        written = "; ".join(names[x] if number % 2 else x for x in predecessors)
        demands = pf.demands_of(p.id)
        rows.append(
            [
                p.id,
                p.name,
                WORDS[p.status],
                p.priority,
                p.value_per_week * 52,
                start,
                end,
                months,
                written or None,
                p.decay_per_week or None,
                p.value_end,
                p.deadline,
                p.late_penalty or None,
                p.fixed_cost or None,
                p.promised_finish,
                None if p.promised_value_per_week is None else p.promised_value_per_week * 52,
                p.benefit_type,
                p.theme,
                p.sponsor,
                "a note of the PMO's own",
                *(demands.get(pool.id) for pool in pf.pools),
            ]
        )
    return HEADERS + team_headers, rows


def write_register(path: Path, headers: list[str], rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Register"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def completed(mapping: Mapping, pf) -> Mapping:
    """The suggestion as a person completes it: as_of and settings, each team's id, capacity and cost."""
    by_name = {pool.name: pool for pool in pf.pools}
    pools = []
    for column in mapping.pools:
        pool = by_name[column.name]
        changes = tuple((c.from_date, c.capacity_fte) for c in pf.capacity_changes if c.pool_id == pool.id)
        pools.append(PoolColumn(column.column, pool.id, pool.name, pool.capacity_fte, pool.cost_per_fte_week, changes))
    settings = {"as_of": pf.as_of, "horizon_weeks": 156, "discount_rate": pf.settings.discount_rate, "currency": pf.currency}
    return Mapping(columns=mapping.columns, units=mapping.units, pools=tuple(pools), settings=settings, sheet="Register")
