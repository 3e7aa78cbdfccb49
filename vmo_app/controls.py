"""The What-if's controls, each applied as it moves: the priority list and its cut-off line, a stop
tick per project, a capacity slider per team, and acceleration (to the front, crash) per project.

Every control is one change in the session's scenario (`state.set_change` or `state.push_change`),
so Undo takes back one move. A control reads its position from the scenario on every run, so
after Undo it stands where the scenario does. Presentation mode's bar draws the same controls.

The priority list is a native `st.data_editor` with an editable rank, not a drag-and-drop
component (`streamlit-sortables` 0.3.1 was weighed): that component's last release is from
January 2025, marked alpha, for Streamlit releases long before 1.67; it draws every item in an
iframe, which a 1,000-project list outgrows; and Streamlit's AppTest cannot drive it, so no
app test could hold a reorder to its figures. The native table scrolls any length, reads names
as text, takes a rank typed from the keyboard, and AppTest seeds its edits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from vmo_app import cache, state
from vmo_app import widgets as ui
from vmo_core.present.format import ordinal

PRIORITY = "whatif.priority"  # the list's editors, above and below the line: PRIORITY.{version}.{part}
SHOWN_IDS = "whatif.priority.ids"  # which project each row of each editor showed, by part
VERSION = "whatif.priority.version"  # a new version after each edit: the editors start clean
STOP_PICK, ADD_PICK, ADD_PLACE = "whatif.stop.project", "present.add.proposal", "present.add.place"
BY_CD3_HELP = (
    "Where CD3 puts it: cost of delay divided by duration, its value a week over its weeks of work, "
    "highest first (the order that loses least to waiting)."
)
RECOMMENDED = 0  # the place control's first option: where Intake recommends
SPEED_PICK, FRONT, CRASH = "whatif.speed.project", "whatif.speed.front", "whatif.speed.crash"
MOST_CRASH = 3.0
ROWS_SHOWN = 12  # the list scrolls beyond this many rows


def _picked(key: str):
    return st.session_state.get(key)


# ---------------------------------------------------------------- stop


def set_stopped(project: str, stopped: bool) -> None:
    stop = {"op": "stop", "project": project}
    state.set_change(stop if stopped else None, replacing=lambda c: c.get("op") == "stop" and c.get("project") == project)


def stop_picker(where, projects: list[str], label_of: Callable[[str], str]) -> None:
    """A project chosen here is stopped at once."""
    _acted_on(where, "Stop this project today", projects, label_of, key=STOP_PICK, then=_stop)


def _stop(project: str) -> None:
    set_stopped(project, True)


# ---------------------------------------------------------------- add


def add_picker(where, proposals: list[str], label_of: Callable[[str], str], *, last_place: int) -> None:
    """A proposal chosen here joins the plan at once: at the place chosen above it, by default where
    Intake recommends (its best place, the same answer the Intake page gives), so that the headline
    it leads to is Intake's figure."""
    ui.select(
        where,
        "At the place",
        [RECOMMENDED, *range(1, last_place + 1)],
        format_func=lambda n: "Where Intake recommends" if n == RECOMMENDED else f"{ordinal(n)} in the list",
        key=ADD_PLACE,
        help="1st is the top of the priority list; projects in flight are scheduled first wherever they sit.",
    )
    _acted_on(where, "Add a proposal", proposals, label_of, key=ADD_PICK, then=_add)


def recommended_place(proposal: str) -> int:
    """Intake's best place for `proposal` in the session's scenario (`vmo_app.cache.intake`)."""
    return cache.intake(state.current_changes(), proposal=proposal, position=None).best.position


def _add(proposal: str) -> None:
    place = _picked(ADD_PLACE) or RECOMMENDED
    position = recommended_place(proposal) if place == RECOMMENDED else int(place)
    state.push_change({"op": "add", "project": proposal, "position": position})


def _acted_on(where, label: str, options: list[str], label_of, *, key: str, then: Callable[[str], Any]) -> None:
    """A choice acted on as it is made (`then(choice)`), then cleared for the next one."""
    ui.select(
        where,
        label,
        options,
        format_func=label_of,
        index=None,
        placeholder="Choose one" if options else "There is none to choose",
        key=key,
        on_change=_chosen,
        args=(key, then),
    )


def _chosen(key: str, then: Callable[[str], Any]) -> None:
    choice = _picked(key)
    st.session_state[key] = None
    if choice is not None:
        then(choice)


# ---------------------------------------------------------------- capacity


def capacity_key(pool: str) -> str:
    return f"whatif.capacity.{pool}"


