"""What the app tests share: what a reader sees of an element's markdown, and a page opened
with the check that it neither raised nor fell back to the page boundary's message."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

import vmo_core
from vmo_app.boundary import FAILED
from vmo_core.present.format import money_short

SAMPLE = vmo_core.load(Path(__file__).resolve().parents[2] / "data" / "sample")

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """The text a reader sees of escaped markdown: backslash escapes resolved, word joiners gone."""
    return _ESCAPE.sub(r"\1", markdown).replace("\u2060", "")


def failures(app: AppTest) -> list[str]:
    """The page boundary's messages on the screen (a page that raised and was replaced by one)."""
    return [shown(e.value) for e in app.error if shown(e.value).startswith(FAILED)]


def presenting(app: AppTest) -> AppTest:
    """The session switched to presentation mode, from the sidebar's toggle, as a person would."""
    app.toggle(key="vmo.presenting_toggle").set_value(True).run()
    return app


def on(app: AppTest, page: str) -> AppTest:
    """`page` (a file in vmo_app/views) opened and run: no exception, and not the boundary's message."""
    app.switch_page(f"vmo_app/views/{page}").run()
    assert not app.exception, app.exception
    assert not failures(app), failures(app)
    return app


def headline(app: AppTest) -> dict[str, str]:
    """Each metric's label and value, as the reader sees them."""
    return {shown(m.label): shown(m.value) for m in app.metric}


def metrics(app: AppTest) -> list[tuple[str, str]]:
    """Every metric's (label, value) as the reader sees them, in order, repeats kept."""
    return [(shown(m.label), shown(m.value)) for m in app.metric]


def tick(app: AppTest, project: str, **cells) -> AppTest:
    """An edit of the What-if's priority list: `cells` (Rank=1, Stop=True) typed into `project`'s row, then run.

    AppTest cannot type into a table, so the edit goes where the browser's would: the editor's state."""
    for editor in app.data_editor:
        shown_names = [shown(name) for name in editor.value["Project"]]
        if project in shown_names:
            edits = {"edited_rows": {shown_names.index(project): cells}, "added_rows": [], "deleted_rows": []}
            app.session_state[editor.key] = edits
            return app.run()
    raise AssertionError(f"{project} is in no table of the priority list")


def expect(changes: list[dict]) -> dict[str, str]:
    """The headline the core gives for `changes` on the sample, as the What-if shows it."""
    diff = vmo_core.compare(SAMPLE, {"changes": changes})
    return {
        "Value lost to delays": money_short(diff.value_lost_to_delays, "GBP"),
        "Value brought forward": money_short(diff.value_gained_sooner, "GBP"),
        "Net value change": money_short(diff.net_value_change, "GBP", signed=True),
        "Total value": money_short(diff.scenario.total_value, "GBP"),
    }


def assert_headline(app: AppTest, changes: list[dict]) -> None:
    """The headline on the screen is the core's for `changes`, and the session's scenario is `changes`."""
    assert app.session_state["vmo.changes"] == changes
    on_screen = headline(app)
    for label, value in expect(changes).items():
        assert on_screen[label] == value, label
