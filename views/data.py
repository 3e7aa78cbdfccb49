"""Data: bring a portfolio in (a folder's CSV files or an .xlsx), edit it in place, take it out again.

Nothing is loaded until it is clean: every problem is listed with its file, row and column,
and a replacement lands whole (one database transaction) or not at all.
"""

import datetime as dt

import pandas as pd
import streamlit as st

import vmo_ui as ui
from vmo_core.errors import VmoError
from vmo_core.io import export, uploads
from vmo_core.io.schema import DATE, INT, NUM, OPTIONAL_FILES, REQUIRED_FILES, SCHEMA
from vmo_core.model.portfolio import BENEFIT_TYPES, STATUSES
from vmo_core.present.format import day

FLASH = "data.flash"  # a message that survives the rerun after a save


def show_problems(problems, *, outcome: str) -> None:
    """Every problem as a table (file, row, column, problem) under a one-line summary."""
    files = {p.file for p in problems}
    st.error(
        f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found in "
        f"{len(files)} file{'s' if len(files) != 1 else ''}; {outcome}."
    )
    st.dataframe(
        pd.DataFrame(
            {
                "File": [p.file for p in problems],
                "Row": pd.array([p.row for p in problems], dtype="Int64"),
                "Column": [p.column or "" for p in problems],
                "Problem": [p.message for p in problems],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={"Problem": st.column_config.TextColumn(width="large")},
    )


def summary(shown, *, against=None) -> None:
    """Projects, pools, as-of date and currency of a portfolio; with `against`, how they differ from it."""
    projects, pools, as_of, currency = st.columns(4)
    statuses = ", ".join(f"{sum(p.status == s for p in shown.projects)} {s}" for s in STATUSES)
    projects.metric(
        "Projects",
        len(shown.projects),
        delta=(len(shown.projects) - len(against.projects) or None) if against else None,
        delta_color="off",
        help=statuses,
    )
    pools.metric(
        "Teams (pools)",
        len(shown.pools),
        delta=(len(shown.pools) - len(against.pools) or None) if against else None,
        delta_color="off",
        help=f"{sum(p.capacity_fte for p in shown.pools):g} FTE in all",
    )
    as_of.metric("As of", day(shown.as_of), help=f"Value counted over {shown.settings.horizon_weeks} weeks from this date.")
    currency.metric("Currency", shown.currency)


def column_config(name: str, frame: pd.DataFrame) -> dict:
    """Editor columns from the schema: dates as dates, numbers as numbers, choices as selectboxes."""
    schema = {c.name: c for c in SCHEMA[name]}
    config = {"_index": st.column_config.NumberColumn("Row", disabled=True, help="The row as a spreadsheet shows it")}
    for column in frame.columns:
        known = schema.get(column)
        if column in ("id", "name"):
            config[column] = st.column_config.TextColumn(column, required=column == "id", width="medium")
        elif known is None:
            config[column] = st.column_config.TextColumn(column, help="A column of your own: kept, not used")
        elif column == "status":
            config[column] = st.column_config.SelectboxColumn(column, options=STATUSES, required=True)
        elif column == "benefit_type":
            config[column] = st.column_config.SelectboxColumn(column, options=BENEFIT_TYPES)
        elif known.sql == DATE:
            config[column] = st.column_config.DateColumn(column, format="YYYY-MM-DD")
        elif known.sql == INT:
            config[column] = st.column_config.NumberColumn(column, min_value=1, step=1, format="%d", required=known.required)
        elif known.sql == NUM:
            config[column] = st.column_config.NumberColumn(column, required=known.required)
        else:
            config[column] = st.column_config.TextColumn(column, required=known.required)
    return config


@st.cache_data(show_spinner="Checking the files...", max_entries=2)
def checked(files: dict[str, bytes]):
    """The upload's check, kept while the same files sit in the uploader (every click reruns the page)."""
    return uploads.validate_uploads(files)


def replace(new, *, source: str, message: str, reset_scenario: bool) -> None:
    try:
        ui.store().replace_portfolio(new, source=source)
    except VmoError as exc:
        st.error(f"Nothing was changed: {ui.escaped(str(exc))}")
        return
    if reset_scenario:
        ui.reset()
    st.session_state[FLASH] = message
    st.rerun()


def edit_table(pf, name: str, *, what: str, editor_key: str, save_key: str) -> None:
    """One table of the portfolio in a data editor; saving checks the whole portfolio first."""
    frame = uploads.editable_frame(pf, name)
    edited = st.data_editor(
        frame,
        num_rows="dynamic",
        hide_index=False,
        column_config=column_config(name, frame),
        key=editor_key,
        width="stretch",
        height=min(38 + 35 * (len(frame) + 1), 640),
    )
    if st.button("Save changes", key=save_key, type="primary"):
        new, problems = uploads.validate_edit(pf, name, edited)
        if problems:
            show_problems(problems, outcome="nothing was saved; the rows are numbered as in the table above")
        elif new == pf:
            st.info(f"The {what} are as they were: there is nothing to save.")
        else:
            edited_here = " (edited in the app)"
            source = ui.store().meta().get("source", "").removesuffix(edited_here)
            replace(
                new,
                source=source + edited_here,
                message=f"Saved: the {what} are changed and every page now uses them.",
                reset_scenario=False,
            )


# ---------------------------------------------------------------- the page
# The Data page is where a portfolio that cannot be opened gets replaced, so it does not stop
# where `ui.guard()` would: it says what is wrong and still offers the upload.
st.title("Data")
try:
    pf = ui.portfolio()
except VmoError as exc:
    pf = None
    st.error(f"The portfolio in the database cannot be opened: {ui.escaped(str(exc))}")
    st.info("Upload a clean portfolio below to replace it.")
if FLASH in st.session_state:
    st.success(st.session_state.pop(FLASH))

if pf is not None:
    summary(pf)
    meta = ui.store().meta()
    loaded = meta.get("imported_at", "")
    try:
        loaded = f"{day(dt.datetime.fromisoformat(loaded))} at {dt.datetime.fromisoformat(loaded):%H:%M}"
    except ValueError:
        pass
    ui.note(f"Loaded from {meta.get('source') or 'an unknown source'}, on {loaded or 'an unknown date'}.")

if ui.presenting():
    st.stop()

# Keyed and tracked, so a save (which reruns the page with a message above) stays on its tab;
# every tab is still drawn, so unsaved edits survive a look at another tab.
upload_tab, projects_tab, pools_tab, download_tab = st.tabs(
    ["Upload", "Edit projects", "Edit pools", "Download"], key="data.tab", on_change="rerun"
)

with upload_tab:
    chosen_files = st.file_uploader(
        "A portfolio: the CSV files of its folder, or one .xlsx workbook",
        type=["csv", "xlsx"],
        accept_multiple_files=True,
        key="data.upload",
        help="CSV files named "
        + ", ".join(f"{n}.csv" for n in REQUIRED_FILES)
        + " and, if you have them, "
        + ", ".join(f"{n}.csv" for n in OPTIONAL_FILES)
        + ". A workbook has one sheet per file, named like the file without .csv.",
    )
    if not chosen_files:
        st.caption(
            "Nothing is loaded until every file is clean. The current portfolio stays as it is "
            "until you replace it, and the replacement lands whole or not at all."
        )
    else:
        files = {f.name: f.getvalue() for f in chosen_files}
        if len(files) < len(chosen_files):
            st.warning("Two files have the same name: only the last of them is used.")
        ignored = uploads.unrecognised_uploads(files)
        if ignored:
            st.warning(
                f"Not named like a portfolio file, so ignored: {ui.escaped(', '.join(ignored))}. "
                f"Portfolio files are named {ui.escaped(', '.join(f'{n}.csv' for n in SCHEMA))}."
            )
        new, problems = checked(files)
        if problems:
            show_problems(problems, outcome="nothing was loaded")
        elif pf is not None and new == pf:
            st.success("This upload is the portfolio now loaded: there is nothing to replace.")
        else:
            st.success("The upload is clean. It would bring in:")
            summary(new, against=pf)
            st.caption("Replacing the portfolio also clears this session's what-if scenario; saved scenarios are kept.")
            if st.button("Replace the portfolio", key="data.replace", type="primary"):
                replace(
                    new,
                    source=new.source,
                    message="The portfolio is replaced: every page now uses the upload.",
                    reset_scenario=True,
                )

if pf is None:
    st.stop()

with projects_tab:
    st.caption(
        "Edit cells, add rows at the bottom, or select rows and delete them. Saving checks the whole "
        "portfolio as an import does; with any problem, nothing is saved."
    )
    edit_table(pf, "projects", what="projects", editor_key="data.editor", save_key="data.save")

with pools_tab:
    st.caption(
        "Capacity in FTE and the cost of one FTE for a week. A team still named in demands.csv "
        "cannot be deleted: saving says where it is used."
    )
    edit_table(pf, "pools", what="teams", editor_key="data.pools_editor", save_key="data.pools_save")

with download_tab:
    st.caption("The portfolio as it is now, in files that import back unchanged (here, or with python -m vmo_core import).")
    stem = f"portfolio-{pf.as_of.isoformat()}"
    workbook, folder = st.columns(2)
    workbook.download_button(
        "Download as .xlsx",
        data=lambda: export.xlsx_bytes(pf),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key="data.download_xlsx",
        icon=":material/download:",
        width="stretch",
    )
    folder.download_button(
        "Download the CSV files (.zip)",
        data=lambda: export.csv_zip_bytes(pf),
        file_name=f"{stem}.zip",
        mime="application/zip",
        on_click="ignore",
        key="data.download_zip",
        icon=":material/folder_zip:",
        width="stretch",
    )
