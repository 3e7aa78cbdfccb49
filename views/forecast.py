"""Forecast: ranges from past delivery. Value over time, delivery dates and what a change costs,
over Monte Carlo runs calibrated on the finished work in actuals.csv."""

import json

import streamlit as st

import vmo_ui as ui
from vmo_core.forecast.montecarlo import forecast
from vmo_core.present.charts import forecast as forecast_charts
from vmo_core.present.forecast_sentences import describe_calibration, describe_change_range, describe_forecast
from vmo_core.present.format import percent

RESULTS = "forecast.results"  # forecasts by (portfolio version, scenario, runs, seed)
KEEP = 8  # forecasts kept per session
DEFAULT_RUNS, DEFAULT_SEED = 1000, 0
ROWS = 40  # delivery ranges shown

pf = ui.guard()
st.title("Forecast")
scenario = ui.decision_scenario()

# ---------------------------------------------------------------- inputs
runs, seed = DEFAULT_RUNS, DEFAULT_SEED
if not ui.presenting():
    left, right, _ = st.columns([1, 1, 2])
    runs = int(
        left.number_input(
            "Runs",
            min_value=100,
            max_value=20_000,
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

# ---------------------------------------------------------------- one core call, with a progress bar
results = st.session_state.setdefault(RESULTS, {})
key = (ui.version(), json.dumps((scenario or {}).get("changes", []), sort_keys=True), runs, seed)
result = results.get(key)
if result is None:
    bar = st.progress(0.0, text=f"Running {runs:,} calibrated schedules")
    result = forecast(
        pf,
        runs=runs,
        seed=seed,
        scenario=scenario,
        progress=lambda done: bar.progress(min(1.0, done), text=f"Running {runs:,} calibrated schedules: {done:.0%}"),
    )
    bar.empty()
    results[key] = result
    for old in list(results)[:-KEEP]:
        del results[old]
plan, settings = result.forecast, pf.settings

# ---------------------------------------------------------------- the headline
low, mid, high, planned = st.columns(4)
total = result.total_value
mid.metric(
    "Value, P50",
    ui.cash(total.p50),
    delta=ui.cash(total.p50 - plan.plan_total_value, signed=True) if result.calibrated else None,
    help=f"Value over the horizon in the median of {result.runs:,} runs: exactly {ui.cash_full(total.p50)}; "
    "the change shown is against the plan's single figure.",
)
low.metric("Value, P10", ui.cash(total.p10), help=f"1 run in 10 earns less: exactly {ui.cash_full(total.p10)}.")
high.metric("Value, P90", ui.cash(total.p90), help=f"1 run in 10 earns more: exactly {ui.cash_full(total.p90)}.")
planned.metric(
    "Value in the plan",
    ui.cash(plan.plan_total_value),
    help=f"Exactly {ui.cash_full(plan.plan_total_value)}: the schedule on the raw estimates.",
)
if result.change is not None:
    delay = result.change.delay_cost
    low, mid, high, loss = st.columns(4)
    mid.metric(
        "Delay cost, P50",
        ui.cash(delay.p50),
        help=f"Exactly {ui.cash_full(delay.p50)}; the plan's single figure is {ui.cash_full(result.change.plan_delay_cost)}. "
        "Negative: value unlocked sooner.",
    )
    low.metric("Delay cost, P10", ui.cash(delay.p10), help=f"Exactly {ui.cash_full(delay.p10)}.")
    high.metric("Delay cost, P90", ui.cash(delay.p90), help=f"Exactly {ui.cash_full(delay.p90)}.")
    loss.metric(
        "Chance it loses money",
        percent(result.change.chance_of_loss),
        help="The share of runs in which the net value change (value less spend, against the plan as it stands) is below 0.",
    )

if result.calibrated:
    ui.say(describe_forecast(result, settings))
else:
    st.info(describe_forecast(result, settings) + " " + describe_calibration(result.calibration))
if result.change is not None:
    ui.say(describe_change_range(result, pf.currency))

# ---------------------------------------------------------------- the charts
ui.chart(
    forecast_charts.value_fan(plan, settings, title="Value earned over time: the runs' range against the plan"),
    key="forecast.fan",
)
ui.chart(
    forecast_charts.finish_ranges(plan, settings, limit=ROWS, title="When each project lands: P50 to P85, the plan marked"),
    key="forecast.finish",
)
if result.calibrated:
    st.subheader("What past delivery says")
    ui.say(describe_calibration(result.calibration))
    ui.chart(
        forecast_charts.calibration(result.calibration, title="How late and how short of the promise past work landed"),
        key="forecast.calibration",
    )
    ui.note(
        "Method: each run, every project still to be done takes the two ratios of one finished project of its group, "
        "drawn at random with replacement (a bootstrap); weeks are rounded half up. The dashed line is 1x: as estimated. "
        "A theme needs "
        f"{result.calibration.min_theme_projects} finished projects to be its own group; otherwise it draws on all of them."
    )

# ---------------------------------------------------------------- the table
if not ui.presenting():
    st.dataframe(
        [
            {
                "Project": f"{p.id}  {p.name}",
                "Learns from": p.group,
                "Plan delivers": ui.day(p.plan_finish_week),
                "P50 delivers": ui.day(p.finish_p50),
                "P85 delivers": ui.day(p.finish_p85),
                "Weeks of work, P50": p.duration_p50,
            }
            for p in plan.projects
        ],
        hide_index=True,
        width="stretch",
    )
