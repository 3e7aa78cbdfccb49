"""Forecast: ranges from past delivery. Value over time, delivery dates and what a change costs,
over Monte Carlo runs calibrated on the finished work in actuals.csv."""

import streamlit as st

from vmo_app import cache, likely, state
from vmo_app import widgets as ui
from vmo_core.present.charts import forecast as forecast_charts
from vmo_core.present.forecast_sentences import describe_calibration, describe_change_range, describe_forecast
from vmo_core.present.format import percent

DEFAULT_RUNS, DEFAULT_SEED = likely.RUNS, likely.SEED  # the likely figure other pages show beside the plan
ROWS = 40  # delivery ranges shown

pf, changes = ui.decision_page("Forecast")

# ---------------------------------------------------------------- inputs
runs, seed = DEFAULT_RUNS, DEFAULT_SEED
if not state.presenting():
    left, right, _ = st.columns([1, 1, 2])
    runs = int(
        left.number_input(
            "Simulations",
            min_value=100,
            max_value=cache.MAX_RUNS,
            value=DEFAULT_RUNS,
            step=100,
            key="forecast.runs",
            help="Each run draws every project's weeks and value from past delivery, then schedules and values the plan.",
        )
    )
    seed = int(
        right.number_input(
            "Seed",
            min_value=0,
            max_value=2**31 - 1,
            value=DEFAULT_SEED,
            key="forecast.seed",
            help="The same seed gives the same figures.",
        )
    )

# ---------------------------------------------------------------- one core call, with a progress bar if it has to run
result = ui.computed(
    cache.forecast,
    changes,
    waiting=f"Running {runs:,} calibrated schedules",
    said=lambda done: f"Running {runs:,} calibrated schedules: {done:.0%}",
    runs=runs,
    seed=seed,
)
plan, settings = result.forecast, pf.settings

# ---------------------------------------------------------------- the headline
low, mid, high, planned = st.columns(4)
total = result.total_value
ui.money_metric(
    mid,
    "Likely value",
    total.p50,
    delta=ui.cash(total.p50 - plan.plan_total_value, signed=True) if result.calibrated else None,
    lead=f"P50: value over the horizon in the median of {result.runs:,} runs: exactly ",
    then="; the change shown is against the plan's single figure.",
)
ui.money_metric(low, "Value, low case", total.p10, lead="P10: 1 run in 10 earns less: exactly ")
ui.money_metric(high, "Value, high case", total.p90, lead="P90: 1 run in 10 earns more: exactly ")
ui.money_metric(planned, "Value in the plan", plan.plan_total_value, then=": the schedule on the raw estimates.")
if result.change is not None:
    delay = result.change.delay_cost
    low, mid, high, loss = st.columns(4)
    ui.money_metric(
        mid,
        "Delay cost, likely",
        delay.p50,
        lead="P50, the median run: exactly ",
        then=f"; the plan's single figure is {ui.cash_full(result.change.plan_delay_cost)}. Negative: value unlocked sooner.",
    )
    ui.money_metric(low, "Delay cost, low case", delay.p10, lead="P10: 1 run in 10 costs less: exactly ")
    ui.money_metric(high, "Delay cost, high case", delay.p90, lead="P90: 1 run in 10 costs more: exactly ")
    ui.metric(
        loss,
        "Chance it loses money",
        percent(result.change.chance_of_loss),
        help="The share of runs in which the net value change (value less spend, against the plan as it stands) is below 0.",
    )

if result.calibrated:
    ui.say(describe_forecast(result, settings))
else:
    ui.info(describe_forecast(result, settings) + " " + describe_calibration(result.calibration))
if result.change is not None:
    ui.say(describe_change_range(result, pf.currency))

# ---------------------------------------------------------------- the charts
ui.chart(
    forecast_charts.value_fan(plan, settings, title="Value earned over time: the likely range against the plan"),
    key="forecast.fan",
)
ui.chart(
    forecast_charts.finish_ranges(
        plan, settings, limit=ROWS, title="When each project lands: likely to 85% sure, the plan marked"
    ),
    key="forecast.finish",
)
if result.calibrated:
    ui.subheader("What past delivery says")
    ui.say(describe_calibration(result.calibration))
    ui.chart(
        forecast_charts.calibration(
            result.calibration,
            title="How late and how short of the promise past work landed",
            labels_of={p.id: p.label for p in pf.projects},
        ),
        key="forecast.calibration",
    )
    ui.note(
        "Method: each run, every project still to be done takes the two ratios of one finished project of its group, "
        "drawn at random with replacement (a bootstrap); weeks are rounded half up. The dashed line is 1x: as estimated. "
        "A theme needs "
        f"{result.calibration.min_theme_projects} finished projects to be its own group; otherwise it draws on all of them."
    )

# ---------------------------------------------------------------- the table
if not state.presenting():
    ui.table(
        [
            {
                "Project": p.name or p.id,
                "Learns from": p.group,
                "Plan delivers": ui.day(p.plan_finish_week),
                "Likely delivery": ui.day(p.finish_p50),
                "Safe delivery date": ui.day(p.finish_p85),
                "Likely weeks of work": p.duration_p50,
            }
            for p in plan.projects
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "Likely delivery": st.column_config.TextColumn(help="P50: half the runs deliver by this date."),
            "Safe delivery date": st.column_config.TextColumn(help="P85: 85 runs in 100 deliver by this date."),
            "Likely weeks of work": st.column_config.NumberColumn(help="P50 of the weeks of work left, over the runs."),
        },
    )
