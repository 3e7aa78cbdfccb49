"""The app's one UI helper module: the shared store, the session's scenario, and display helpers.

Pages read top to bottom: `ui.guard()`, inputs, one core call, render. Economics stay in
`vmo_core`; this module only holds state and formats. User text is always passed to
Streamlit as data (st.text, st.dataframe, st.metric), never as HTML.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import streamlit as st

import vmo_core
from vmo_core.engine.evaluation import compare
from vmo_core.errors import VmoError
from vmo_core.io.loading import build_portfolio
from vmo_core.present.format import money, money_short
from vmo_core.present.sentences import describe_changes
from vmo_core.store.duckdb_store import Store, import_portfolio

ROOT = Path(__file__).resolve().parent

CHANGES = "vmo.changes"  # the session's scenario: a list of change dicts
HISTORY = "vmo.history"  # earlier change lists, for undo
NAME = "vmo.scenario_name"
PRESENTING = "vmo.presenting"
SHARED_LOADED = "vmo.shared_loaded"  # the ?scenario= of the URL has been opened in this session


# ---------------------------------------------------------------- the store and the portfolio


def db_path() -> Path:
    """The app's database: VMO_DB, or var/vmo.duckdb in the project."""
    return Path(os.environ.get("VMO_DB", ROOT / "var" / "vmo.duckdb"))


def sample_path() -> Path:
    """What a new database starts with: VMO_SAMPLE, or the bundled sample portfolio."""
    return Path(os.environ.get("VMO_SAMPLE", ROOT / "data" / "sample"))


def store() -> Store:
    """One connection to the portfolio database for the whole app; threads take cursors."""
    return _store(str(db_path()), str(sample_path()))


@st.cache_resource(show_spinner=False)
def _store(path: str, sample: str) -> Store:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        import_portfolio(vmo_core.load(sample), path, source=sample)
    opened = Store(path)
    if not opened.has_portfolio():
        opened.replace_portfolio(vmo_core.load(sample), source=sample)
    return opened


def version() -> str:
    """Which portfolio is loaded: the database file and its import count."""
    return f"{db_path()}#{store().meta().get('version', '0')}"


@st.cache_resource(show_spinner=False, max_entries=4)
def _portfolio(version: str) -> vmo_core.Portfolio:
    return build_portfolio(store().read_tables(), source=str(db_path()))


@st.cache_resource(show_spinner=False, max_entries=4)
def _baseline(version: str) -> vmo_core.engine.ScheduleResult:
    return vmo_core.schedule(_portfolio(version))


@st.cache_resource(show_spinner=False, max_entries=256)
def _comparison(version: str, changes_json: str):
    pf = _portfolio(version)
    return compare(pf, {"name": "What-if", "changes": json.loads(changes_json)}, baseline=_baseline(version))


def _decisions() -> dict:
    from vmo_core.decisions.benefits import benefits
    from vmo_core.decisions.constraints import constraints
    from vmo_core.decisions.stopping import stop_ranking

    return {"constraints": constraints, "benefits": benefits, "stop_ranking": stop_ranking}


@st.cache_resource(show_spinner=False, max_entries=64)
def _decision(name: str, version: str, changes_json: str):
    changes = json.loads(changes_json)
    return _decisions()[name](_portfolio(version), scenario={"changes": changes} if changes else None)


def decision(name: str, scenario: dict | None = None):
    """constraints, benefits or stop_ranking for the portfolio (or a scenario), computed once per version."""
    changes = (scenario or {}).get("changes", [])
    return _decision(name, version(), json.dumps(changes, sort_keys=True))


def portfolio() -> vmo_core.Portfolio:
    return _portfolio(version())


def baseline():
    return _baseline(version())


def comparison(changes: list[dict] | None = None):
    """The session's scenario (or `changes`) against the baseline; None if it no longer applies."""
    changes = current_changes() if changes is None else changes
    try:
        return _comparison(version(), json.dumps(changes, sort_keys=True))
    except VmoError as exc:
        st.error(f"This scenario no longer fits the portfolio: {exc}")
        if st.button("Clear the scenario", key="vmo.clear_broken"):
            reset()
            st.rerun()
        return None


