"""The Data page's work with files: the portfolio's vocabulary, uploads checked, tables to
edit, the whole portfolio replaced, and downloads of it.

The checks are the core's (`vmo_core.io.uploads`), exactly as an import makes them; this
module only turns them into what a page draws, and keeps a check while the same files sit
in the uploader. Files dropped later replace the earlier ones they cover, and the preview
says what a replacement changes and which saved scenarios it would break, before it is made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from vmo_app import cache, widgets, writes
from vmo_core.engine.fitting import misfits
from vmo_core.errors import VmoError
from vmo_core.io import export, uploads
from vmo_core.io.schema import DATE, INT, NUM, OPTIONAL_FILES, REQUIRED_FILES, SCHEMA
from vmo_core.io.template import template_bytes
from vmo_core.model.portfolio import BENEFIT_TYPES, STATUSES, Portfolio  # the choices a page offers, by field
from vmo_core.present.format import day, join_words, money

EDITED_HERE = " (edited in the app)"
UPLOAD_ORDER = "data.upload_order"  # the uploader's file ids in the order they first arrived


def upload_help() -> str:
    """What the uploader takes, by file name."""
    return (
        "CSV files named "
        + ", ".join(f"{n}.csv" for n in REQUIRED_FILES)
        + " and, if you have them, "
        + ", ".join(f"{n}.csv" for n in OPTIONAL_FILES)
        + ". A workbook has one sheet per file, named like the file without .csv. "
        "Dropping a corrected file replaces the earlier one."
    )


def file_names() -> str:
    """Every portfolio file's name, for a message about files that are not one."""
    return ", ".join(f"{n}.csv" for n in SCHEMA)


def unrecognised(files: dict[str, bytes]) -> list[str]:
    """Uploaded CSV files not named like a portfolio file: they would be ignored."""
    return uploads.unrecognised_uploads(files)


def latest_upload(chosen) -> tuple[dict[str, bytes], list[str]]:
    """The files in the uploader that make the portfolio now (a later drop replaces the earlier
    files it covers), and the names of those set aside."""
    order = st.session_state.setdefault(UPLOAD_ORDER, [])
    order += [f.file_id for f in chosen if f.file_id not in order]
    ranked = sorted(chosen, key=lambda f: order.index(f.file_id))
    return uploads.latest_files([(f.name, f.getvalue()) for f in ranked])


def checked(files: dict[str, bytes]):
    """(portfolio, problems) for uploaded files: checked once while the same files sit in the uploader.
    Refused (AccessDenied) before a byte is read for a user who may not upload."""
    writes.allowed("upload")
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(hashlib.sha256(name.encode()).digest() + hashlib.sha256(files[name]).digest())
    return widgets.computed(cache.upload_check, (), waiting="Checking the files...", digest=digest.hexdigest(), _files=files)


def status_counts(pf) -> str:
    """How many projects have each status, for the summary's help."""
    return ", ".join(f"{sum(p.status == s for p in pf.projects)} {s}" for s in STATUSES)


def problem_lines(problems) -> list[str]:
    """Every problem as one line of text: file (or sheet), row, column, then what is wrong."""
    return [str(p) for p in problems]


# ---------------------------------------------------------------- what a replacement changes


def _named(items) -> str:
    return join_words([f"{i.label} ({i.id})" if i.label != i.id else i.id for i in items])


def _estimate(name: str, before, after, new: Portfolio) -> str:
    if name == "fte":
        (pool, was), (_, now) = before, after
        team = next((p.label for p in new.pools if p.id == pool), pool)
        return f"{team} {was or 0:g} to {now or 0:g} FTE"
    if name == "duration_weeks":
        return f"{before} to {after} weeks"
    what = "value a week" if name == "value_per_week" else "fixed cost"
    return f"{what} {money(before, new.currency)} to {money(after, new.currency)}"


def change_lines(current: Portfolio, new: Portfolio) -> list[str]:
    """What replacing the current portfolio by `new` changes, one line each (none: nothing changes)."""
    changes = uploads.portfolio_changes(current, new)
    lines = []
    for what, items in (
        ("Projects added", changes.projects_added),
        ("Projects removed", changes.projects_removed),
        ("Teams added", changes.pools_added),
        ("Teams removed", changes.pools_removed),
    ):
        if items:
            lines.append(f"{what} ({len(items)}): {_named(items)}.")
    for before, after in changes.pools_renamed:
        if before.id != after.id:
            lines.append(f"Team {after.label}: its id {before.id} becomes {after.id}.")
        else:
            lines.append(f"Team {after.id}: renamed from {before.name or 'no name'} to {after.name or 'no name'}.")
    for found in changes.reestimated:
        said = "; ".join(_estimate(n, b, a, new) for n, b, a in found.changes)
        lines.append(f"Re-estimated: {found.project.label}: {said}.")
    return lines


