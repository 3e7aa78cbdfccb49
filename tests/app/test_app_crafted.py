"""What a browser can send that the app's own page never would (issue 25, finding 16): a crafted
row key or cell in the What-if's priority editor is no edit, and the session goes on as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.support import on, tick
from vmo_app.controls import priority_edits

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
IDS = ["DQ", "CRM", "GIS"]

# the editor's state as a browser may craft it: none of these is an edit
CRAFTED = {
    "a word for a row": {"edited_rows": {"abc": {"Rank": 1}}},
    "a negative row": {"edited_rows": {"-1": {"Stop": True}}},
    "a row past the list": {"edited_rows": {"999": {"Stop": True}}},
    "a 5,000-digit row": {"edited_rows": {"9" * 5000: {"Rank": 1}}},
    "a superscript digit": {"edited_rows": {"\u00b2": {"Rank": 1}}},
    "cells not an object": {"edited_rows": {"0": [1, 2]}},
    "rows not an object": {"edited_rows": ["0"]},
    "state not an object": "edited_rows",
    "a rank of text": {"edited_rows": {"0": {"Rank": "first"}}},
    "an infinite rank": {"edited_rows": {"0": {"Rank": float("inf")}}},
    "a NaN rank": {"edited_rows": {"0": {"Rank": float("nan")}}},
    "a rank of 10^400": {"edited_rows": {"0": {"Rank": 10**400}}},
    "a stop of text": {"edited_rows": {"0": {"Stop": "yes"}}},
}


@pytest.mark.parametrize("name", CRAFTED)
def test_a_crafted_edit_is_no_edit(name):
    assert priority_edits(CRAFTED[name], IDS) == []


def test_the_pages_own_edits_are_read():
    state = {"edited_rows": {"0": {"Stop": True}, 2: {"Rank": 1.0}}, "added_rows": [], "deleted_rows": []}
    assert priority_edits(state, IDS) == [("DQ", True, None), ("GIS", None, 1)]


def test_after_crafted_edits_the_session_goes_on(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    app = on(AppTest.from_file(APP, default_timeout=120).run(), "whatif.py")
    editor = app.data_editor[0].key
    for name, crafted in CRAFTED.items():
        app.session_state[editor] = crafted
        app.run()
        assert not app.exception, name
        editor = app.data_editor[0].key
    assert app.session_state["vmo.changes"] == []
    tick(app, app.data_editor[0].value["Project"][0], Stop=True)  # the page's own edit still works
    assert not app.exception and len(app.session_state["vmo.changes"]) == 1
