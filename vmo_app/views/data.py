"""Data: bring a portfolio in (a folder's CSV files or an .xlsx), edit it in place, take it out again.

Nothing is loaded until it is clean: every problem is listed with its file, row and column,
and a replacement lands whole (one database transaction) or not at all.
"""

import streamlit as st

from vmo_app import cache, files, register, state, writes
from vmo_app import widgets as ui
from vmo_core.present.format import day

FLASH = "data.flash"  # a message that survives the rerun after a save
EDITS = (  # tab, table, what it holds, editor and save keys, what to know first
    (
        1,
        "projects",
        "projects",
        "data.editor",
        "data.save",
        "Edit cells, add rows at the bottom, or select rows and delete them. Saving checks the whole "
        "portfolio as an import does; with any problem, nothing is saved.",
    ),
    (
        2,
        "pools",
        "teams",
        "data.pools_editor",
        "data.pools_save",
        "Capacity in FTE and the cost of one FTE for a week. A team still named in demands.csv "
        "cannot be deleted: saving says where it is used.",
    ),
)


def show_problems(problems, *, outcome: str) -> None:
    """Every problem as a line of its own (file, row, column, what is wrong) under a one-line summary:
    whole, never cut off in a table cell."""
    found = {p.file for p in problems}
    ui.error(
        f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found in "
        f"{len(found)} file{'s' if len(found) != 1 else ''}; {outcome}."
    )
    show_lines(files.problem_lines(problems))


def show_lines(lines: list[str]) -> None:
    for line in lines:
        ui.say(f"• {line}")


def preview(pf, new) -> None:
    """What the replacement changes and which saved scenarios it breaks, before anything is replaced."""
    ui.success("The upload is clean. It would bring in:")
    summary(new, against=pf)
    if pf is None:
        return
    changes = files.change_lines(pf, new)
    ui.strong("What changes against the current portfolio" if changes else "No project or team changes its figures.")
    show_lines(changes)
    broken = files.broken_scenarios(new)
    if broken:
        count = f"{len(broken)} saved scenario{'s' if len(broken) != 1 else ''}"
        ui.warning(f"{count} would no longer fit this portfolio, and would drop out of Compare:")
        show_lines(broken)


def summary(shown, *, against=None) -> None:
    """Projects, pools, as-of date and currency of a portfolio; with `against`, how they differ from it."""
    projects, pools, as_of, currency = st.columns(4)
    ui.metric(
        projects,
        "Projects",
        len(shown.projects),
        delta=(len(shown.projects) - len(against.projects) or None) if against else None,
        delta_color="off",
        help=files.status_counts(shown),
    )
    ui.metric(
        pools,
        "Teams (pools)",
        len(shown.pools),
        delta=(len(shown.pools) - len(against.pools) or None) if against else None,
        delta_color="off",
        help=f"{sum(p.capacity_fte for p in shown.pools):g} FTE in all",
    )
    ui.metric(as_of, "As of", day(shown.as_of), help=f"Value counted over {shown.settings.horizon_weeks} weeks from this date.")
    ui.metric(currency, "Currency", shown.currency)


def replace(new, *, source: str, message: str, reset_scenario: bool) -> None:
    problem = files.replace_portfolio(new, source=source)
    if problem:
        ui.error(f"Nothing was changed: {problem}")
        return
    if reset_scenario:
        state.reset()
    st.session_state[FLASH] = message
    st.rerun()


def edit_table(pf, name: str, *, what: str, editor_key: str, save_key: str) -> None:
    """One table of the portfolio in a data editor; saving checks the whole portfolio first."""
    frame = files.editable_frame(pf, name)
    edited = st.data_editor(
        frame,
        num_rows="dynamic",
        hide_index=False,
        column_config=files.column_config(name, frame),
        key=editor_key,
        width="stretch",
        height=min(38 + 35 * (len(frame) + 1), 640),
    )
    if st.button("Save changes", key=save_key, type="primary"):
        new, problems = files.validate_edit(pf, name, edited)
        if problems:
            show_problems(problems, outcome="nothing was saved; the rows are numbered as in the table above")
        elif new == pf:
            ui.info(f"The {what} are as they were: there is nothing to save.")
        else:
            replace(
                new,
                source=files.edited_source(),
                message=f"Saved: the {what} are changed and every page now uses them.",
                reset_scenario=False,
            )


