"""Decisions: each scenario made the plan, what it promised, and whether the plan now keeps it, in money."""

import streamlit as st

from vmo_app import adopting, cache, state
from vmo_app import widgets as ui
from vmo_app.review_widgets import delay_metric, listing
from vmo_core.present.review_sentences import (
    intake_record_sentence,
    lateness,
    moment,
    on_day,
    promise_kept,
    status_words,
)

pf = ui.guard()
ui.title("Decisions")
adopting.announce()
judged, intakes = cache.register()
if not judged:
    ui.info(
        "No decision has been taken here yet. Make a scenario the plan from the What-if, the Scenarios page or "
        "an intervention: it appears here with what it promised, and is held to it at every review."
    )
    adopting.offer_going_back(key="decisions.back")
    st.stop()

undone = cache.reversals([decision for decision, _ in judged])  # gone back on since: no promise left to keep
ui.note(f"Each promise is judged against the plan as it stands, as of {ui.day(0)}.")
ui.strong(intake_record_sentence(intakes, pf.currency))
taken, kept, latest = st.columns(3)
ui.metric(taken, "Decisions taken", len(judged))
ui.metric(
    kept,
    "Promises being kept",
    sum(1 for d, j in judged if j.value_delayed <= 0 and d.id not in undone),
    help="Decisions in force whose moved projects land on or before the date promised (one gone back on is not counted).",
)
delay_metric(
    latest,
    judged[0][1].value_delayed,
    delayed="Value delayed against the latest promise",
    forward="Value brought forward against the latest promise",
    then=": its moved projects, each valued at the date it promised.",
)


def promise_rows(promises) -> list[dict]:
    return [
        {
            "Project": p.name,
            "Promised": on_day(p.predicted_finish),
            "Now forecast": on_day(p.current_finish),
            "Against the promise": lateness(p) if p.slip_cost is not None else status_words(p.status),
            "Value delayed": "" if p.slip_cost is None else ui.cash_full(p.slip_cost, signed=True),
        }
        for p in promises
    ]


for decision, verdict in judged:
    with st.container(border=True, key=f"decisions.item.{decision.id}"):
        what, predicted, delayed = st.columns([4, 2, 2], vertical_alignment="center")
        with what:
            ui.subheader(decision.name)
            who = f" by {decision.by}" if decision.by else ""
            ui.note(f"Adopted {moment(decision.adopted_at)}{who}.")
            if decision.note:
                ui.say(decision.note)
        ui.money_metric(
            predicted, "Net value promised", verdict.predicted_net_value_change, signed=True, then=" over the horizon."
        )
        if decision.id in undone:
            later = undone[decision.id]
            ui.metric(delayed, "Against its promise", "Reversed", help="A later decision went back to the plan before it.")
            ui.say(f"Reversed {moment(later.adopted_at)} by {later.name}: no longer the plan, so not held to its promise.")
            continue
        delay_metric(
            delayed,
            verdict.value_delayed,
            delayed="Value delayed against it",
            forward="Value brought forward against it",
            then=": its moved projects, each valued at the date it promised.",
        )
        ui.say(promise_kept(verdict, pf.currency))
        if not state.presenting() and verdict.projects:
            listing(promise_rows(verdict.projects))
        if not state.presenting() and verdict.added:
            ui.note("What it took in:")
            listing(promise_rows(verdict.added))

adopting.offer_going_back(key="decisions.back")
