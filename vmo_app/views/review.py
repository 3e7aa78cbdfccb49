"""Since the last review: where value was delayed between two snapshots, what that cost, and what else moved."""

import streamlit as st

from vmo_app import cache
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
delayed, count, value, entered, delivered, left = [*st.columns(3), *st.columns(3)]  # labels read in full at 1280 px
delay_metric(
    delayed,
    moved.value_delayed,
    delayed="Value delayed",
    forward="Brought forward",
    then=": the slips, each valued on the later snapshot's figures.",
)
ui.metric(count, "Projects that slipped", len(moved.slipped), help="Delivered later than the earlier snapshot said.")
ui.metric(entered, "Entered the plan", len(moved.entered))
done, dropped = moved.delivered, moved.dropped
ui.metric(delivered, "Delivered", len(done), help="Finished since: their value is being earned, not lost.")
ui.metric(left, "Stopped or dropped", len(dropped), help="Stopped, sent back to proposals or no longer on the list.")
then, now = moved.bridge[0][1], moved.bridge[-1][1]
ui.metric(
    value,
    "Value to come now",
    ui.cash(now),
    delta=ui.cash(now - then, signed=True),
    help="The value the plan's projects earn over the horizon (a fixed number of weeks from each review's date).",
)
ui.chart(review_waterfall(moved, title="From the value to come then to the value to come now"), key="review.waterfall")
ui.note(
    "Delivered is value now being earned, not a loss: a finished project no longer counts as value to come. "
    "Time moves on: each review counts value over the same number of weeks from its own date, so a later "
    "review adds weeks further out and leaves out the weeks now past."
)

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

# ---------------------------------------------------------------- the lists behind the bars, in the room too
entered, delivered, left = st.columns(3)
with entered:
    ui.subheader("Entered the plan")
    rows = [{"Project": e.name, "Delivered": on_day(e.finish), "Value": ui.cash_full(e.value)} for e in moved.entered]
    listing(rows, empty="Nothing new.")
with delivered:
    ui.subheader("Delivered")
    rows = [{"Project": x.name, "Value now being earned": ui.cash_full(x.before_value)} for x in done]
    listing(rows, empty="Nothing delivered.")
with left:
    ui.subheader("Stopped or dropped")
    rows = [{"Project": x.name, "Now": status_words(x.status), "Value given up": ui.cash_full(x.before_value)} for x in dropped]
    listing(rows, empty="Nothing stopped or dropped.")
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