def capacity_slider(where, diff, pool: str, name: str) -> None:
    """The team's FTE from today: the scenario's figure, moved to change it, back to the plan's to undo it."""
    planned = float(diff.baseline.plan.capacity[pool].at(0))
    now = float(diff.scenario.plan.capacity[pool].at(0))
    halves = (planned * 2).is_integer() and (now * 2).is_integer()
    key = capacity_key(pool)
    st.session_state[key] = now
    where.slider(
        ui.escaped(f"{name}: FTE from today (plan {planned:g})"),
        0.0,
        max(planned * 2, planned + 4, now),
        step=0.5 if halves else 0.1,
        format="%.1f",
        key=key,
        on_change=_capacity_moved,
        args=(pool, planned),
    )


def _capacity_moved(pool: str, planned: float) -> None:
    fte = float(_picked(capacity_key(pool)))
    fte = int(fte) if fte.is_integer() else fte  # a scenario says 7 FTE, not 7.0
    change = None if fte == planned else {"op": "capacity", "pool": pool, "capacity_fte": fte}
    state.set_change(change, replacing=lambda c: c.get("op") == "capacity" and c.get("pool") == pool and not c.get("from"))


# ---------------------------------------------------------------- accelerate


def _acceleration(project: str | None) -> dict | None:
    return next((c for c in state.current_changes() if c.get("op") == "accelerate" and c.get("project") == project), None)


def accelerate_controls(where, projects: list[str], label_of: Callable[[str], str]) -> None:
    """A project, then its place at the front and its crash factor, each applied as it moves."""
    project = ui.select(
        where,
        "Accelerate this project",
        projects,
        format_func=label_of,
        index=None,
        placeholder="Choose a project",
        key=SPEED_PICK,
    )
    made = _acceleration(project) or {}
    st.session_state[FRONT] = bool(made.get("to_front", False))
    st.session_state[CRASH] = min(MOST_CRASH, float(made.get("crash", 1.0)))
    where.toggle("At the front of the queue", key=FRONT, disabled=project is None, on_change=_accelerated)
    where.slider(
        "More people on it: x",
        1.0,
        MOST_CRASH,
        step=0.25,
        key=CRASH,
        disabled=project is None,
        on_change=_accelerated,
        help="1.5 = half as many people again on every team it uses; the weeks shrink to match.",
    )


def _accelerated() -> None:
    project = _picked(SPEED_PICK)
    if project is None:
        return
    front, crash = bool(_picked(FRONT)), float(_picked(CRASH))
    change = {"op": "accelerate", "project": project, "to_front": front, "crash": crash}
    state.set_change(
        None if not front and crash == 1.0 else change,
        replacing=lambda c: c.get("op") == "accelerate" and c.get("project") == project,
    )


# ---------------------------------------------------------------- undo


def undo_button(where, *, key: str, width: str = "stretch") -> None:
    where.button("Undo", disabled=not state.can_undo(), key=key, width=width, on_click=state.undo)


# ---------------------------------------------------------------- the priority list and its cut-off line


def lands(outcome, horizon_weeks: int) -> bool:
    return outcome.finish_week is not None and outcome.finish_week <= horizon_weeks


def cut_off(diff) -> int:
    """Where the line sits: below the last project that lands within the horizon, so nothing below
    it lands (one above it that cannot land says so in its row)."""
    horizon = diff.scenario.settings.horizon_weeks
    landing = [i for i, o in enumerate(diff.scenario.projects) if lands(o, horizon)]
    return landing[-1] + 1 if landing else 0


def _delivered(outcome, horizon_weeks: int) -> str:
    if outcome.finish_week is None:
        return "Cannot be scheduled"
    when = ui.day(outcome.finish_week)
    return when if outcome.finish_week <= horizon_weeks else f"{when}, after the planning period"


