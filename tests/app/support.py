"""What the app tests share: what a reader sees of an element's markdown, and a page opened
with the check that it neither raised nor fell back to the page boundary's message."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from vmo_app.boundary import FAILED

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """The text a reader sees of escaped markdown: backslash escapes resolved, word joiners gone."""
    return _ESCAPE.sub(r"\1", markdown).replace("\u2060", "")


def failures(app: AppTest) -> list[str]:
    """The page boundary's messages on the screen (a page that raised and was replaced by one)."""
    return [shown(e.value) for e in app.error if shown(e.value).startswith(FAILED)]


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
