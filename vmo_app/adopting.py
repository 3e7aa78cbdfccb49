"""Adopt: "make this the plan", from the What-if, a saved scenario or an intervention; and going back.

A button opens a confirmation (`st.dialog`) that shows what will change (the projects whose
delivery moves, and the net value change), asks who decides and why, and then makes one store
call that writes the new snapshot and the decision together. Going back is the same step the
other way: an earlier plan written again as the newest snapshot, with its own decision, so
nothing is lost. After either, the session's scenario is cleared (its changes are now the
plan, or belong to a plan no longer in force), the Decisions page opens with the decision on
top, and every page shows the new plan: the cache keys on the newest snapshot (`cache.version`).

Which confirmation is open is kept in the session (`PENDING`) rather than in the button's
return value, so that it survives the runs its own fields cause; closing it forgets it.
"""

from __future__ import annotations

import datetime as dt
import logging

import streamlit as st

from vmo_app import cache, state, writes
from vmo_app import widgets as ui
from vmo_app.review_widgets import listing
from vmo_core.decisions.review import BRINGS_BACK
from vmo_core.engine.scenario import as_scenario
from vmo_core.errors import StoreError, VmoError
from vmo_core.io.loading import build_portfolio
from vmo_core.present.format import day
from vmo_core.present.review_sentences import (
    adoption_sentence,
    decision_title,
    going_back_sentence,
    moves_by,
    on_day,
    snapshot_label,
)

PENDING = "vmo.adopt.pending"  # {"key": the offer's key, and "changes" and "name", or "snapshot"}
ADOPTED = "vmo.adopt.done"  # what to say once the new plan is in force
REGISTER = "vmo_app/views/decisions.py"  # as app.py names the page
NAME, BY, WHY = "adopt.name", "adopt.by", "adopt.why"
FAILED = "The plan could not be changed; nothing was written. Try again in a moment."

log = logging.getLogger("vmo_app")


# ---------------------------------------------------------------- offering it


def offer(changes: list[dict], *, key: str, name: str = "", where=st, label: str = "Make it the plan", **button) -> None:
    """A button that opens the confirmation to adopt `changes` as the plan (nothing without changes,
    or in presentation mode, whose bar offers it: `offer_in_room`)."""
    if not changes or state.presenting():
        return
    _offered(changes, key=key, name=name, where=where, label=label, **button)


def offer_in_room(changes: list[dict], *, where=st) -> None:
    """The room's bar: the session's scenario made the plan, the same confirmation naming every change;
    greyed out while there is nothing to adopt, so that the bar keeps its shape."""
    _offered(changes, key="present", name=state.scenario_name(), where=where, label="Make it the plan", disabled=not changes)


def _offered(changes: list[dict], *, key: str, name: str, where, label: str, **button) -> None:
    ask = {"key": key, "changes": [dict(c) for c in changes], "name": name}
    where.button(ui.escaped(label), key=f"{key}.adopt", on_click=_ask, args=(ask,), **button)
    pending = st.session_state.get(PENDING)
    if pending and pending["key"] == key and "changes" in pending:
        _confirm_adoption(pending)


def offer_move(item, *, rank: int, session: list[dict], where) -> None:
    """An intervention's button: the move, on top of the session's scenario, made the plan."""
    name = "" if session else item.label  # on top of other changes, the move alone does not name it
    offer(session + list(item.changes), key=f"interventions.{rank}", name=name, where=where, width="stretch")


def offer_going_back(*, key: str) -> None:
    """Choose an earlier plan of the same review date and bring it back, after a confirmation."""
    if state.presenting():
        return
    found = cache.snapshots()
    newest = found[-1]
    earlier = [s for s in reversed(found[:-1]) if s.as_of == newest.as_of]
    ui.subheader("Go back to an earlier plan")
    if not earlier:
        ui.note(
            f"No earlier plan is as of {day(newest.as_of)}, the plan's date, so there is none to go back to. "
            "Once a scenario is made the plan, the plan before it can be brought back here."
        )
        return
    labels = {s.id: snapshot_label(s) for s in earlier}
    chosen = ui.select(st, "Plan to bring back", list(labels), format_func=labels.get, key=f"{key}.choice")
    st.button("Go back to it", key=f"{key}.open", on_click=_ask, args=({"key": key, "snapshot": chosen},))
    ui.note("Going back writes that plan again as the newest; the plan in force now stays in the history.")
    pending = st.session_state.get(PENDING)
    if pending and pending["key"] == key and "snapshot" in pending:
        _confirm_going_back(pending, labels.get(pending["snapshot"], f"snapshot {pending['snapshot']}"))


def announce() -> None:
    """Once, what the last adoption did (the register's page says it, at its top)."""
    said = st.session_state.pop(ADOPTED, None)
    if said:
        ui.success(said)


def _ask(ask: dict) -> None:
    st.session_state[PENDING] = ask
    for field in (NAME, BY, WHY):
        st.session_state.pop(field, None)


def _forget() -> None:
    st.session_state.pop(PENDING, None)


def _done(message: str) -> None:
    """The new plan is in force: the session starts from it, with nothing to undo into the old one,
    on the register's page, where the decision just taken stands first."""
    _forget()
    state.reset()
    st.session_state[state.HISTORY] = []
    st.session_state[ADOPTED] = message
    st.switch_page(REGISTER)


