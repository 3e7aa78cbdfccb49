"""Constraint: where the work queues, and what one more FTE in each team is worth."""

import numpy as np
import streamlit as st

import vmo_ui as ui
from vmo_core.decisions.constraints import constraints, weekly_load
from vmo_core.engine.evaluation import FastPlan
from vmo_core.present import charts
from vmo_core.present.sentences import describe_constraint

pf = ui.guard()
st.title("Constraint")
scenario = ui.decision_scenario()
report = constraints(pf, scenario=scenario)

plan = ui.scenario_schedule().plan
fast = FastPlan(plan)
load = weekly_load(fast, fast.run())
rows = [fast.compiled.pools.index(p.id) for p in reversed(report.pools)]  # the constraint at the top
load = load[rows]
capacity = np.array([[plan.capacity[p.id].at(week) for week in range(load.shape[1])] for p in reversed(report.pools)])
names = [p.name for p in reversed(report.pools)]

# ---------------------------------------------------------------- the headline
where, worth, costs, unlimited = st.columns([2, 1, 1, 1])
if report.binding:
    top = report.pool(report.constraint)
    where.metric("The constraint", top.name, help="The team where one more FTE would deliver the most value.")
    worth.metric(
        "One more FTE there is worth",
        ui.cash(top.shadow_price),
        help=f"Exactly {ui.cash_full(top.shadow_price)} over the horizon: value delivered sooner.",
    )
    costs.metric(
        "One FTE there costs",
        ui.cash(top.fte_cost),
        delta=ui.cash(top.net_of_one_fte, signed=True) + " net",
        help=f"Exactly {ui.cash_full(top.fte_cost)} over the horizon.",
    )
    unlimited.metric(
        "With no limit there",
        ui.cash(top.unlimited_value_gain, signed=True),
        help=f"Exactly {ui.cash_full(top.unlimited_value_gain, signed=True)}: the most that team holds back.",
    )
else:
    where.metric("The constraint", "None")
ui.say(describe_constraint(report, pf.currency))

# ---------------------------------------------------------------- charts
st.subheader("Share of each team in use, week by week")
ui.chart(charts.load_heatmap(load, capacity, names, pf.as_of, weeks=pf.settings.horizon_weeks), key="constraint.heatmap")
st.subheader("One more FTE in each team: what it is worth, and what it costs")
ui.chart(charts.shadow_prices(report, pf.currency), key="constraint.prices")

# ---------------------------------------------------------------- the table
if not ui.presenting():
    st.subheader("Every team")
    st.dataframe(
        [
            {
                "Team": p.name,
                "Capacity today (FTE)": p.capacity_fte,
                "Peak load (FTE)": p.peak_load,
                "One more FTE is worth": ui.cash_full(p.shadow_price),
                "One FTE costs": ui.cash_full(p.fte_cost),
                "Net of one more FTE": ui.cash_full(p.net_of_one_fte, signed=True),
                "With no limit": ui.cash_full(p.unlimited_value_gain, signed=True),
            }
            for p in report.pools
        ],
        hide_index=True,
        width="stretch",
    )
    ui.note(
        f"Over the horizon of {pf.settings.horizon_weeks} weeks, to {ui.day(pf.settings.horizon_weeks)}. "
        "One more FTE means one more in every week, planned capacity changes included; the projects keep today's order."
    )
if any(p.shadow_price < 0 for p in report.pools):
    ui.note(
        "A team whose extra FTE is worth less than nothing lets a project start earlier that then holds up "
        "more valuable work elsewhere, in today's order. Re-sequencing (the Sequencing page) removes that loss."
    )
