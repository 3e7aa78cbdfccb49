"""The Data page's step for a one-sheet project register or an MS Project file.

A register's mapping is suggested from its headers (or the one kept from last time, when
its columns are all still there), shown in two editable tables and four settings, checked
by the core exactly as `--mapping` is, and kept for next time in a JSON file beside the
app's database (`register-mapping.json`; in the session only when the store is a server's
URL), with a download. As of is today's date unless changed, in plain sight: the core
itself never reads the clock. An MS Project file needs only its value field, if any; its
preview lists what was read and what was left out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from vmo_app import cache, files, identity, project_file, writes
from vmo_app import widgets as ui
from vmo_core.errors import ValidationError
from vmo_core.io import register_uploads
from vmo_core.io.register import DATE_ORDER_ADVICE
from vmo_core.io.register_cells import usual_status
from vmo_core.io.register_layout import RegisterLayout
from vmo_core.io.register_mapping import (
    FIELDS,
    MONEY_UNITS,
    UNITS,
    Mapping,
    mapping_from_dict,
    normalised,
    read_mapping,
)
from vmo_core.io.register_suggest import suggest_mapping
from vmo_core.present.format import plural

UPLOAD = "register.upload"
UNIT_CHOICES = ("", *MONEY_UNITS, *UNITS["duration_weeks"], *UNITS["fixed_cost"])
BUDGET = {"total": "The total budget", "remaining": "What remains to spend"}
SETTINGS_HELP = "The date week 0 starts: today's date unless you change it (a new review, a new date)."
STATUSES = ("active", "approved", "proposed", "done", "stopped")
DATE_ORDERS = {"": "Not set: ISO dates only", "DMY": "Day first (26/02/2027)", "MDY": "Month first (02/26/2027)"}
ADVICE_HERE = "choose the register's date order above (day first or month first)"


def saved_mapping_path() -> Path | None:
    """Where the mapping is kept for next time: beside the app's database file (None for a server's store)."""
    db = str(cache.db_path())
    return None if "://" in db else Path(db).parent / "register-mapping.json"


def kept_mapping(headers: list[str]) -> Mapping | None:
    """The mapping kept from last time, if every column it names is among these headers."""
    path = saved_mapping_path()
    if path is None or not path.is_file():
        return st.session_state.get("register.kept")
    try:
        mapping = read_mapping(path)
    except ValidationError:
        return None
    named = {*mapping.columns.values(), *(p.column for p in mapping.pools)}
    return mapping if named <= set(headers) else None


def keep(mapping: Mapping) -> None:
    st.session_state["register.kept"] = mapping
    path = saved_mapping_path()
    if path is not None and identity.current_user().may("upload"):  # the shared file: a viewer's stays in the session
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(mapping.to_json(), encoding="utf-8")


# ---------------------------------------------------------------- the mapping as tables to edit


def columns_frame(mapping: Mapping) -> pd.DataFrame:
    """One row a field: the register's column that holds it, and its unit."""
    return pd.DataFrame(
        {
            "Field": list(FIELDS),
            "Column": [mapping.columns.get(f, "") for f in FIELDS],
            "Unit": [mapping.units.get(f, "") for f in FIELDS],
        }
    )


def pools_frame(mapping: Mapping) -> pd.DataFrame:
    """One row a team's FTE column: the pool it becomes, its capacity and cost."""
    return pd.DataFrame(
        {
            "Column": [p.column for p in mapping.pools],
            "Pool id": [p.id for p in mapping.pools],
            "Name": [p.name for p in mapping.pools],
            "Capacity FTE": pd.array([p.capacity_fte for p in mapping.pools], dtype="Float64"),
            "Cost per person-week": pd.array([p.cost_per_fte_week for p in mapping.pools], dtype="Float64"),
        }
    )


def _cell(value):
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value


