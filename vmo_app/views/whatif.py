"""What-if: the scenario lab. Every change recomputes at once against the baseline."""

import streamlit as st

from vmo_app import adopting, cache, state
from vmo_app import widgets as ui
from vmo_app.files import BENEFIT_TYPES
from vmo_core.present import charts
from vmo_core.present.forecast_sentences import describe_change_range
from vmo_core.present.sentences import describe_changes, describe_comparison

GANTT_ROWS = 40  # more rows than a projector can show
RANGE_RUNS, RANGE_SEED = 200, 0  # the headline's range from past delivery (the Forecast page's method)

pf = ui.guard()
ui.title("What-if")
changes = state.current_changes()
diff = ui.comparison()
if diff is None:
    st.stop()

ui.delay_metrics(diff, delta=bool(changes))
ui.say(
    describe_comparison(diff, pf, changes)
    if changes
    else "No changes yet: stop, add or accelerate a project, move capacity or reorder the work below."
)
if changes and pf.actuals:  # the headline as a range from past delivery, once per scenario for everyone
    ui.say(describe_change_range(cache.forecast(changes, runs=RANGE_RUNS, seed=RANGE_SEED), pf.currency))
adopting.offer(changes, key="whatif", name=state.scenario_name(), type="primary")

# ---------------------------------------------------------------- controls
# Buttons act in callbacks (before the page runs), so one click is one run of the page.


def value_of(key: str):
    return st.session_state.get(key)


def stop() -> None:
    state.push_change({"op": "stop", "project": value_of("whatif.stop.project")})


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


def accelerate() -> None:
    state.push_change(
        {
            "op": "accelerate",
            "project": value_of("whatif.speed.project"),
            "to_front": bool(value_of("whatif.speed.front")),
            "crash": float(value_of("whatif.speed.crash")),
        }
    )


def set_capacity() -> None:
    change = {"op": "capacity", "pool": value_of("whatif.capacity.pool"), "capacity_fte": float(value_of("whatif.capacity.fte"))}
    start = value_of("whatif.capacity.from")
    if start and start > pf.as_of:
        change["from"] = start.isoformat()
    state.push_change(change)


def reorder() -> None:
    state.push_change({"op": "sequence", "order": list(value_of("whatif.order.first"))})


if not state.presenting():
    listed = [p.id for p in diff.scenario.projects]
    names = {**{p.id: p.label for p in pf.projects}, **{p.id: p.name for p in diff.scenario.projects}}

    def label(project_id: str) -> str:
        return f"{project_id}  {names.get(project_id, '')}"

    ui.refusal()
    stop_tab, add_tab, speed_tab, capacity_tab, order_tab = ui.tabs(["Stop", "Add", "Accelerate", "Capacity", "Reorder"])
    with stop_tab:
        target = ui.select(
            st,
            "Stop this project today",
            listed,
            format_func=label,
            index=None,
            placeholder="Choose a project",
            key="whatif.stop.project",
        )
        st.button("Stop it", disabled=target is None, key="whatif.stop.apply", on_click=stop)
    with add_tab:
        waiting = cache.proposals(changes).ids
        kind = ui.choose(
            st, "Add", ["A proposal", "A new project"], horizontal=True, key="whatif.add.kind", label_visibility="collapsed"
        )
        if kind == "A proposal":
            proposal = ui.select(
                st, "Proposal", waiting, format_func=label, index=None, placeholder="Choose a proposal", key="whatif.add.proposal"
            )
            by_cd3 = st.toggle("Where CD3 puts it", value=True, key="whatif.add.by_cd3")
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
                pools = {p.id: p.label for p in pf.pools}
                ui.select(c, "Team it needs most", list(pools), format_func=pools.get, key="whatif.new.pool")
                c.number_input("FTE of that team", 0.0, 100.0, 2.0, step=0.5, key="whatif.new.fte")
                st.form_submit_button("Add the new project", on_click=add_new)
    with speed_tab:
        target = ui.select(
            st,
            "Accelerate this project",
            listed,
            format_func=label,
            index=None,
            placeholder="Choose a project",
            key="whatif.speed.project",
        )
        to_front = st.checkbox("Move it to the front of the queue", value=True, key="whatif.speed.front")
        crash = st.slider(
            "Crash it: people x",
            1.0,
            3.0,
            1.0,
            0.25,
            key="whatif.speed.crash",
            help="1.5 = half as many people again on every team it uses; the weeks shrink to match.",
        )
        st.button(
            "Accelerate it",
            disabled=target is None or (not to_front and crash == 1.0),
            key="whatif.speed.apply",
            on_click=accelerate,
        )
    with capacity_tab:
        pools = {p.id: p.label for p in pf.pools}
        pool = ui.select(st, "Team", list(pools), format_func=pools.get, key="whatif.capacity.pool")
        line = diff.scenario.plan.capacity[pool]
        st.number_input("FTE from then on", 0.0, 1000.0, float(line.at(0)), step=1.0, key="whatif.capacity.fte")
        st.date_input("From", value=pf.as_of, min_value=pf.as_of, key="whatif.capacity.from", format="DD/MM/YYYY")
        st.button("Set the capacity", key="whatif.capacity.apply", on_click=set_capacity)
    with order_tab:
        first = ui.select_many(st, "Put these first, in this order", listed, format_func=label, key="whatif.order.first")
        st.button("Reorder", disabled=not first, key="whatif.order.apply", on_click=reorder)

    undo, reset, listing = st.columns([1, 1, 4])
    undo.button("Undo", disabled=not changes, key="whatif.undo", width="stretch", on_click=state.undo)
    reset.button("Reset", disabled=not changes, key="whatif.reset", width="stretch", on_click=state.reset)
    if changes:
        ui.text(f"{len(changes)} change{'s' if len(changes) != 1 else ''}: {describe_changes(changes)}.", where=listing)

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
    if not state.presenting():
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
