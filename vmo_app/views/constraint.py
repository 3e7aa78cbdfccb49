"""Constraint: where the work queues, and what one more FTE in each team is worth."""

import streamlit as st

from vmo_app import cache, state
from vmo_app import widgets as ui
from vmo_core.present import charts
from vmo_core.present.sentences import describe_constraint, describe_week_of_delay

pf, changes = ui.decision_page("Constraint")
if not pf.pools:
    ui.nothing_to_show(
        "The portfolio names no team, so there is no constraint to find. "
        "Load the teams and their capacity (the pools) with the portfolio on the Data page."
    )
report = cache.constraints(changes)
load = cache.team_load(changes).flipped()  # the constraint at the top of the chart

# ---------------------------------------------------------------- the headline
# the team's name on a row of its own: at a projector's size it needs the width
where, _ = st.columns([3, 1])
if report.binding:
    top = report.pool(report.constraint)
    ui.metric(where, "The constraint", top.name, help="The team where one more FTE would deliver the most value.")
    worth, costs, unlimited = st.columns(3)
    ui.money_metric(worth, "One more FTE there is worth", top.shadow_price, then=" over the horizon: value delivered sooner.")
    ui.money_metric(
        costs,
        "One FTE there costs",
        top.fte_cost,
        delta=ui.cash(top.net_of_one_fte, signed=True) + " net",
        then=" over the horizon.",
    )
    ui.money_metric(
        unlimited, "With no limit there", top.unlimited_value_gain, signed=True, then=": the most that team holds back."
    )
else:
    ui.metric(where, "The constraint", "No team holds value back")
ui.say(describe_constraint(report, pf.currency))
driven = describe_week_of_delay(cache.delay_costs(changes), pf.currency)  # '' unless a deadline's penalty drives it
if driven:
    ui.say(driven)

# ---------------------------------------------------------------- charts
ui.subheader("Share of each team in use, week by week")
ui.chart(
    charts.load_heatmap(load.load, load.capacity, list(load.names), pf.as_of, weeks=pf.settings.horizon_weeks),
    key="constraint.heatmap",
)
ui.subheader("One more FTE in each team: what it is worth, and what it costs")
ui.chart(charts.shadow_prices(report, pf.currency), key="constraint.prices")

# ---------------------------------------------------------------- the table
if not state.presenting():
    ui.subheader("Every team")
    ui.table(
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
        f"Value counted for {pf.settings.horizon_weeks} weeks, to {ui.day(pf.settings.horizon_weeks)}. "
        "One more FTE means one more in every week, planned capacity changes included; the projects keep today's order."
    )
if any(p.shadow_price < 0 for p in report.pools):
    ui.note(
        "A team whose extra FTE is worth less than nothing lets a project start earlier that then holds up "
        "more valuable work elsewhere, in today's order. Reordering the work (the Sequencing page) removes that loss."
    )
