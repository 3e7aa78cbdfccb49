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

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from vmo_app import cache, files, identity, writes
from vmo_app import widgets as ui
from vmo_core.errors import ValidationError
from vmo_core.io import register_uploads
from vmo_core.io.register_mapping import FIELDS, MONEY_UNITS, UNITS, Mapping, mapping_from_dict, read_mapping
from vmo_core.io.register_suggest import suggest_mapping
from vmo_core.present.format import plural

UPLOAD = "register.upload"
UNIT_CHOICES = ("", *MONEY_UNITS, *UNITS["duration_weeks"])
PER = {"per_week": "money a week", "per_month": "money a month", "per_year": "money a year"}
SETTINGS_HELP = "The date week 0 starts: today's date unless you change it (a new review, a new date)."


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


def mapping_document(columns: pd.DataFrame, pools: pd.DataFrame, *, kept: Mapping, settings: dict) -> dict:
    """The JSON document of the edited tables (checked by `mapping_from_dict`, as a file is);
    planned capacity changes and status words come from the mapping as it was."""
    changes = {p.column: p.changes for p in kept.pools}
    document = Mapping(settings=settings, statuses=kept.statuses, sheet=kept.sheet, header_row=kept.header_row).to_dict()
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


# ---------------------------------------------------------------- the section


def section(where, pf, *, flash: str, preview, show_problems) -> None:
    """The expander on the Data page (`where`: its upload tab); `preview` (what a replacement
    changes) and `show_problems` are the page's own, and `flash` the key of its message after a rerun.
    Not shown to a user who may not upload (the tab says why)."""
    if writes.may_not("upload"):
        return
    with where, ui.expander("A project register (one sheet) or an MS Project file"):
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
        step = _project_file if chosen.name.lower().endswith((".xml", ".mpp")) else _register
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


def _settings(mapping: Mapping, digest: str) -> dict:
    known = mapping.settings
    as_of, horizon, rate, currency = st.columns(4)
    return {
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
        "currency": currency.text_input("Currency", known.get("currency", "USD"), max_chars=3, key=f"register.cur.{digest}"),
    }


def _register(name: str, data: bytes, *, digest: str, show_problems):
    writes.allowed("upload")  # before a byte is read
    headers, problems = register_uploads.uploaded_headers(name, data)
    if problems:
        show_problems(problems, outcome="nothing was loaded")
        return None, ""
    first = st.session_state.setdefault(f"register.mapping.{digest}", kept_mapping(headers) or suggest_mapping(headers))
    ui.note("The mapping below is suggested from the headers, or kept from last time: check it, give each team's capacity.")
    settings = _settings(first, digest)
    choices = ["", *headers]
    columns = st.data_editor(
        columns_frame(first),
        hide_index=True,
        disabled=["Field"],
        key=f"register.columns.{digest}",
        column_config={
            "Column": st.column_config.SelectboxColumn(options=choices),
            "Unit": st.column_config.SelectboxColumn(options=list(UNIT_CHOICES)),
        },
    )
    pools = st.data_editor(
        pools_frame(first),
        hide_index=True,
        num_rows="dynamic",
        key=f"register.pools.{digest}",
        column_config={"Column": st.column_config.SelectboxColumn(options=choices, required=True)},
    )
    try:
        mapping = mapping_from_dict(mapping_document(columns, pools, kept=first, settings=settings))
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
    new, problems = register_uploads.check_register(name, data, mapping, notes=notes)
    if problems:
        show_problems(problems, outcome="nothing was loaded")
        return None, ""
    for line in notes:  # rows left out, and what a missing cell means
        ui.note(line)
    keep(mapping)
    return new, new.source


SHAPES = {"summaries": "summary tasks", "flat": "one", "files": "one a file", "none": "none"}


def _project_file(name: str, data: bytes, *, digest: str, show_problems):
    writes.allowed("upload")  # before a byte is read
    fields, status_date = register_uploads.project_file_fields(name, data)
    value, unit, as_of = st.columns(3)
    field = ui.select(value, "Custom field holding the value", ["", *fields], key=f"register.value.{digest}")
    per = ui.select(unit, "Its unit", MONEY_UNITS, index=2, key=f"register.value_unit.{digest}", format_func=PER.get)
    day = as_of.date_input(
        "As of",
        value=status_date or dt.date.today(),
        key=f"register.xml_as_of.{digest}",
        help=ui.escaped("The file's status date, or today's date when it has none."),
    )
    mapping = Mapping(columns={"value_per_week": field}, units={"value_per_week": per}) if field else None
    new, report, problems = register_uploads.check_project_file(name, data, mapping=mapping, as_of=day)
    if problems:
        show_problems(problems, outcome="nothing was loaded")
        return None, ""
    read = report.to_dict()["read"]
    what = (
        "the plan as one project" if report.shape == "flat" else f"{plural(read['projects'], 'project')} ({SHAPES[report.shape]})"
    )
    ui.info(
        f"Read {what}, {plural(read['pools'], 'team')} (work resources), "
        f"{plural(read['assignments'], 'assignment')} and {plural(read['links'], 'link')} between projects."
    )
    for warning in report.warnings:
        ui.warning(warning)
    if report.left_out:
        ui.note("Left out:")
        ui.table(pd.DataFrame(report.to_dict()["left_out"]).rename(columns=str.capitalize), hide_index=True, width="stretch")
    return new, new.source
