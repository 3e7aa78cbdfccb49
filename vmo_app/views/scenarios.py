"""Scenarios: ranked by net value with the winner and the moves that make its lead; replayed one
change at a time; saved with the figures they had, opened, shared as a link, deleted."""

import streamlit as st

from vmo_app import adopting, cache, scenario_bar, state, workshop, writes
from vmo_app import widgets as ui
from vmo_core.present import charts
from vmo_core.present.format import day, plural, scale_of
from vmo_core.present.sentences import describe_changes
from vmo_core.present.workshop_sentences import describe_move, describe_step

SESSION = ""  # the option standing for this session's scenario (a saved name is never empty)
PLAN = "The plan as it stands"
PICK = "scenarios.pick"
REPLAYED = "scenarios.replay_choice"
STEP = "scenarios.replay_step"  # how many of the replayed scenario's steps are made
DETAILED = "scenarios.choice"  # the saved scenario whose details, link and buttons are shown
FOLLOWS = "scenarios.follows"  # the session's scenario the page last followed
CONFIRM = "scenarios.confirm_delete"  # the name whose deletion waits for a second click


def when(moment) -> str:
    return f"{day(moment)}, {moment:%H:%M}"


def changes_of(option: str) -> list[dict]:
    return session_changes if option == SESSION else by_name[option]["changes"]


def step_by(count: int) -> None:
    st.session_state[STEP] = st.session_state.get(STEP, 0) + count


pf = ui.guard()
saved = cache.store().scenarios()
by_name = {s["name"]: s for s in saved}
session_changes = state.current_changes()

ui.title("Scenarios")
if not saved:
    where = ui.words(desk="in the sidebar", room="once out of presentation mode, in the sidebar")
    ui.info(
        f"No scenarios are saved yet. Make changes on the What-if page, then save them by name ({where}): "
        "they appear here to compare, replay, reopen and share."
    )

# ---------------------------------------------------------------- rank and name the winner
# The session is an option of its own only when it is not just a saved scenario as saved.
own_session = bool(session_changes) and (not state.scenario_name() or state.modified())
options = ([SESSION] if own_session else []) + list(by_name)
labels = {name: name for name in by_name}
if own_session:
    labels[SESSION] = f"This session: {scenario_bar.heading()}"
    while labels[SESSION] in by_name:
        labels[SESSION] += " "
# What the session holds (a shared link's scenario, one opened, or its own changes) is what the
# page shows first: ranked, replayed and detailed, until another is chosen here.
current = SESSION if own_session else (state.scenario_name() if state.scenario_name() in by_name else None)
if current is not None and st.session_state.get(FOLLOWS) != current:
    st.session_state[FOLLOWS] = current
    st.session_state[REPLAYED] = current
    if current in by_name:
        st.session_state[DETAILED] = current
if PICK in st.session_state:
    st.session_state[PICK] = [o for o in st.session_state[PICK] if o in labels]  # deleted since
else:  # the first time: the session's, then every option that still fits, up to four
    first = [current] if current is not None else []
    fits = [o for o in first + [o for o in options if o != current] if cache.try_comparison(changes_of(o))[0] is not None]
    st.session_state[PICK] = fits[:4]

chosen = []
if options:
    ui.subheader("Which scenario wins")
    chosen = ui.select_many(
        st,
        "Scenarios to rank",
        options,
        format_func=labels.get,
        max_selections=6,
        placeholder="Choose two or more scenarios",
        key=PICK,
    )
    if len(chosen) < 2:
        ui.note("Choose two or more scenarios to rank them against each other and the plan.")


def ranking_row(rank: int | str, label: str, diff, lead: float | None) -> dict:
    """One scenario's row of the ranking, its figures exact (the sentence above it says what wins and why)."""
    plan = cache.baseline()
    return {
        "Rank": str(rank),
        "Scenario": label,
        "Net value change": ui.cash_full(diff.net_value_change if diff else 0, signed=True),
        "Behind the winner": "" if lead is None else ("the winner" if lead == 0 else ui.cash_full(-lead, signed=True)),
        "Total value": ui.cash_full(diff.scenario.total_value if diff else plan.total_value),
    }


if len(chosen) >= 2:
    nets = workshop.nets({labels[o]: changes_of(o) for o in chosen})
    order = workshop.ranked(nets)
    by_label = {labels[o]: o for o in chosen}
    best = nets[order[0]] if order else 0.0
    rows = []
    for place, label in enumerate(order, start=1):
        changes = changes_of(by_label[label])
        rows.append(ranking_row(place, label, cache.comparison(changes), best - nets[label]))
    rows.append(ranking_row("", PLAN, None, None))
    for option in chosen:
        if labels[option] not in nets:
            rows.append({"Rank": "", "Scenario": labels[option], "Net value change": "No longer fits the portfolio"})
    if len(order) >= 2:
        winner, runner_up = order[0], order[1]
        ui.say(workshop.winner_sentence((winner, changes_of(by_label[winner])), (runner_up, changes_of(by_label[runner_up])), pf))
    ui.table(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            "Rank": st.column_config.TextColumn(width="small"),
            "Scenario": st.column_config.TextColumn(width="medium"),
        },
    )
    curves = {label: cache.comparison(changes_of(by_label[label])).scenario for label in order}
    if curves:
        ui.chart(charts.scenario_curves(curves, cache.baseline(), title="Value earned over time"), key="scenarios.curves")

