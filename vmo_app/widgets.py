"""What every page draws the same way: user text made safe, money and dates, metrics, charts,
tables, the sidebar, the guard at the top of a page and the boundary around it.

Pages read top to bottom: `guard()` (or `decision_page()`), inputs, one core call through
`vmo_app.cache`, render. User text is data: names, ids, scenario names, file names and the
messages that quote them never become markup. Every Streamlit call that renders markdown
(text, captions, alerts, headings, metric labels, values, deltas and help, widget labels,
radio options, tabs, toasts, progress text) gets its text from the helpers here, which pass
it through `escaped`; text Streamlit shows as text (selectbox and multiselect options, st.text,
table cells and headers) passes through `plain`. Plotly figures escape their own text
(`vmo_core.present.charts.base.plotly_text`). tests/app/test_app_hostile.py holds pages to this.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import streamlit as st

import vmo_core
from vmo_app import address, cache, scenario_bar, state
from vmo_app.safe_text import (  # noqa: F401 - offered to the pages as widgets' own
    choose,
    editor,
    error,
    escaped,
    expander,
    info,
    metric,
    note,
    plain,
    popover,
    say,
    select,
    select_many,
    strong,
    subheader,
    success,
    table,
    tabs,
    text,
    title,
    warning,
)
from vmo_core.errors import VmoError
from vmo_core.present.format import money, money_short, week_date
from vmo_core.present.sentences import describe_changes

WHATIF = "vmo_app/views/whatif.py"  # as app.py names the pages, for st.switch_page and st.page_link
DATA = "vmo_app/views/data.py"

log = logging.getLogger("vmo_app")  # to the server's log (stderr), with the traceback of a page that failed
if not log.handlers:
    _to_stderr = logging.StreamHandler()
    _to_stderr.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(_to_stderr)
_run = threading.local()  # each session's script runs in its own thread


# ---------------------------------------------------------------- money, dates, metrics, charts


def _this_run() -> vmo_core.Portfolio:
    """The portfolio `guard()` opened for this run of the page (formatting asks for it often)."""
    return getattr(_run, "portfolio", None) or cache.portfolio()


def cash(amount: float, *, signed: bool = False) -> str:
    return money_short(amount, _this_run().currency, signed=signed)


def cash_full(amount: float, *, signed: bool = False) -> str:
    return money(amount, _this_run().currency, signed=signed)


def day(week: int | None) -> str:
    return week_date(week, _this_run().settings)


def money_metric(
    where, label: str, amount: float, *, signed: bool = False, then: str = ".", lead: str = "Exactly ", delta=None
) -> None:
    """A metric of money, short on the card and exact in its help: `lead` + the exact amount + `then`."""
    metric(where, label, cash(amount, signed=signed), delta=delta, help=f"{lead}{cash_full(amount, signed=signed)}{then}")


def delay_metrics(diff, *, delta: bool = True) -> None:
    """A comparison's headline: what the delays cost and what is brought forward (never a negative
    "cost"), what extra people cost when the scenario changes capacity, the net, and the value."""
    people = diff.capacity_cost != 0
    columns = iter([*st.columns(3), *st.columns(3)])  # rows of three: each label reads in full at 1280 px
    money_metric(next(columns), "Value lost to delays", diff.value_lost_to_delays, then=": what the projects it delays lose.")
    money_metric(next(columns), "Value brought forward", diff.value_gained_sooner, then=": what the projects it speeds up gain.")
    if people:
        label = "Extra people cost" if diff.capacity_cost > 0 else "People taken away save"
        money_metric(next(columns), label, abs(diff.capacity_cost), then=" over the horizon, at each team's cost per FTE-week.")
    money_metric(
        next(columns),
        "Net value change",
        diff.net_value_change,
        signed=True,
        delta=cash(diff.net_value_change, signed=True) if delta else None,
        then=": value less spend and people, against the plan as it stands.",
    )
    metric(
        next(columns),
        "Total value",
        cash(diff.scenario.total_value),
        delta=cash(diff.scenario.total_value - diff.baseline.total_value, signed=True) if delta else None,
        help=f"Over the horizon: the value every project earns by {day(diff.scenario.settings.horizon_weeks)}.",
    )


def chart(figure, *, key: str) -> None:
    """A figure from vmo_core.present.charts, whose builders escape the user text they put in it."""
    st.plotly_chart(figure, width="stretch", key=key, config={"displaylogo": False})


def computed(call, changes, *, waiting: str, said: Callable[..., str] | None = None, **params):
    """`call(changes, **params)` from the cache; only when it has to run, a spinner saying `waiting`
    or, with `said`, a progress bar that starts at `waiting` and then says `said(fraction, ...)`."""
    found = call.known(changes, **params)
    if found is not None:
        return found
    if said is None:
        line = []  # the line saying it is queued: drawn only if it is

        def queued(ahead: int) -> None:
            if not line:
                line.append(st.empty())
            line[0].caption(escaped(queued_behind(ahead)))

        with st.spinner(escaped(waiting)):
            found = call(changes, _queued=queued, **params)
        if line:
            line[0].empty()
        return found
    bar = st.progress(0.0, text=escaped(waiting))
    found = call(
        changes,
        _progress=lambda fraction, *rest: bar.progress(min(1.0, fraction), text=escaped(said(fraction, *rest))),
        _queued=lambda ahead: bar.progress(0.0, text=escaped(f"{waiting}: {queued_behind(ahead)}")),
        **params,
    )
    bar.empty()
    return found


def queued_behind(ahead: int) -> str:
    """What a page says while its calculation waits for its turn (vmo_app.turns)."""
    others = "another calculation" if ahead == 1 else f"{ahead:,} other calculations"
    return f"queued behind {others}; it starts as soon as its turn comes"


def nothing_to_show(message: str) -> None:
    """Say why the page has nothing to show, and stop it."""
    info(message)
    st.stop()


# ---------------------------------------------------------------- the frame of every page


def guard() -> vmo_core.Portfolio:
    """Every page starts here: the shared link and sidebar, then the portfolio (or a message and a stop).

    The frame is drawn by each page rather than by app.py so that it is part of every run of
    the page (Streamlit's AppTest, for one, re-runs only the page after the first run).
    """
    pf, problem = cache.try_portfolio()
    if pf is None:
        error(f"The portfolio cannot be opened: {problem}")
        info("Load a clean portfolio on the Data page.")
        st.stop()
    frame(pf)
    return pf


def frame(pf: vmo_core.Portfolio) -> None:
    """What every page with a portfolio draws: the scenario a shared link names, and the sidebar."""
    _run.portfolio = pf
    address.restore()  # a reload or a copied address: the scenario it holds, before the link's name
    missing = state.open_shared_scenario()
    if missing:
        warning(f"No saved scenario is called {missing!r}.")
    if unread := address.take_unread():
        warning(unread)
    address.keep()
    sidebar(pf)


def decision_page(heading: str) -> tuple[vmo_core.Portfolio, list[dict]]:
    """A decision page's top: the guard, its title, and the scenario it decides against (`decision_scenario`)."""
    pf = guard()
    title(heading)
    plan_note(pf)
    return pf, decision_scenario()


def plan_note(pf: vmo_core.Portfolio) -> None:
    """Under a page's title, when the plan holds no project or one: what there is to do about it."""
    said = plan_size_note(pf)
    if said:
        info(said)


def plan_size_note(pf: vmo_core.Portfolio) -> str:
    """The plain words for a plan with no project in it, or one ('' for a plan of two or more)."""
    planned = [p for p in pf.projects if p.status in ("active", "approved")]
    proposals = sum(p.status == "proposed" for p in pf.projects)
    load = "Load your portfolio, a project register or an MS Project plan on the Data page"
    if not planned:
        accept = (
            f" or accept one of the {proposals} proposals on the Intake page"
            if proposals > 1
            else " or accept the proposal on the Intake page"
            if proposals
            else ""
        )
        return f"No project is active or approved, so the plan delivers nothing yet. {load}{accept}."
    if len(planned) == 1:
        return (
            "The plan holds one project, so there is no order to choose and no other work for it to wait on. "
            f"{load} to weigh it against the rest of the work."
        )
    return ""


def sidebar(pf: vmo_core.Portfolio) -> None:
    """Shared sidebar: presentation mode, and the scenario (`vmo_app.scenario_bar`)."""
    if state.presenting():  # hidden for the room (vmo_app.presentation): its bar takes the sidebar's place
        return
    with st.sidebar:
        st.toggle(
            "Presentation mode",
            value=False,
            key="vmo.presenting_toggle",
            on_change=lambda: state.set_presenting(st.session_state["vmo.presenting_toggle"]),
            help="For the room: big figures, one sentence, a bar of the changes to make, no sidebar.",
        )
        scenario_bar.show(pf)


def words(*, desk: str, room: str = "") -> str:
    """Words that point at a control or a table: `room` in presentation mode, which hides the sidebar,
    the tables and the pages' own controls (its bar holds the changes), else `desk`. Every sentence
    that names something the room cannot see chooses its words here."""
    return room if state.presenting() else desk


def refusal() -> None:
    """Show, once, why the last change could not be made."""
    message = state.take_refusal()
    if message:
        error(message)


# ---------------------------------------------------------------- the session's scenario on a page


def comparison(changes: list[dict] | None = None):
    """The session's scenario (or `changes`) against the baseline; None, said, if it no longer applies."""
    changes = state.current_changes() if changes is None else changes
    try:
        return cache.comparison(changes)
    except VmoError as exc:
        error(f"This scenario no longer fits the portfolio: {exc}")
        if st.button("Clear the scenario", key="vmo.clear_broken"):
            state.reset()
            st.rerun()
        return None


def decision_scenario() -> list[dict]:
    """The session's changes for a decision page ([]: the plan as it stands), said in a caption.

    Stops the page, with the What-if's message, when the scenario no longer fits the portfolio.
    """
    changes = state.current_changes()
    if not changes:
        note("Against the plan as it stands: this session has no what-if changes.")
        return []
    if comparison(changes) is None:
        st.stop()
    said = describe_changes(changes, _this_run())
    drop = words(desk=" Reset it on the What-if page to drop it.", room=" The bar's Scenario menu goes back to the plan.")
    note(f"Against this session's scenario: {said[:1].lower()}{said[1:]}.{drop}")
    return list(changes)


def scenario_schedule():
    """The schedule of the session's scenario (the baseline when there are no changes)."""
    changes = state.current_changes()
    if not changes:
        return cache.baseline()
    diff = comparison(changes)
    if diff is None:
        st.stop()
    return diff.scenario


def try_in_whatif(changes: list[dict] | tuple[dict, ...]) -> None:
    """Add `changes` to the session's scenario and open the What-if; say why not if they no longer apply."""
    trial = state.current_changes() + [dict(c) for c in changes]
    try:
        cache.comparison(trial)
    except VmoError as exc:
        error(f"That cannot be tried on this scenario: {exc}")
        return
    state.set_changes(trial)
    st.switch_page(WHATIF)