def broken_scenarios(new: Portfolio) -> list[str]:
    """Each saved scenario that would no longer fit `new`, with why, one line each."""
    return [f"Saved scenario {m.name!r}: {m.problem}." for m in misfits(new, cache.store().scenarios())]


# ---------------------------------------------------------------- tables to edit


def editable_frame(pf, name: str) -> pd.DataFrame:
    return uploads.editable_frame(pf, name)


def validate_edit(pf, name: str, frame: pd.DataFrame):
    """(portfolio, problems) with table `name` replaced by the edited frame, checked as an import is."""
    return uploads.validate_edit(pf, name, frame)


def column_config(name: str, frame: pd.DataFrame) -> dict:
    """Editor columns from the schema: dates as dates, numbers as numbers, choices as selectboxes."""
    schema = {c.name: c for c in SCHEMA[name]}
    config = {"_index": st.column_config.NumberColumn("Row", disabled=True, help="The row as a spreadsheet shows it")}
    for column in frame.columns:
        known = schema.get(column)
        if column in ("id", "name"):
            config[column] = st.column_config.TextColumn(widgets.plain(column), required=column == "id", width="medium")
        elif known is None:
            config[column] = st.column_config.TextColumn(widgets.plain(column), help="A column of your own: kept, not used")
        elif column == "status":
            config[column] = st.column_config.SelectboxColumn(widgets.plain(column), options=STATUSES, required=True)
        elif column == "benefit_type":
            config[column] = st.column_config.SelectboxColumn(widgets.plain(column), options=BENEFIT_TYPES)
        elif known.sql == DATE:
            config[column] = st.column_config.DateColumn(widgets.plain(column), format="YYYY-MM-DD")
        elif known.sql == INT:
            config[column] = st.column_config.NumberColumn(
                widgets.plain(column), min_value=1, step=1, format="%d", required=known.required
            )
        elif known.sql == NUM:
            config[column] = st.column_config.NumberColumn(widgets.plain(column), required=known.required)
        else:
            config[column] = st.column_config.TextColumn(widgets.plain(column), required=known.required)
    return config


# ---------------------------------------------------------------- the portfolio replaced


def replace_portfolio(new, *, source: str) -> str:
    """Make `new` the plan: a new snapshot (every earlier one is kept); "" when done, else why nothing was changed."""
    try:
        writes.add_snapshot(new, source=source)  # refused for a viewer (AccessDenied)
    except VmoError as exc:
        return str(exc)
    return ""


def _newest_source() -> str:
    newest = cache.store().newest_snapshot()
    return newest.source if newest else ""


def edited_source() -> str:
    """Where a portfolio edited in the app came from: its source, marked once as edited here."""
    return _newest_source().removesuffix(EDITED_HERE) + EDITED_HERE


def loaded_note() -> str:
    """Where the plan (the newest snapshot) came from, and when it was loaded."""
    newest = cache.store().newest_snapshot()
    loaded = newest.imported_at if newest else ""
    try:
        loaded = f"{day(dt.datetime.fromisoformat(loaded))} at {dt.datetime.fromisoformat(loaded):%H:%M}"
    except ValueError:
        pass
    return f"Loaded from {_newest_source() or 'an unknown source'}, on {loaded or 'an unknown date'}."


# ---------------------------------------------------------------- downloads


@dataclass(frozen=True)
class Download:
    key: str
    label: str
    suffix: str
    mime: str
    icon: str
    write: Callable[[Portfolio], bytes]


TEMPLATE = Download(
    "data.download_template",
    "Download a template to fill (.xlsx)",
    ".xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ":material/table_view:",
    lambda _pf=None: template_bytes(),
)

DOWNLOADS = (
    Download(
        "data.download_xlsx",
        "Download as .xlsx",
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ":material/download:",
        export.xlsx_bytes,
    ),
    Download(
        "data.download_zip",
        "Download the CSV files (.zip)",
        ".zip",
        "application/zip",
        ":material/folder_zip:",
        export.csv_zip_bytes,
    ),
)
