"""Since the last review: where value was delayed between two snapshots, what that cost, and what else moved."""

import streamlit as st

from vmo_app import cache, state
from vmo_app import widgets as ui
from vmo_app.review_widgets import delay_metric, listing
from vmo_core.present.charts.review import review_waterfall
from vmo_core.present.review_sentences import lateness, on_day, since_review, snapshot_label, status_words

pf = ui.guard()
ui.title("Since the last review")
found = cache.snapshots()
if len(found) < 2:
    ui.nothing_to_show(
        "The store holds one snapshot of the portfolio so far. Each import on the Data page, and each scenario "
        "made the plan, adds one: with two, this page shows where value was delayed between them."
    )

# ---------------------------------------------------------------- which two snapshots
labels = {s.id: snapshot_label(s) + (" (the plan)" if s is found[-1] else "") for s in found}
ids = list(labels)
earlier, later = st.columns(2)
before = ui.select(earlier, "From the review of", ids, format_func=labels.get, index=len(ids) - 2, key="review.before")
after = ui.select(later, "To", ids, format_func=labels.get, index=len(ids) - 1, key="review.after")
if before == after:
    ui.nothing_to_show("Choose two different snapshots to see what moved between them.")
moved = ui.computed(cache.review, [], waiting="Scheduling both snapshots…", before=before, after=after)

# ---------------------------------------------------------------- the headline
ui.strong(since_review(moved))
delayed, count, entered, left, value = st.columns(5)
delay_metric(
    delayed,
    moved.value_delayed,
    delayed="Value delayed",
    forward="Brought forward",
    then=": the slips, each valued on the later snapshot's figures.",
)
ui.metric(count, "Projects that slipped", len(moved.slipped), help="Delivered later than the earlier snapshot said.")
ui.metric(entered, "Entered the plan", len(moved.entered))
ui.metric(left, "Left the plan", len(moved.left), help="Done, stopped or sent back to proposals.")
then, now = moved.bridge[0][1], moved.bridge[-1][1]
ui.metric(value, "Value now", ui.cash(now), delta=ui.cash(now - then, signed=True), help="Over the horizon, as the plan stands.")
ui.chart(review_waterfall(moved, title="From the value then to the value now"), key="review.waterfall")

# ---------------------------------------------------------------- the slips, costliest first
ui.subheader("The slips, costliest first")
changed = [s for s in moved.projects if s.slip_cost or s.slip_weeks]
listing(
    [
        {
            "Project": s.name,
            "Was delivered": on_day(s.before_finish),
            "Now delivered": on_day(s.after_finish),
            "Moved": lateness(s),
            "Value delayed": ui.cash_full(s.slip_cost, signed=True),
        }
        for s in changed
    ],
    empty="No project moves.",
)
steady = len(moved.projects) - len(changed)
if steady:
    ui.note(f"{steady} other project{'s' if steady != 1 else ''} land{'s' if steady == 1 else ''} as the earlier review said.")


if not state.presenting():
    entered, left = st.columns(2)
    with entered:
        ui.subheader("Entered the plan")
        rows = [{"Project": e.name, "Delivered": on_day(e.finish), "Value": ui.cash_full(e.value)} for e in moved.entered]
        listing(rows, empty="Nothing new.")
    with left:
        ui.subheader("Left the plan")
        rows = [
            {"Project": x.name, "Now": status_words(x.status), "Value then": ui.cash_full(x.before_value)} for x in moved.left
        ]
        listing(rows, empty="Nothing left.")
    ui.subheader("Re-estimated")
    rows = [
        {
            "Project": r.name,
            "Value a week then": ui.cash_full(r.before),
            "Value a week now": ui.cash_full(r.after),
            "Change": ui.cash_full(r.after - r.before, signed=True),
        }
        for r in moved.reestimated
    ]
    listing(rows, empty="No project's value per week changed.")