def mapping_document(
    columns: pd.DataFrame,
    pools: pd.DataFrame,
    *,
    kept: Mapping,
    settings: dict,
    where: tuple[str | None, int | None] | None = None,
    statuses: dict[str, str] | None = None,
) -> dict:
    """The JSON document of the edited tables (checked by `mapping_from_dict`, as a file is);
    `where` is the sheet and header row chosen and `statuses` the status words mapped (else the
    mapping's as it was), as are planned capacity changes."""
    changes = {p.column: p.changes for p in kept.pools}
    sheet, header_row = where if where is not None else (kept.sheet, kept.header_row)
    words = kept.statuses if statuses is None else statuses
    document = Mapping(settings=settings, statuses=words, sheet=sheet, header_row=header_row).to_dict()
    document["columns"] = {
        row.Field: {"column": row.Column, "unit": row.Unit} if _cell(row.Unit) else row.Column
        for row in columns.itertuples()
        if _cell(row.Column)
    }
    document["pools"] = [
        {
            "column": row["Column"],
            "id": _cell(row["Pool id"]) or "",
            "name": _cell(row["Name"]) or "",
            "capacity_fte": _cell(row["Capacity FTE"]),
            "cost_per_fte_week": _cell(row["Cost per person-week"]) or 0,
            "changes": [{"from": str(day), "capacity_fte": fte} for day, fte in changes.get(row["Column"], ())],
        }
        for row in pools.to_dict("records")
        if _cell(row["Column"])
    ]
    return document


def statuses_frame(words: tuple[str, ...], kept: dict[str, str]) -> pd.DataFrame:
    """One row a word of the register's status column: the status it means (kept, or the word's usual sense)."""
    return pd.DataFrame({"Register's word": list(words), "Status": [kept.get(normalised(w)) or usual_status(w) for w in words]})


def left_out_lines(left_out) -> list[str]:
    """The rows (and columns) set aside, each with its row number as the spreadsheet shows it."""
    return [f"Row {n}: {why}" if n is not None else why[:1].upper() + why[1:] for n, why in left_out]


# ---------------------------------------------------------------- the section


def section(where, pf, *, flash: str, preview, show_problems) -> None:
    """The expander on the Data page (`where`: its upload tab); `preview` (what a replacement
    changes) and `show_problems` are the page's own, and `flash` the key of its message after a rerun.
    Not shown to a user who may not upload (the tab says why)."""
    if writes.may_not("upload"):
        return
    # keyed, and its opening tracked: it stays open across the reruns its own controls cause
    with where, ui.expander("A project register (one sheet) or an MS Project file", key="register.section", on_change="rerun"):
        chosen = st.file_uploader(
            "A project list with its own columns (.xlsx or .csv), or MS Project's XML (.xml)",
            type=["xlsx", "csv", "xml", "mpp"],
            key=UPLOAD,
        )
        if chosen is None:
            ui.note("Its columns are mapped onto the portfolio in the next step; nothing is loaded until it is clean.")
            return
        data = chosen.getvalue()
        digest = hashlib.sha256(data).hexdigest()[:16]
        step = project_file.step if chosen.name.lower().endswith((".xml", ".mpp")) else _register
        new, source = step(chosen.name, data, digest=digest, show_problems=show_problems)
        if new is None:
            return
        if pf is not None and new == pf:
            ui.success("This is the portfolio now loaded: there is nothing to replace.")
            return
        preview(pf, new)
        if st.button("Replace the portfolio with it", key="register.replace", type="primary"):
            problem = files.replace_portfolio(new, source=source)
            if problem:
                ui.error(f"Nothing was changed: {problem}")
                return
            st.session_state[flash] = "The portfolio is replaced: every page now uses the file mapped in."
            st.rerun()