# ---------------------------------------------------------------- the page
# The Data page is where a portfolio that cannot be opened gets replaced, so it does not stop
# where `ui.guard()` would: it says what is wrong and still offers the upload.
ui.title("Data")
pf, problem = cache.try_portfolio()
if pf is None:
    ui.error(f"The portfolio in the database cannot be opened: {problem}")
    ui.info("Upload a clean portfolio below to replace it.")
else:
    ui.frame(pf)  # the shared link and the sidebar, as on every page
if FLASH in st.session_state:
    ui.success(st.session_state.pop(FLASH))

if pf is not None:
    summary(pf)
    ui.note(files.loaded_note())

if state.presenting():
    st.stop()

# Keyed and tracked, so a save (which reruns the page with a message above) stays on its tab;
# every tab is still drawn, so unsaved edits survive a look at another tab.
tabs = ui.tabs(["Upload", "Edit projects", "Edit pools", "Download"], key="data.tab", on_change="rerun")

with tabs[0]:
    refused = writes.may_not("upload")  # no uploader for a user who may not upload: nothing they send is read
    if refused:
        ui.info(refused)
    else:
        chosen_files = st.file_uploader(
            "A portfolio: the CSV files of its folder, or one .xlsx workbook",
            type=["csv", "xlsx"],
            accept_multiple_files=True,
            key="data.upload",
            help=ui.escaped(files.upload_help()),
        )
    template = files.TEMPLATE
    st.download_button(
        ui.escaped(template.label),
        data=template.write,
        file_name="portfolio-template.xlsx",
        mime=template.mime,
        on_click="ignore",
        key=template.key,
        icon=template.icon,
        help=ui.escaped("An empty portfolio workbook: instructions, an example row a sheet, and drop-downs."),
    )
    if refused:
        pass  # said above, in the uploader's place
    elif not chosen_files:
        ui.note(
            "Nothing is loaded until every file is clean. The current portfolio stays as it is "
            "until you replace it, and the replacement lands whole or not at all."
        )
    else:
        uploaded, set_aside = files.latest_upload(chosen_files)
        if set_aside:
            ui.note(f"Not read: the earlier {', '.join(set_aside)}, replaced by the files dropped after them.")
        ignored = files.unrecognised(uploaded)
        if ignored:
            ui.warning(
                f"Not named like a portfolio file, so ignored: {', '.join(ignored)}. "
                f"Portfolio files are named {files.file_names()}."
            )
        new, problems = files.checked(uploaded)
        if problems:
            show_problems(problems, outcome="nothing was loaded")
        elif pf is not None and new == pf:
            ui.success("This upload is the portfolio now loaded: there is nothing to replace.")
        else:
            preview(pf, new)
            ui.note("Replacing the portfolio also clears this session's what-if scenario; saved scenarios are kept.")
            if st.button("Replace the portfolio", key="data.replace", type="primary"):
                replace(
                    new,
                    source=new.source,
                    message="The portfolio is replaced: every page now uses the upload.",
                    reset_scenario=True,
                )

if pf is None:
    st.stop()

for tab, name, what, editor_key, save_key, caption in EDITS:
    with tabs[tab]:
        ui.note(caption)
        edit_table(pf, name, what=what, editor_key=editor_key, save_key=save_key)

with tabs[3]:
    ui.note("The portfolio as it is now, in files that import back unchanged (here, or with python -m vmo_core import).")
    stem = f"portfolio-{pf.as_of.isoformat()}"
    for column, download in zip(st.columns(2), files.DOWNLOADS):
        column.download_button(
            ui.escaped(download.label),
            data=lambda write=download.write: write(pf),
            file_name=f"{stem}{download.suffix}",
            mime=download.mime,
            on_click="ignore",
            key=download.key,
            icon=download.icon,
            width="stretch",
        )

register.section(tabs[0], pf, flash=FLASH, preview=preview, show_problems=show_problems)  # a register or MS Project
