"""Sequencing: today's order against CD3 against the optimised order, and why each project sits where it does."""

import streamlit as st

from vmo_app import cache, likely, ordering, state
from vmo_app import widgets as ui
from vmo_core.present import charts
from vmo_core.present.format import ordinal
from vmo_core.present.sentences import describe_optimise

BY_VALUE = "Best value per week first"  # CD3 order, in plain words (the term is in the help)

pf, changes = ui.decision_page("Sequencing")
pools = {p.id: p.label for p in pf.pools}
suggested = cache.constraints(changes).constraint
pool = suggested
if not state.presenting():
    pool = ui.select(
        st.columns([1, 2])[0],
        "Constraint pool",
        list(pools),
        index=list(pools).index(suggested) if suggested else None,
        format_func=pools.get,
        placeholder="No team: rank by value per week of work alone",
        key="sequencing.pool",
        help="The team whose time is scarcest: the table ranks by value per FTE-week of it. "
        "Suggested: the team where one more FTE is worth most (see the Constraint page). "
        "The best order is the same whichever you choose: its search starts from every team's ranking.",
    )

best = ordering.best_order(changes)  # found once for this plan and scenario: the Interventions page's too
view = cache.sequencing(changes, pool=pool, optimised=list(best.order), _best=best)
current, by_cd3 = view.current, view.by_cd3

# Four figures side by side must read whole at 1280 px beside the sidebar: short labels, the value they all are said once
TODAY, BY_VALUE_FIRST, BEST, UNLOCKED = "In today's order", "Value per week first", "In the best order", "Unlocked sooner"
now, by_rank, optimised, unlocked = st.columns(4)
ui.money_metric(now, TODAY, current.total_value)
ui.money_metric(
    by_rank,
    BY_VALUE_FIRST,
    by_cd3.total_value,
    delta=ui.cash(by_cd3.total_value - current.total_value, signed=True),
    then=". CD3 order: value per week ÷ weeks of work, highest first.",
)
ui.money_metric(optimised, BEST, best.total_value, delta=ui.cash(best.value_unlocked, signed=True))
ui.metric(
    unlocked,
    UNLOCKED,
    ui.cash(max(best.value_unlocked, 0.0)),
    help=f"Exactly {ui.cash_full(best.value_unlocked, signed=True)} over the horizon, after {best.evaluations:,} orders "
    "tried, each scheduled and valued in full" + (": proven best among priority lists." if best.proven_best else "."),
)
ui.say(describe_optimise(best, pf.currency))
if not state.presenting() and best.value_unlocked > 0:
    if st.button("Try this order in the What-if", type="primary", key="sequencing.try"):
        ui.try_in_whatif([{"op": "sequence", "order": list(best.order)}])

likely.stretch_note(likely.forecast(changes))  # the orders' values are the plan's: say when it is a stretch

# ---------------------------------------------------------------- charts
better = view.optimised
values = {"Today's order": current.total_value, BY_VALUE: by_cd3.total_value, "Optimised order": best.total_value}
left, right = st.columns([2, 3])
with left:
    ui.chart(charts.order_values(values, pf.currency, title="Value over the planning period, by order"), key="sequencing.values")
with right:
    if better is not None:
        ui.chart(
            charts.order_curves(current, better, title="Value earned over time: value unlocked sooner"),
            key="sequencing.curves",
        )
    else:
        ui.chart(
            charts.order_curves(current, by_cd3, names=("Today's order", BY_VALUE), title="Value earned over time"),
            key="sequencing.curves",
        )

# ---------------------------------------------------------------- why each project sits where it does
if not state.presenting():
    ui.subheader("Why each project sits where it does")
    pool_name = pools.get(pool, "")
    pool_column = f"Per person-week of {pool_name or pool}"
    rows = []
    for project in view.projects:
        row = {
            "Now": project.place,
            "Project": project.name or project.id,
            "In flight": "yes" if project.in_flight else "",
            "Value per week of work": ui.cash_full(project.cd3),
            "Place by it": project.cd3_place,
        }
        if pool:
            row[pool_column] = "not used" if project.constraint_rank is None else ui.cash_full(project.constraint_rank)
        row["Optimised"] = project.optimised_place
        row["Delivered now"] = ui.day(project.finish_week)
        if better is not None:
            row["Delivered optimised"] = ui.day(project.optimised_finish_week)
        rows.append(row)
    place = "Place in the list: 1 = first."
    ui.table(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            "Now": st.column_config.NumberColumn(width="small", help=ui.escaped(f"{place} Today's order.")),
            "Project": st.column_config.TextColumn(width="medium"),
            "In flight": st.column_config.TextColumn(width="small"),
            "Value per week of work": st.column_config.TextColumn(
                width="small", help="CD3: value a week ÷ weeks of work (both on the Data page)."
            ),
            "Place by it": st.column_config.NumberColumn(width="small", help=ui.escaped(f"{place} Highest CD3 first.")),
            pool_column: st.column_config.TextColumn(
                help=ui.escaped(f"Value per FTE-week: value a week ÷ (FTE of {pool_name} × weeks).")
            ),
            "Optimised": st.column_config.NumberColumn(width="small", help=ui.escaped(f"{place} The best order found.")),
        },
    )
    ui.note(
        "Value per week of work = value a week ÷ weeks of work: the value lost per week of waiting, per week the project "
        "holds the queue. "
        + (
            f"Per person-week of {pool_name}: value a week ÷ (its people there × weeks), the rank when that team is scarce. "
            if pool
            else ""
        )
        + "Projects in flight are always placed first, whatever the list says."
    )
    if view.leaders:
        ui.note(
            "The optimised order starts the new work with "
            + ", ".join(f"{p.name or p.id} ({ordinal(p.optimised_place)})" for p in view.leaders)
            + "."
        )
