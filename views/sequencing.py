"""Sequencing: today's order against CD3 against the optimised order, and why each project sits where it does."""

import json

import streamlit as st

import vmo_ui as ui
from vmo_core.decisions.constraints import constraints
from vmo_core.decisions.sequencing import optimise
from vmo_core.engine.ranks import cd3, cd3_order, constraint_rank
from vmo_core.present import charts
from vmo_core.present.format import ordinal
from vmo_core.present.sentences import describe_optimise

RESULTS = "sequencing.results"  # optimiser results, by (portfolio version, scenario, constraint pool)
TIME_LIMIT = 5.0

pf = ui.guard()
st.title("Sequencing")
scenario = ui.decision_scenario()
changes = ui.current_changes()
current = ui.scenario_schedule()
plan = current.plan
by_cd3 = cd3_order(plan)
cd3_diff = ui.comparison(changes + [{"op": "sequence", "order": by_cd3}])
if cd3_diff is None:
    st.stop()
cd3_schedule = cd3_diff.scenario

pools = {p.id: p.label for p in pf.pools}
report = constraints(pf, scenario=scenario)
pool = report.constraint
if not ui.presenting():
    pool = st.columns([1, 2])[0].selectbox(
        "Constraint pool",
        list(pools),
        index=list(pools).index(report.constraint) if report.constraint else None,
        format_func=pools.get,
        placeholder="None: rank by CD3 alone",
        key="sequencing.pool",
        help="The team whose time is scarcest: the search starts from ranking by value per FTE-week of it. "
        "Suggested: the team where one more FTE is worth most (see the Constraint page).",
    )

key = json.dumps([ui.version(), changes, pool], sort_keys=True)
results = st.session_state.setdefault(RESULTS, {})
best = results.get(key)

now, by_rank, optimised, unlocked = st.columns(4)
now.metric("Value in today's order", ui.cash(current.total_value), help=f"Exactly {ui.cash_full(current.total_value)}.")
by_rank.metric(
    "Value in CD3 order",
    ui.cash(cd3_schedule.total_value),
    delta=ui.cash(cd3_schedule.total_value - current.total_value, signed=True),
    help=f"Exactly {ui.cash_full(cd3_schedule.total_value)}. CD3 = value per week ÷ weeks of work, highest first.",
)
if best is not None:
    optimised.metric(
        "Value in the optimised order",
        ui.cash(best.total_value),
        delta=ui.cash(best.value_unlocked, signed=True),
        help=f"Exactly {ui.cash_full(best.total_value)}.",
    )
    unlocked.metric(
        "Value unlocked sooner",
        ui.cash(max(best.value_unlocked, 0.0)),
        help=f"Exactly {ui.cash_full(best.value_unlocked, signed=True)} over the horizon, "
        f"after {best.evaluations:,} orders tried in {best.seconds:.1f} s"
        + (": proven best among priority lists." if best.proven_best else "."),
    )
    ui.say(describe_optimise(best, pf.currency))
    if not ui.presenting() and best.value_unlocked > 0:
        if st.button("Try this order in the What-if", type="primary", key="sequencing.try"):
            ui.try_in_whatif([{"op": "sequence", "order": list(best.order)}])
else:
    with optimised:
        st.caption("The optimised order")
        search = st.button("Find the best order", type="primary", key="sequencing.run")
        st.caption(f"Tries thousands of orders, each scheduled and valued in full, for up to {TIME_LIMIT:.0f} seconds.")
    if search:
        bar = st.progress(0.0, text="Searching for a better order")

        def report_progress(fraction: float, value: float) -> None:
            bar.progress(min(1.0, fraction), text=f"Best so far: {ui.cash(value)} over the horizon")

        results[key] = optimise(pf, constraint=pool, scenario=scenario, time_limit=TIME_LIMIT, progress=report_progress)
        st.rerun()

# ---------------------------------------------------------------- charts
better = None
if best is not None and best.value_unlocked > 0:
    diff = ui.comparison(changes + [{"op": "sequence", "order": list(best.order)}])
    better = diff.scenario if diff is not None else None
values = {"Today's order": current.total_value, "CD3 order": cd3_schedule.total_value}
if best is not None:
    values["Optimised order"] = best.total_value
left, right = st.columns([2, 3])
with left:
    ui.chart(charts.order_values(values, pf.currency, title="Value over the horizon, by order"), key="sequencing.values")
with right:
    if better is not None:
        ui.chart(
            charts.order_curves(current, better, title="Value earned over time: value unlocked sooner"),
            key="sequencing.curves",
        )
    else:
        ui.chart(
            charts.order_curves(current, cd3_schedule, names=("Today's order", "CD3 order"), title="Value earned over time"),
            key="sequencing.curves",
        )

# ---------------------------------------------------------------- why each project sits where it does
if not ui.presenting():
    st.subheader("Why each project sits where it does")
    pool_name = pools.get(pool, "")
    pool_column = f"Per FTE-week of {pool}"
    cd3_place = {p: i for i, p in enumerate(by_cd3, start=1)}
    best_place = {p: i for i, p in enumerate(best.order, start=1)} if best is not None else {}
    finish_best = better.by_id if better is not None else current.by_id
    rows = []
    for place, outcome in enumerate(current.projects, start=1):
        rank = constraint_rank(plan, outcome.id, pool) if pool else None
        row = {
            "Now": place,
            "Project": f"{outcome.id}  {outcome.name}",
            "In flight": "yes" if plan.in_flight(outcome.id) else "",
            "CD3": ui.cash_full(cd3(plan, outcome.id)),
            "By CD3": cd3_place[outcome.id],
        }
        if pool:
            row[pool_column] = "not used" if rank is None else ui.cash_full(rank)
        if best is not None:
            row["Optimised"] = best_place.get(outcome.id)
        row["Delivered now"] = ui.day(outcome.finish_week)
        if better is not None:
            row["Delivered optimised"] = ui.day(finish_best[outcome.id].finish_week)
        rows.append(row)
    place = "Place in the list: 1 = first."
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            "Now": st.column_config.NumberColumn(width="small", help=f"{place} Today's order."),
            "Project": st.column_config.TextColumn(width="medium"),
            "In flight": st.column_config.TextColumn(width="small"),
            "CD3": st.column_config.TextColumn(width="small", help="Value a week ÷ weeks of work (both on the Data page)."),
            "By CD3": st.column_config.NumberColumn(width="small", help=f"{place} Highest CD3 first."),
            pool_column: st.column_config.TextColumn(help=f"Value a week ÷ (FTE of {pool_name} × weeks)."),
            "Optimised": st.column_config.NumberColumn(width="small", help=f"{place} The best order found."),
        },
    )
    ui.note(
        "CD3 = value a week ÷ weeks of work: the value lost per week of waiting, per week the project holds the queue. "
        + (
            f"Value per FTE-week of {pool_name}: value a week ÷ (its FTE there × weeks), the rank when that pool is scarce. "
            if pool
            else ""
        )
        + "Projects in flight are always placed first, whatever the list says."
    )
    if best is not None and best.value_unlocked > 0:
        leaders = [p for p in best.order if not plan.in_flight(p)][:3]
        ui.note(
            "The optimised order starts the new work with " + ", ".join(f"{p} ({ordinal(best_place[p])})" for p in leaders) + "."
        )
