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
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import streamlit as st

import vmo_core
from vmo_app import cache, state
from vmo_core.errors import VmoError
from vmo_core.present.charts.base import without_controls
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


# ---------------------------------------------------------------- user text as data

# Explicit direction controls (embeddings, overrides, isolates: U+202A-202E, U+2066-2069) are
# removed, not wrapped in an isolate: a name with U+202E would otherwise show the rest of its
# line backwards, and a name's own U+2069 could close any isolate put around it. Removing them
# works the same wherever a name is shown (markdown, canvas tables, Plotly's SVG in the page
# and in an exported chart); Arabic or Hebrew names still read right to left by their letters.
# Control characters go too. One definition for the app and the charts: `without_controls`.
_SPACE = re.compile(r"\s+")
_ASCII_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")  # every character CommonMark lets a backslash escape
_JOINER = "\u2060"  # WORD JOINER: invisible, no break; splits what Streamlit's markdown would turn into a link
_AUTOLINKED = re.compile(r"(\\[:@])|(?<=www)(?=\\\.)", re.IGNORECASE)


def plain(text: Any) -> str:
    """`text` for a place Streamlit shows as text (options, st.text, table cells): no direction controls."""
    return without_controls(text)


def escaped(text: Any) -> str:
    """`text` for a place Streamlit renders as markdown, shown exactly as written and never as markup.

    Every ASCII punctuation character is backslash-escaped (links, images, emphasis, HTML, code,
    headings, lists, tables, $math$, :colour[...] and :material/...: directives). Streamlit then
    still turns URLs, www. addresses, e-mail addresses and :emoji: codes found in the escaped
    text into links or pictures, so a word joiner follows each : and @ and splits www. too.
    Runs of white space become one space, so no line starts a block.
    """
    flat = _SPACE.sub(" ", plain(text))
    return _AUTOLINKED.sub(lambda m: (m.group(1) or "") + _JOINER, _ASCII_PUNCTUATION.sub(r"\\\g<0>", flat))


def _signed(delta: Any) -> Any:
    """A metric's delta, escaped but for a leading sign, which Streamlit reads for the arrow's direction."""
    if delta is None or not isinstance(delta, str):
        return delta
    sign = delta[:1] if delta[:1] in "+-" else ""
    return sign + escaped(delta[len(sign) :])


def say(text: str) -> None:
    """A sentence for people; names in it stay text."""
    st.markdown(escaped(text))


def note(text: str) -> None:
    """A caption for people, escaped like `say`."""
    st.caption(escaped(text))


def strong(text: str) -> None:
    """A bold line for people, escaped like `say`."""
    st.markdown(f"**{escaped(text).strip()}**")


def text(words: str, where=st) -> None:
    """Text in Streamlit's fixed-width text element (never markdown)."""
    where.text(plain(words))


def title(words: str) -> None:
    st.title(escaped(words))


def subheader(words: str) -> None:
    st.subheader(escaped(words))


def error(words: str, where=st) -> None:
    where.error(escaped(words))


def warning(words: str, where=st) -> None:
    where.warning(escaped(words))


def info(words: str, where=st) -> None:
    where.info(escaped(words))


def success(words: str, where=st) -> None:
    where.success(escaped(words))


def metric(where, label: str, value: Any, *, delta: Any = None, help: str | None = None, **kwargs) -> None:
    """`where.metric` with its label, value, delta and help escaped (Streamlit renders all four as markdown)."""
    where.metric(
        escaped(label),
        escaped(value) if isinstance(value, str) else value,
        delta=_signed(delta),
        help=None if help is None else escaped(help),
        **kwargs,
    )


def select(where, label: str, options: Iterable, *, format_func: Callable[[Any], Any] = str, **kwargs):
    """`where.selectbox`: the label escaped, each option (which Streamlit shows as text) plain."""
    return where.selectbox(escaped(label), options, format_func=lambda o: plain(format_func(o)), **_helped(kwargs))


def select_many(where, label: str, options: Iterable, *, format_func: Callable[[Any], Any] = str, **kwargs):
    """`where.multiselect`, made safe as `select` is."""
    return where.multiselect(escaped(label), options, format_func=lambda o: plain(format_func(o)), **_helped(kwargs))