def guard() -> vmo_core.Portfolio:
    """Every page starts here: the shared link and sidebar, then the portfolio (or a message and a stop).

    The frame is drawn by each page rather than by app.py so that it is part of every run of
    the page (Streamlit's AppTest, for one, re-runs only the page after the first run).
    """
    try:
        pf = portfolio()
    except VmoError as exc:
        st.error(f"The portfolio cannot be opened: {exc}")
        st.info("Load a clean portfolio on the Data page.")
        st.stop()
    _run.portfolio = pf
    open_shared_scenario()
    sidebar()
    return pf


_run = threading.local()  # each session's script runs in its own thread


def _this_run() -> vmo_core.Portfolio:
    """The portfolio `guard()` opened for this run of the page (formatting asks for it often)."""
    return getattr(_run, "portfolio", None) or portfolio()


# ---------------------------------------------------------------- the session's scenario


def current_changes() -> list[dict]:
    return st.session_state.setdefault(CHANGES, [])


def set_changes(changes: list[dict], *, name: str | None = None) -> None:
    st.session_state.setdefault(HISTORY, []).append(list(current_changes()))
    st.session_state[CHANGES] = list(changes)
    if name is not None:
        st.session_state[NAME] = name


REFUSED = "vmo.refused"  # why the last change asked for could not be made


def push_change(change: dict) -> bool:
    """Add a change if the scenario still applies with it; otherwise keep why, for `refusal()`.

    Safe inside a widget callback (it draws nothing), so a click costs one run of the page.
    """
    trial = current_changes() + [change]
    try:
        _comparison(version(), json.dumps(trial, sort_keys=True))
    except VmoError as exc:
        st.session_state[REFUSED] = str(exc)
        return False
    st.session_state.pop(REFUSED, None)
    set_changes(trial)
    return True


def refusal() -> None:
    """Show, once, why the last change could not be made."""
    message = st.session_state.pop(REFUSED, None)
    if message:
        st.error(message)


def undo() -> None:
    history = st.session_state.get(HISTORY, [])
    if history:
        st.session_state[CHANGES] = history.pop()


def reset() -> None:
    set_changes([])
    st.session_state[NAME] = ""
    if "scenario" in st.query_params:
        del st.query_params["scenario"]


def scenario_name() -> str:
    return st.session_state.get(NAME, "")


def open_shared_scenario() -> None:
    """A link with ?scenario=NAME opens that saved scenario, once per session."""
    name = st.query_params.get("scenario")
    if not name or st.session_state.get(SHARED_LOADED) == name:
        return
    st.session_state[SHARED_LOADED] = name
    saved = store().scenario(name)
    if saved is None:
        st.warning(f"No saved scenario is called {name!r}.")
        return
    st.session_state[CHANGES] = list(saved["changes"])
    st.session_state[NAME] = name


def save_scenario(name: str) -> None:
    store().save_scenario(name, current_changes())
    st.session_state[NAME] = name
    st.session_state[SHARED_LOADED] = name
    st.query_params["scenario"] = name


# ---------------------------------------------------------------- display


def presenting() -> bool:
    return bool(st.session_state.get(PRESENTING, False))


def cash(amount: float, *, signed: bool = False) -> str:
    return money_short(amount, _this_run().currency, signed=signed)


def cash_full(amount: float, *, signed: bool = False) -> str:
    return money(amount, _this_run().currency, signed=signed)


def day(week: int | None) -> str:
    from vmo_core.present.format import week_date

    return week_date(week, _this_run().settings)


def chart(figure, *, key: str) -> None:
    st.plotly_chart(figure, width="stretch", key=key, config={"displaylogo": False})


def _save_from_sidebar() -> None:
    name = (st.session_state.get("vmo.save_name") or "").strip()
    if not name:
        st.session_state["vmo.saved"] = None
        st.session_state[REFUSED] = "Give the scenario a name first."
        return
    save_scenario(name)
    st.session_state["vmo.saved"] = f"Saved {name!r}. This page's link now opens it."


