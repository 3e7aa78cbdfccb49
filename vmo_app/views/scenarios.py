"""Scenarios: saved by name with their changes and time; reopened, compared side by side, shared as a link."""

import itertools
import urllib.parse

import pandas as pd
import streamlit as st

from vmo_app import adopting, cache, state, writes
from vmo_app import widgets as ui
from vmo_core.present import charts
from vmo_core.present.format import day
from vmo_core.present.sentences import describe_changes

SESSION = ""  # the option standing for this session's scenario (a saved name is never empty)
PICK = "scenarios.pick"
CONFIRM = "scenarios.confirm_delete"  # the name whose deletion waits for a second click


def when(moment) -> str:
    return f"{day(moment)}, {moment:%H:%M}"


def changes_of(option: str) -> list[dict]:
    return session_changes if option == SESSION else by_name[option]["changes"]


def share_link(name: str) -> str:
    return "?" + urllib.parse.urlencode({"scenario": name})


pf = ui.guard()
saved = cache.store().scenarios()
by_name = {s["name"]: s for s in saved}
session_changes = state.current_changes()

ui.title("Scenarios")
if not saved:
    ui.info(
        "No scenarios are saved yet. Make changes on the What-if page, then save them by name in the sidebar: "
        "they appear here to compare, reopen and share."
    )
elif not state.presenting():
    ui.table(
        [
            {
                "Scenario": s["name"],
                "Saved": when(s["saved_at"]),
                "Changes": len(s["changes"]),
                "What it does": describe_changes(s["changes"], pf),
            }
            for s in saved
        ],
        hide_index=True,
        width="stretch",
        column_config={"What it does": st.column_config.TextColumn(width="large")},
    )

# ---------------------------------------------------------------- compare side by side
options = ([SESSION] if session_changes else []) + list(by_name)
labels = {name: name for name in by_name}
if session_changes:
    session_label = f"This session ({state.scenario_name() or 'unsaved'})"
    while session_label in by_name:
        session_label += " "
    labels[SESSION] = session_label
if PICK in st.session_state:
    st.session_state[PICK] = [o for o in st.session_state[PICK] if o in labels]  # deleted since
else:  # the first time: the two latest that still fit the portfolio
    fitting = (o for o in options if cache.try_comparison(changes_of(o))[0] is not None)
    st.session_state[PICK] = list(itertools.islice(fitting, 2))

if options:
    ui.subheader("Compare")
    chosen = ui.select_many(
        st,
        "Scenarios to compare side by side",
        options,
        format_func=labels.get,
        max_selections=4,
        placeholder="Choose two or more scenarios",
        key=PICK,
    )
    if len(chosen) < 2:
        ui.note("Choose two or more scenarios to set them side by side.")
else:
    chosen = []

MEASURES = [
    "What it does",
    "Value lost to delays",
    "Value brought forward",
    "Extra people cost",
    "Net value change",
    "Value over the horizon",
    "Spend over the horizon",
    "Projects delivered later",
    "Projects added",
    "Projects stopped",
    "Projects that cannot be scheduled",
]


def measures_of(changes: list[dict], diff) -> list[str]:
    """One column of the comparison table; `diff` None is the plan as it stands."""
    if diff is None:
        plan = cache.baseline()
        zero = ui.cash_full(0)
        return [
            "Nothing changed",
            zero,
            zero,
            zero,
            zero,
            ui.cash_full(plan.total_value),
            ui.cash_full(plan.total_cost),
            "0",
            "none",
            "none",
        ] + [str(len(plan.unschedulable))]
    return [
        describe_changes(changes, pf),
        ui.cash_full(diff.value_lost_to_delays),
        ui.cash_full(diff.value_gained_sooner),
        ui.cash_full(diff.capacity_cost, signed=True),
        ui.cash_full(diff.net_value_change, signed=True),
        ui.cash_full(diff.scenario.total_value),
        ui.cash_full(diff.scenario.total_cost),
        str(len(diff.delivered_later)),
        ", ".join(diff.added) or "none",
        ", ".join(diff.stopped) or "none",
        str(len(diff.scenario.unschedulable)),
    ]


if chosen:
    table = {"The plan as it stands": measures_of([], None)}
    curves = {}
    for column, option in zip(st.columns(len(chosen)), chosen):
        label = labels[option]
        changes = changes_of(option)
        diff, reason = cache.try_comparison(changes)
        with column:
            ui.strong(label)
            ui.note(describe_changes(changes, pf))
            if diff is None:  # saved against an earlier portfolio: say so, and compare the rest
                ui.error(f"This scenario no longer fits the portfolio: {reason}")
                table[label] = [describe_changes(changes, pf), "No longer fits the portfolio"] + [""] * (len(MEASURES) - 2)
                continue
            ui.money_metric(st, "Value lost to delays", diff.value_lost_to_delays, then=": what the projects it delays lose.")
            ui.money_metric(st, "Value brought forward", diff.value_gained_sooner, then=": what the projects it speeds up gain.")
            if diff.capacity_cost:
                ui.money_metric(st, "Extra people cost", diff.capacity_cost, signed=True, then=" over the horizon.")
            ui.money_metric(
                st,
                "Net value change",
                diff.net_value_change,
                signed=True,
                then=": value less spend and people, against the plan.",
            )
            ui.metric(
                st,
                "Value over the horizon",
                ui.cash(diff.scenario.total_value),
                delta=ui.cash(diff.scenario.total_value - diff.baseline.total_value, signed=True),
            )
        table[label] = measures_of(changes, diff)
        curves[label] = diff.scenario
    ui.table(pd.DataFrame(table, index=MEASURES), width="stretch")
    if curves:
        ui.chart(charts.scenario_curves(curves, cache.baseline(), title="Value earned over time"), key="scenarios.curves")

# ---------------------------------------------------------------- open, share, delete
if saved and not state.presenting():
    ui.subheader("Open, share or delete")
    name = ui.select(st, "Saved scenario", list(by_name), key="scenarios.choice")
    record = by_name[name]
    ui.text(f"Saved {when(record['saved_at'])}: {describe_changes(record['changes'], pf)}.")
    diff, reason = cache.try_comparison(record["changes"])
    if diff is None:
        ui.error(f"It no longer fits the portfolio, so it cannot be opened: {reason}")

    open_it, delete_it, _ = st.columns([1, 1, 3])
    if open_it.button("Open in What-if", key="scenarios.open", disabled=diff is None, type="primary", width="stretch"):
        state.open_saved(name, record["changes"], link=False)
        st.switch_page(ui.WHATIF, query_params={"scenario": name})
    adopting.offer(record["changes"] if diff is not None else [], key="scenarios", name=name, where=open_it, width="stretch")
    if delete_it.button("Delete", key="scenarios.delete", width="stretch"):
        st.session_state[CONFIRM] = name
    if st.session_state.get(CONFIRM) == name:
        ui.warning(f"Delete the scenario {name} for everyone who uses this app? This cannot be undone.")
        yes, no, _ = st.columns([1, 1, 3])
        if yes.button("Delete it", key="scenarios.delete_confirmed", type="primary", width="stretch"):
            refused = writes.delete_scenario(name)  # "" when done; a viewer is refused, with why
            del st.session_state[CONFIRM]
            if refused:
                ui.error(refused)
            else:
                state.forget_deleted(name)  # the session keeps its changes, now unsaved
                st.rerun()
        if no.button("Keep it", key="scenarios.delete_cancelled", width="stretch"):
            del st.session_state[CONFIRM]
            st.rerun()

    ui.note("Share it: add this to the end of the app's address and send the link; it opens this scenario.")
    st.code(share_link(name), language=None)