def choose(where, label: str, options: Iterable, *, format_func: Callable[[Any], Any] = str, **kwargs):
    """`where.radio`: its label and its options, which Streamlit renders as markdown, escaped."""
    return where.radio(escaped(label), options, format_func=lambda o: escaped(format_func(o)), **_helped(kwargs))


def expander(label: str, **kwargs):
    """`st.expander`: its label, which Streamlit renders as markdown, escaped."""
    return st.expander(escaped(label), **kwargs)


def tabs(labels: list[str], **kwargs):
    return st.tabs([escaped(label) for label in labels], **kwargs)


def _helped(kwargs: dict) -> dict:
    if kwargs.get("help") is not None:
        kwargs["help"] = escaped(kwargs["help"])
    if kwargs.get("placeholder") is not None:
        kwargs["placeholder"] = plain(kwargs["placeholder"])
    return kwargs


def table(data, **kwargs) -> None:
    """`st.dataframe` with every text cell and heading plain. Its cells are shown as text, never as
    links (no LinkColumn here: a name is no address)."""
    if isinstance(data, pd.DataFrame):
        shown = data.rename(columns=plain, index=lambda i: plain(i) if isinstance(i, str) else i)
        shown = shown.map(lambda v: plain(v) if isinstance(v, str) else v)
    else:
        shown = [{plain(k): plain(v) if isinstance(v, str) else v for k, v in row.items()} for row in data]
    st.dataframe(shown, **kwargs)


def editor(rows: list[dict], **kwargs):
    """`st.data_editor` of `rows`, every text cell plain, as `table`'s are."""
    return st.data_editor([{k: plain(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows], **kwargs)


def popover(where, label: str, **kwargs):
    return where.popover(escaped(label), **kwargs)


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
    columns = iter(st.columns(5 if people else 4))
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
        "Value over the horizon",
        cash(diff.scenario.total_value),
        delta=cash(diff.scenario.total_value - diff.baseline.total_value, signed=True) if delta else None,
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
        with st.spinner(escaped(waiting)):
            return call(changes, **params)
    bar = st.progress(0.0, text=escaped(waiting))
    found = call(
        changes,
        _progress=lambda fraction, *rest: bar.progress(min(1.0, fraction), text=escaped(said(fraction, *rest))),
        **params,
    )
    bar.empty()
    return found


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
    missing = state.open_shared_scenario()
    if missing:
        warning(f"No saved scenario is called {missing!r}.")
    sidebar(pf)


def decision_page(heading: str) -> tuple[vmo_core.Portfolio, list[dict]]:
    """A decision page's top: the guard, its title, and the scenario it decides against (`decision_scenario`)."""
    pf = guard()
    title(heading)
    return pf, decision_scenario()


def sidebar(pf: vmo_core.Portfolio) -> None:
    """Shared sidebar: presentation mode, and the scenario (save, open, share)."""
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
        changes = state.current_changes()
        st.caption("Scenario")
        text(state.scenario_name() or "Unsaved scenario")
        text(describe_changes(changes, pf) if changes else "No changes: the plan as it stands.")
        st.text_input("Save as", value=state.scenario_name(), max_chars=80, key=state.SAVE_NAME)
        st.button("Save scenario", key="vmo.save", width="stretch", on_click=state.save_from_sidebar)
        saved_message = state.take_saved_message()
        if saved_message:
            success(saved_message)
        if refused := state.take_save_refusal():
            error(refused)
        saved = [s["name"] for s in cache.store().scenarios()]
        if saved:
            chosen = select(st, "Saved scenarios", saved, index=None, placeholder="Open a saved scenario", key="vmo.open_choice")
            if st.button("Open", disabled=chosen is None, width="stretch", key="vmo.open"):
                state.open_saved(chosen, cache.store().scenario(chosen)["changes"])
                st.rerun()


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
    drop = "" if state.presenting() else " Reset it on the What-if page to drop it."  # no Reset in the room's bar
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