# ---------------------------------------------------------------- the confirmations


def _who() -> tuple[str, str]:
    """Who decides and why: the two fields both confirmations ask."""
    by = st.text_input("Who decides", max_chars=80, key=BY, placeholder="e.g. Steering committee")
    why = st.text_area("Why", max_chars=500, key=WHY, placeholder="What the meeting decided, in a sentence")
    return by.strip(), why.strip()


def _buttons(*, ready: bool, confirm: str) -> bool:
    go, cancel, _ = st.columns([2, 1, 2])
    if cancel.button("Cancel", key="adopt.cancel", width="stretch"):
        _forget()
        st.rerun()
    if not ready:
        ui.note("Say who decides to go on.")
    return go.button(ui.escaped(confirm), key="adopt.confirm", type="primary", disabled=not ready, width="stretch")


def _moved(name: str, now: str, then: str, weeks: int | None, **more: str) -> dict:
    """A row of the confirmation's table: a project whose delivery moves."""
    return {"Project": name, "Delivered now": now, "Once it is the plan": then, "Moves": moves_by(weeks), **more}


@st.dialog("Make this the plan", width="large", on_dismiss=_forget)
def _confirm_adoption(ask: dict) -> None:
    at = cache.version()
    diff, reason = cache.try_comparison(ask["changes"])
    if diff is None:
        ui.error(f"This scenario no longer fits the plan, so it cannot be adopted: {reason}")
        _buttons(ready=False, confirm="Adopt it")
        return
    offered = ask["name"] or decision_title(ask["changes"], cache.portfolio())
    name = st.text_input("Decision", value=offered, max_chars=200, key=NAME)  # a name's most (vmo_core.io.names)
    ui.say(adoption_sentence(diff, name=name.strip() or "it", changes=ask["changes"], portfolio=cache.portfolio()))
    moved = [
        _moved(
            d.name,
            ui.day(d.base_finish_week),
            ui.day(d.scenario_finish_week),
            d.finish_delta_weeks,
            **{"Value change": ui.cash_full(d.value_delta, signed=True)},
        )
        for d in sorted(diff.projects, key=lambda d: -abs(d.value_delta))
        if d.finish_changed
    ]
    listing(moved)
    by, why = _who()
    if _buttons(ready=bool(by and name.strip()), confirm="Adopt it"):
        _write(lambda: _adopt(ask["changes"], name=name.strip(), by=by, why=why, on=at), f"{name.strip()} is now the plan.")


@st.dialog("Go back to an earlier plan", width="large", on_dismiss=_forget)
def _confirm_going_back(ask: dict, label: str) -> None:
    at = cache.version()
    name = f"Back to the plan of {label}"
    predicted = cache.going_back(snapshot=ask["snapshot"], name=name)
    ui.say(going_back_sentence(predicted, label=label, currency=cache.portfolio().currency))
    moved = [_moved_back(row) for row in predicted["predicted"]]
    listing(moved)
    by, why = _who()
    if _buttons(ready=bool(by), confirm="Go back to it"):
        _write(
            lambda: _go_back(ask["snapshot"], name=name, predicted=predicted, by=by, why=why, on=at), f"{name} is in force again."
        )


def _moved_back(row: dict) -> dict:
    """A project the earlier plan delivers in another week: now, and once that plan is back (same as-of date)."""
    held = cache.baseline().by_id[row["id"]]
    then = None if row["predicted_finish"] is None else dt.date.fromisoformat(row["predicted_finish"])
    back = None if then is None else cache.portfolio().week(then)
    weeks = None if back is None or held.finish_week is None else back - held.finish_week
    return _moved(held.name, ui.day(held.finish_week), on_day(then), weeks)


# ---------------------------------------------------------------- the one store call each


def _write(write, said: str) -> None:
    """Run `write`; on success the new plan is in force, else say why (nothing was written)."""
    try:
        write()
    except VmoError as exc:
        ui.error(f"Nothing was written: {exc}")
        return
    except Exception:  # noqa: BLE001 - a dialog's own runs happen outside the page's boundary (boundary.shown_safely)
        log.exception("An adoption failed")
        ui.error(FAILED)
        return
    _done(said)


def _unchanged_since(at: str) -> None:
    if cache.version() != at:
        raise StoreError("the plan changed while this was open (another adoption or an import); look again and confirm")


def _adopt(changes: list[dict], *, name: str, by: str, why: str, on: str) -> None:
    _unchanged_since(on)
    writes.adopt_scenario(as_scenario({"name": name, "changes": changes}), decider=by, note=why)


def _go_back(snapshot: int, *, name: str, predicted: dict, by: str, why: str, on: str) -> None:
    _unchanged_since(on)
    store = cache.store()
    writes.adopt(
        cache.snapshot_portfolio(snapshot=snapshot),
        name=name,
        scenario=predicted["scenario"],
        predicted={**predicted, BRINGS_BACK: snapshot},  # what it undoes: vmo_core.decisions.review.reversals
        decider=by,
        note=why,
        based_on=store.newest_snapshot().id,
        check=lambda tables: build_portfolio(tables, source=f"{store.path} (the plan brought back)"),
    )
