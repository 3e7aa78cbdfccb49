"""What-if: the scenario lab. Every control applies as it moves and recomputes against the baseline:
the priority list (a rank typed, a stop ticked) with its cut-off line, a capacity slider per team,
acceleration per project (vmo_app.controls); Undo takes back one move."""

import streamlit as st

from vmo_app import adopting, cache, controls, ordering, presentation, state
from vmo_app import widgets as ui
from vmo_app.files import BENEFIT_TYPES
from vmo_core.present import charts
from vmo_core.present.forecast_sentences import describe_change_range
from vmo_core.present.sentences import describe_changes, describe_comparison

GANTT_ROWS = 40  # more rows than a projector can show
RANGE_RUNS, RANGE_SEED = 200, 0  # the headline's range from past delivery (the Forecast page's method)

controls.apply_priority_edits()  # before anything is drawn, so every figure below is the new scenario's
pf = ui.guard()
ui.title("What-if")
ui.plan_note(pf)
changes = state.current_changes()
diff = ui.comparison()
if diff is None:
    st.stop()
presenting = state.presenting()

ui.delay_metrics(diff, delta=bool(changes))
if presenting:  # one sentence for the room; the bar under it holds the controls
    ui.say(
        presentation.one_sentence(diff, pf, changes)
        if changes
        else "No changes yet: make one with Stop, Add, Accelerate, Capacity or Best order, or open a saved Scenario."
    )
    presentation.bar()
else:
    ui.say(
        describe_comparison(diff, pf, changes)
        if changes
        else "No changes yet: move or stop projects in the priority list, slide a team's capacity, "
        "or accelerate or add a project below."
    )
# The headline as a range from past delivery, once per scenario for everyone: said here, worked
# out last, with progress, so that the controls are drawn first and the next move interrupts it.
range_slot = st.empty() if changes and pf.actuals and not presenting else None
adopting.offer(changes, key="whatif", name=state.scenario_name(), type="primary")

# ---------------------------------------------------------------- controls
# Each control acts in a callback (before the page runs), so one move is one run of the page.


def value_of(key: str):
    return st.session_state.get(key)


def add_proposal() -> None:
    change = {"op": "add", "project": value_of("whatif.add.proposal")}
    if not value_of("whatif.add.by_cd3"):
        change["position"] = int(value_of("whatif.add.position"))
    state.push_change(change)


def add_new() -> None:
    new_id = (value_of("whatif.new.id") or "").strip()
    if not new_id:
        state.refuse("Give the new project an id.")
        return
    spec = {
        "id": new_id,
        "name": (value_of("whatif.new.name") or "").strip(),
        "duration_weeks": int(value_of("whatif.new.weeks")),
        "value_per_week": float(value_of("whatif.new.value")),
        "benefit_type": value_of("whatif.new.benefit"),
        "demands": {value_of("whatif.new.pool"): float(value_of("whatif.new.fte"))},
    }
    state.push_change({"op": "add", "project": spec})


if not presenting:
    listed = [p.id for p in diff.scenario.projects]
    names = {**{p.id: p.label for p in pf.projects}, **{p.id: p.name for p in diff.scenario.projects}}
    pools = ordering.teams_first(pf)  # the constraint first, then the busiest teams

    def name_of(project_id: str) -> str:
        return names.get(project_id, project_id)

    ui.refusal()
    order_tab, capacity_tab, speed_tab, add_tab = ui.tabs(
        ["Priority list", "Capacity", "Accelerate", "Add"], key="whatif.tab", on_change="rerun"
    )
    with order_tab:
        controls.priority_list(diff, names)
    with capacity_tab:
        for column, pool in zip(st.columns(2) * len(pools), pools, strict=False):
            controls.capacity_slider(column, diff, pool, pools[pool])
    with speed_tab:
        controls.accelerate_controls(st, listed, name_of)
    with add_tab:
        waiting = cache.proposals(changes).ids
        kind = ui.choose(
            st, "Add", ["A proposal", "A new project"], horizontal=True, key="whatif.add.kind", label_visibility="collapsed"
        )
        if kind == "A proposal":
            proposal = ui.select(
                st,
                "Proposal",
                waiting,
                format_func=name_of,
                index=None,
                placeholder="Choose a proposal",
                key="whatif.add.proposal",
            )
            by_cd3 = st.toggle("At its natural place", value=True, key="whatif.add.by_cd3", help=ui.escaped(controls.BY_CD3_HELP))
            if not by_cd3:
                st.number_input("Place in the list (1 = first)", 1, len(listed) + 1, len(listed) + 1, key="whatif.add.position")
            st.button("Add it", disabled=proposal is None, key="whatif.add.apply", on_click=add_proposal)
        else:
            with st.form("whatif.new", border=False):
                a, b, c = st.columns(3)
                a.text_input("Id", max_chars=20, key="whatif.new.id")
                b.text_input("Name", max_chars=80, key="whatif.new.name")
                ui.select(c, "Benefit", list(BENEFIT_TYPES), key="whatif.new.benefit")
                a.number_input("Weeks of work", 1, 520, 12, key="whatif.new.weeks")
                b.number_input(
                    ui.escaped(f"Value per week ({pf.currency})"), 0, 10_000_000, 20_000, step=1_000, key="whatif.new.value"
                )
                ui.select(c, "Team it needs most", list(pools), format_func=pools.get, key="whatif.new.pool")
                c.number_input("FTE of that team", 0.0, 100.0, 2.0, step=0.5, key="whatif.new.fte")
                st.form_submit_button("Add the new project", on_click=add_new)

    undo, reset, listing = st.columns([1, 1, 4])
    controls.undo_button(undo, key="whatif.undo")
    reset.button("Reset", disabled=not changes, key="whatif.reset", width="stretch", on_click=state.reset)
    if changes:
        ui.text(f"{len(changes)} change{'s' if len(changes) != 1 else ''}: {describe_changes(changes, pf)}.", where=listing)

# ---------------------------------------------------------------- what it does
if changes:
    ui.chart(charts.delay_waterfall(diff, title="How the net change adds up"), key="whatif.waterfall")
    ui.chart(charts.value_curves(diff.baseline, diff.scenario, title="Value earned over time"), key="whatif.curve")
    moved = {d.id for d in diff.projects if d.finish_delta_weeks != 0} | set(diff.added)
    ui.chart(
        charts.gantt(
            diff.scenario,
            baseline=diff.baseline,
            added=diff.added,
            only=moved,
            limit=GANTT_ROWS,
            title=f"What moves: {len(moved)} project{'s' if len(moved) != 1 else ''}, before and after",
        ),
        key="whatif.gantt",
    )
    if not presenting:
        rows = [
            {
                "Project": d.name,
                "Was delivered": ui.day(d.base_finish_week),
                "Now delivered": ui.day(d.scenario_finish_week),
                "Weeks": d.finish_delta_weeks,
                "Value change": ui.cash_full(d.value_delta, signed=True),
            }
            for d in sorted(diff.projects, key=lambda d: d.value_delta)
            if d.value_delta or d.finish_delta_weeks
        ]
        ui.table(rows, hide_index=True, width="stretch")
else:
    ui.chart(charts.gantt(diff.baseline, title="The plan as it stands", limit=GANTT_ROWS), key="whatif.gantt")

if range_slot is not None:
    with range_slot.container():
        past = ui.computed(
            cache.forecast,
            changes,
            waiting="Working out the range from past delivery",
            said=lambda done: f"Working out the range from past delivery: {done:.0%}",
            runs=RANGE_RUNS,
            seed=RANGE_SEED,
        )
        ui.say(describe_change_range(past, pf.currency))