def _settings(mapping: Mapping, digest: str, layout: RegisterLayout) -> dict:
    known = mapping.settings
    as_of, horizon, rate, currency, dates = st.columns(5)
    found = layout.currency
    order = known.get("date_order") or layout.date_order or ""
    chosen = {
        "as_of": as_of.date_input("As of", value=dt.date.today(), key=f"register.as_of.{digest}", help=ui.escaped(SETTINGS_HELP)),
        "horizon_weeks": horizon.number_input(
            "Weeks of value counted",
            1,
            1040,
            int(known.get("horizon_weeks", 156)),
            key=f"register.horizon.{digest}",
            help="The horizon: each project's value is counted this many weeks from the as-of date.",
        ),
        "discount_rate": rate.number_input(
            "Discount rate a year", -0.99, 10.0, float(known.get("discount_rate", 0.0)), key=f"register.rate.{digest}"
        ),
        "currency": currency.text_input(
            "Currency",
            known.get("currency") or found or "USD",
            max_chars=3,
            key=f"register.cur.{digest}",
            help=ui.escaped(
                f"{found}: the currency the register's own figures are written in."
                if found
                else "The register shows no currency symbol."
            ),
        ),
        "date_order": ui.select(
            dates,
            "Dates written",
            list(DATE_ORDERS),
            index=list(DATE_ORDERS).index(order),
            format_func=DATE_ORDERS.get,
            key=f"register.dates.{digest}",
            help="How the register writes a date such as 02/11/2026: day first (2 November) or month first (11 February).",
        ),
    }
    return {k: v for k, v in chosen.items() if v != ""}


def _where(layout: RegisterLayout, digest: str) -> tuple[str | None, int]:
    """The sheet and header row to read: the ones found, unless chosen."""
    sheet_at, row_at, _ = st.columns([2, 1, 2])
    sheet = layout.sheet
    if layout.sheets:
        sheet = ui.select(
            sheet_at,
            "Sheet",
            list(layout.sheets),
            index=list(layout.sheets).index(layout.sheet) if layout.sheet in layout.sheets else 0,
            key=f"register.sheet.{digest}",
            help="The sheet that holds the register: the one whose header reads best, not an archive's, unless you choose.",
        )
    header_row = row_at.number_input(
        "Header row",
        1,
        10_000,
        int(layout.header_row or 1),
        key=f"register.header_row.{digest}.{sheet}",
        help=ui.escaped(
            "The row of the register's column names, as the spreadsheet numbers it: the one found, unless you change it."
        ),
    )
    return sheet, int(header_row)


def _statuses(layout: RegisterLayout, columns: pd.DataFrame, kept: Mapping, digest: str) -> dict[str, str] | None:
    """The status column's words, each mapped to a status by the person (defaults: kept, or the word's usual sense)."""
    chosen = columns.loc[columns["Field"] == "status", "Column"]
    column = _cell(chosen.iloc[0]) if len(chosen) else None
    words = layout.words.get(column, ()) if column else ()
    if not words:
        return None
    ui.note(f"What each word in {column} means:")
    edited = st.data_editor(
        statuses_frame(words, kept.statuses),
        hide_index=True,
        disabled=["Register's word"],
        key=f"register.statuses.{digest}.{column}",
        column_config={"Status": st.column_config.SelectboxColumn(options=list(STATUSES))},
    )
    return {row["Register's word"]: row["Status"] for row in edited.to_dict("records") if _cell(row["Status"])}


def _budget(columns: pd.DataFrame, place: str) -> pd.DataFrame:
    """Ask whether the budget column (fixed_cost) holds the total budget or what remains to spend:
    stopping work in flight saves only what remains (the core works it out from a total, and says how)."""
    row = columns["Field"] == "fixed_cost"
    column = _cell(columns.loc[row, "Column"].iloc[0]) if row.any() else None
    if not column:
        return columns
    unit = _cell(columns.loc[row, "Unit"].iloc[0]) or "remaining"
    basis = ui.choose(
        st,
        f"{column} holds",
        list(BUDGET),
        index=list(BUDGET).index(unit) if unit in BUDGET else 1,
        format_func=BUDGET.get,
        horizontal=True,
        key=f"register.budget.{place}",
        help="Stopping work in flight saves only what it has left to spend; money already spent is gone. For a total "
        "budget, what remains is the total less the spend to date, else the share of the work not done (progress), "
        "else, for work in flight, pro rata to the time left: map those columns when the register has them.",
    )
    columns = columns.copy()
    columns.loc[row, "Unit"] = "total" if basis == "total" else ""
    return columns