# ---------------------------------------------------------------- replay one change at a time
if options and not state.presenting():
    ui.subheader("Replay a scenario")
    shown = ui.select(st, "Scenario to replay", options, format_func=labels.get, key=REPLAYED)
    replay_changes = changes_of(shown)
    diff, reason = cache.try_comparison(replay_changes)
    if diff is None:
        ui.error(f"This scenario no longer fits the portfolio, so it cannot be replayed: {reason}")
    else:
        steps = workshop.replayed(replay_changes)
        if st.session_state.get(STEP + ".of") != shown:  # another scenario: start again from the plan
            st.session_state[STEP] = 0
            st.session_state[STEP + ".of"] = shown
        made = min(st.session_state.get(STEP, 0), len(steps))
        back, forward, whatif, _ = st.columns([1.4, 1.2, 2.2, 1.2])
        back.button(
            "Previous step", key="scenarios.replay_back", disabled=made == 0, width="stretch", on_click=step_by, args=(-1,)
        )
        forward.button(
            "Next step", key="scenarios.replay_next", disabled=made == len(steps), width="stretch", on_click=step_by, args=(1,)
        )
        if made == 0:
            ui.strong(f"The plan as it stands: {plural(len(steps), 'step')} to go. Press Next step to make the first change.")
        else:
            scale = scale_of(*(s.net_after for s in steps))  # one unit for the whole replay: its steps add up
            ui.strong(describe_step(made, steps[made - 1], pf, of=len(steps), scale=scale))
        ui.table(
            [
                {
                    "Step": str(number),
                    "Change": describe_move(step, pf)[:1].upper() + describe_move(step, pf)[1:],
                    "This step": ui.cash_full(round(step.net_after) - round(step.net_before), signed=True),
                    "Net so far": ui.cash_full(step.net_after, signed=True),
                    "Made": "yes" if number <= made else "not yet",
                }
                for number, step in enumerate(steps, start=1)
            ],
            hide_index=True,
            width="stretch",
        )
        if whatif.button("Open these steps in What-if", key="scenarios.replay_open", disabled=made == 0, width="stretch"):
            if shown == SESSION:
                state.set_changes([c for step in steps[:made] for c in step.added])
            else:  # the rest of its steps wait for Redo
                state.open_saved(shown, replay_changes, link=False, made=sum(len(s.added) for s in steps[:made]))
            st.switch_page(ui.WHATIF)

# ---------------------------------------------------------------- saved: figures then and now; open, share, delete
if saved and not state.presenting():
    ui.subheader("Saved scenarios")
    ui.table(
        [
            {
                "Scenario": s["name"],
                "Saved": when(s["saved_at"]),
                "Changes": len(s["changes"]),
                "When saved, and now": workshop.drift(s, pf) or "Saved before figures were kept",
            }
            for s in saved
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "Scenario": st.column_config.TextColumn(width="medium"),
            "Changes": st.column_config.NumberColumn(width="small"),
            "When saved, and now": st.column_config.TextColumn(width="large"),
        },
    )
    name = ui.select(st, "Saved scenario", list(by_name), key=DETAILED)
    record = by_name[name]
    ui.text(f"Saved {when(record['saved_at'])}: {describe_changes(record['changes'], pf)}.")
    said = workshop.drift(record, pf)
    if said:
        ui.say(said)
    diff, reason = cache.try_comparison(record["changes"])
    if diff is None:
        ui.error(f"It no longer fits the portfolio, so it cannot be opened: {reason}")

    open_it, delete_it, _ = st.columns([1, 1, 3])
    if open_it.button("Open in What-if", key="scenarios.open", disabled=diff is None, type="primary", width="stretch"):
        state.open_saved(name, record["changes"], link=False)
        st.switch_page(ui.WHATIF, query_params={"scenario": name})
    adopting.offer(record["changes"] if diff is not None else [], key="scenarios", name=name, where=open_it, width="stretch")
    if delete_it.button("Delete", key="scenarios.delete", width="stretch"):
        st.session_state[CONFIRM] = name
    if st.session_state.get(CONFIRM) == name:
        ui.warning(f"Delete the scenario {name} for everyone who uses this app? This cannot be undone.")
        yes, no, _ = st.columns([1, 1, 3])
        if yes.button("Delete it", key="scenarios.delete_confirmed", type="primary", width="stretch"):
            refused = writes.delete_scenario(name)  # "" when done; a viewer is refused, with why
            del st.session_state[CONFIRM]
            if refused:
                ui.error(refused)
            else:
                state.forget_deleted(name)  # the session keeps its changes, now unsaved
                st.rerun()
        if no.button("Keep it", key="scenarios.delete_cancelled", width="stretch"):
            del st.session_state[CONFIRM]
            st.rerun()

    ui.note("The link that opens it, to send:")
    st.code(state.share_link(name), language=None, wrap_lines=True)
    scenario_bar.copy_button()