def sidebar() -> None:
    """Shared sidebar: presentation mode, and the scenario (save, open, share)."""
    with st.sidebar:
        # the widget's own state is dropped when the page changes; PRESENTING is ours and stays
        st.toggle(
            "Presentation mode",
            value=presenting(),
            key="vmo.presenting_toggle",
            on_change=lambda: st.session_state.update({PRESENTING: st.session_state["vmo.presenting_toggle"]}),
            help="Big numbers and plain charts, no editing controls.",
        )
        changes = current_changes()
        st.caption("Scenario")
        st.text(scenario_name() or "Unsaved scenario")
        st.text(describe_changes(changes) if changes else "No changes: the plan as it stands.")
        if presenting():
            return
        st.text_input("Save as", value=scenario_name(), max_chars=80, key="vmo.save_name")
        st.button("Save scenario", key="vmo.save", width="stretch", on_click=_save_from_sidebar)
        saved_message = st.session_state.pop("vmo.saved", None)
        if saved_message:
            st.success(escaped(saved_message))
        saved = [s["name"] for s in store().scenarios()]
        if saved:
            chosen = st.selectbox(
                "Saved scenarios", saved, index=None, placeholder="Open a saved scenario", key="vmo.open_choice"
            )
            if st.button("Open", disabled=chosen is None, width="stretch", key="vmo.open"):
                record = store().scenario(chosen)
                set_changes(record["changes"], name=chosen)
                st.session_state[SHARED_LOADED] = chosen
                st.query_params["scenario"] = chosen
                st.rerun()


_MARKDOWN_SPECIAL = "\\`*_{}[]<>()#+-.!|~$:"


def say(text: str) -> None:
    """A sentence for people, with every markdown character escaped: names stay text."""
    st.markdown(escaped(text))


# ---------------------------------------------------------------- decision pages


def escaped(text: str) -> str:
    """Text with every markdown character escaped, for Streamlit calls that render markdown."""
    return "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in text)


def note(text: str) -> None:
    """A caption for people, escaped like `say`."""
    st.caption(escaped(text))


def strong(text: str) -> None:
    """A bold line for people, escaped like `say`."""
    st.markdown(f"**{escaped(text)}**")


def decision_scenario() -> dict | None:
    """The session's scenario for a decision page (None: the plan as it stands), said in a caption.

    Stops the page, with the What-if's message, when the scenario no longer fits the portfolio.
    """
    changes = current_changes()
    if not changes:
        note("Against the plan as it stands: this session has no what-if changes.")
        return None
    if comparison(changes) is None:
        st.stop()
    said = describe_changes(changes)
    note(f"Against this session's scenario: {said[:1].lower()}{said[1:]}. Reset it on the What-if page to drop it.")
    return {"changes": list(changes)}


def scenario_schedule():
    """The schedule of the session's scenario (the baseline when there are no changes)."""
    changes = current_changes()
    if not changes:
        return baseline()
    diff = comparison(changes)
    if diff is None:
        st.stop()
    return diff.scenario


def try_in_whatif(changes: list[dict] | tuple[dict, ...]) -> None:
    """Add `changes` to the session's scenario and open the What-if; say why not if they no longer apply."""
    trial = current_changes() + [dict(c) for c in changes]
    try:
        _comparison(version(), json.dumps(trial, sort_keys=True))
    except VmoError as exc:
        st.error(f"That cannot be tried on this scenario: {exc}")
        return
    set_changes(trial)
    st.switch_page("views/whatif.py")


# ---------------------------------------------------------------- the Scenarios page


def try_comparison(changes: list[dict]):
    """(comparison, "") for a change list against the baseline, or (None, why it no longer applies).

    Unlike `comparison`, draws nothing: a page comparing several scenarios says which one broke.
    """
    try:
        return _comparison(version(), json.dumps(changes, sort_keys=True)), ""
    except VmoError as exc:
        return None, str(exc)


# ---------------------------------------------------------------- serving


def _warm_up() -> None:
    """Load what a first page needs (the core, Plotly, the compiled schedule kernel) before anyone asks."""
    try:
        import vmo_core.decisions.constraints  # noqa: F401
        import vmo_core.decisions.intake  # noqa: F401
        import vmo_core.present.charts  # noqa: F401

        vmo_core.schedule(vmo_core.load(sample_path()))
    except Exception:  # noqa: BLE001 - only a head start: the page itself reports any problem
        pass


if __name__ == "__main__":  # `python -m vmo_ui [streamlit options]`: the app with a head start (make run)
    import sys

    from streamlit.web import cli

    threading.Thread(target=_warm_up, name="vmo-warm-up", daemon=True).start()
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
    sys.exit(cli.main())