def _register(name: str, data: bytes, *, digest: str, show_problems):
    writes.allowed("upload")  # before a byte is read
    found, problems = register_uploads.uploaded_layout(name, data)
    if problems:
        show_problems(problems, outcome="nothing was loaded")
        return None, ""
    where = _where(found, digest)
    layout = found
    if where != (found.sheet, found.header_row):
        layout, problems = register_uploads.uploaded_layout(name, data, sheet=where[0], header_row=where[1])
        if problems:
            show_problems(problems, outcome="nothing was loaded")
            return None, ""
    headers = list(layout.headers)
    if not headers:
        ui.warning(f"Row {where[1]} holds no column names: choose the register's header row above.")
        return None, ""
    place = f"{digest}.{where[0]}.{where[1]}"
    first = st.session_state.setdefault(f"register.mapping.{place}", kept_mapping(headers) or suggest_mapping(headers))
    ui.note(
        f"The register's columns are on row {where[1]}"
        + (f" of the sheet {where[0]}" if where[0] else "")
        + ". The mapping below is suggested from them, or kept from last time: check it, give each team's capacity."
    )
    settings = _settings(first, digest, layout)
    choices = ["", *headers]
    columns = st.data_editor(
        columns_frame(first),
        hide_index=True,
        disabled=["Field"],
        key=f"register.columns.{place}",
        column_config={
            "Column": st.column_config.SelectboxColumn(options=choices),
            "Unit": st.column_config.SelectboxColumn(options=list(UNIT_CHOICES)),
        },
    )
    pools = st.data_editor(
        pools_frame(first),
        hide_index=True,
        num_rows="dynamic",
        key=f"register.pools.{place}",
        column_config={"Column": st.column_config.SelectboxColumn(options=choices, required=True)},
    )
    columns = _budget(columns, place)
    statuses = _statuses(layout, columns, first, place)
    try:
        document = mapping_document(columns, pools, kept=first, settings=settings, where=where, statuses=statuses)
        mapping = mapping_from_dict(document)
    except ValidationError as exc:
        show_problems(exc.problems, outcome="fix the mapping above")
        return None, ""
    st.download_button(
        "Download the mapping (.json)",
        data=mapping.to_json(),
        file_name="register-mapping.json",
        mime="application/json",
        on_click="ignore",
        key="register.download",
        icon=":material/download:",
    )
    notes: list[str] = []
    left_out: list[tuple[int | None, str]] = []
    new, problems = register_uploads.check_register(name, data, mapping, notes=notes, left_out=left_out)
    if problems:
        show_problems([_said_here(p) for p in problems], outcome="nothing was loaded")
        return None, ""
    _left_out(left_out)
    for line in notes[len(left_out) :]:  # what a missing cell means
        ui.note(line)
    keep(mapping)
    return new, new.source


def _left_out(left_out) -> None:
    if left_out:
        ui.strong(f"Left out: {plural(len(left_out), 'row or column', 'rows or columns')} that hold no project")
        for line in left_out_lines(left_out):
            ui.say(f"• {line}")


def _said_here(problem):
    """A problem as the register step says it: a date order is chosen above, not written in a mapping,
    and a mapping's key is a row of the tables above (a team's capacity: the teams table's row)."""
    message = problem.message.replace(DATE_ORDER_ADVICE, ADVICE_HERE)
    team = re.fullmatch(r"pools\[(\d+)\]\.(\w+)", problem.column or "") if problem.file == "mapping" else None
    if team:
        column = {"capacity_fte": "Capacity FTE", "cost_per_fte_week": "Cost per FTE-week", "column": "Column"}
        return dataclasses.replace(
            problem, file="the teams above", row=int(team[1]), column=column.get(team[2], team[2]), message=message
        )
    if problem.file == "mapping" and (problem.column or "").startswith("settings."):
        setting = {"settings.as_of": "As of", "settings.currency": "Currency"}.get(problem.column, problem.column)
        return dataclasses.replace(problem, file="the settings above", column=setting, message=message)
    return dataclasses.replace(problem, message=message)