def _rows(diff, names: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """(rows, stopped rows) of the scenario's priority list, in its order."""
    horizon = diff.scenario.settings.horizon_weeks
    rows = [
        {"Rank": rank, "Project": o.name or o.id, "Delivered": _delivered(o, horizon), "Stop": False, "id": o.id}
        for rank, o in enumerate(diff.scenario.projects, start=1)
    ]
    stopped = [{"Project": names.get(i, i), "Stop": True, "id": i} for i in diff.stopped]  # no place, so no rank
    return rows, stopped


def priority_list(diff, names: dict[str, str]) -> None:
    """The list in the scenario's order, cut where work stops landing within the horizon."""
    rows, stopped = _rows(diff, names)
    line, end = cut_off(diff), ui.day(diff.scenario.settings.horizon_weeks)
    parts = {"above": rows[:line], "below": rows[line:], "stopped": stopped}
    st.session_state[SHOWN_IDS] = {part: [row["id"] for row in shown] for part, shown in parts.items()}
    ui.note("Type a new rank to move a project; tick Stop to stop it. Each change is worked out at once.")
    if parts["above"]:
        _editor(parts["above"], part="above")
    if parts["below"]:
        ui.strong(f"The cut-off: below this line, work does not land by {end}, the last date value is counted to.")
        _editor(parts["below"], part="below")
    else:
        ui.note(f"Everything on the list lands by {end}, the last date value is counted to.")
    if stopped:
        ui.strong("Stopped: untick Stop to bring a project back to where it was.")
        _editor(stopped, part="stopped")


COLUMNS = {
    "Rank": st.column_config.NumberColumn("Rank", min_value=1, step=1, format="%d", width="small"),
    "Project": st.column_config.TextColumn("Project", width="large"),
    "Delivered": st.column_config.TextColumn("Delivered", width="medium"),
    "Stop": st.column_config.CheckboxColumn("Stop", width="small"),
}


def _editor(rows: list[dict], *, part: str) -> None:
    ui.editor(
        [{k: v for k, v in row.items() if k != "id"} for row in rows],
        key=f"{PRIORITY}.{st.session_state.get(VERSION, 0)}.{part}",
        height=min(len(rows), ROWS_SHOWN) * 35 + 38,
        column_config={name: shown for name, shown in COLUMNS.items() if name in rows[0]},
        disabled=[name for name in ("Project", "Delivered") if name in rows[0]],
    )


def apply_priority_edits() -> None:
    """The edits made to the list since the page last ran, as changes, before anything is drawn."""
    version = st.session_state.get(VERSION, 0)
    shown = st.session_state.get(SHOWN_IDS, {})
    edits, crafted = [], False
    for part, ids in shown.items():
        held = st.session_state.get(f"{PRIORITY}.{version}.{part}")
        read = priority_edits(held, ids)
        edits += read
        crafted = crafted or (held is not None and not _only(held, read))
    if not edits and not crafted:
        return
    st.session_state[VERSION] = version + 1  # new editors: what they held (a crafted row too) is gone
    for project, stop, rank in edits:
        if stop is not None:
            set_stopped(project, stop)
        elif rank is not None:
            move(project, rank)


def _only(held: Any, read: list) -> bool:
    """Whether an editor's state holds the edits read from it and nothing else (Streamlit's own
    editor fails on a row key that is not a number, on every rerun until its state is gone)."""
    if not isinstance(held, dict) or held.get("added_rows") or held.get("deleted_rows"):
        return False
    edited = held.get("edited_rows") or {}
    return isinstance(edited, dict) and len(edited) == len(read)


def priority_edits(state: Any, ids: list[str]) -> list[tuple[str, bool | None, int | None]]:
    """The editor's edits as (project, stop, rank), from what its widget state holds: a browser can
    send any JSON there, so a row that is not a shown row's number, or a cell that is not a tick or
    a whole rank, is no edit (issue 25, finding 16: a crafted key left the session in an error)."""
    edited = state.get("edited_rows") if isinstance(state, dict) else None
    out = []
    for row, cells in (edited if isinstance(edited, dict) else {}).items():
        number = str(row) if isinstance(row, (str, int)) and not isinstance(row, bool) else ""
        if not (0 < len(number) < 10 and number.isdecimal() and int(number) < len(ids) and isinstance(cells, dict)):
            continue
        stop, rank = cells.get("Stop"), cells.get("Rank")
        if isinstance(stop, bool):
            out.append((ids[int(number)], stop, None))
        elif isinstance(rank, (int, float)) and not isinstance(rank, bool) and abs(rank) < 1e9:  # NaN is not
            out.append((ids[int(number)], None, int(rank)))
    return out


def move(project: str, rank: int) -> None:
    """`project` to `rank` (1 = first) in the scenario's list: one `move` change, which touches only
    the project and those it passes (a whole new order is a new plan; a move is not)."""
    diff = cache.comparison(state.current_changes())
    order = [o.id for o in diff.scenario.projects]
    if project not in order:
        state.refuse("A stopped project has no place in the list: untick Stop to bring it back first.")
        return
    rank = min(max(rank, 1), len(order))
    if order.index(project) == rank - 1:
        return
    state.push_change({"op": "move", "project": project, "position": rank})
