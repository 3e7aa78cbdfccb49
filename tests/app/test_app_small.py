"""Every page on an empty portfolio and on a one-project one: it opens without an exception
(before, the Constraint page failed with IndexError) and says in plain words what there is to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.support import on, shown
from tests.small import small_portfolio

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = sorted(p.name for p in (ROOT / "vmo_app" / "views").glob("*.py"))
# the pages about the plan itself say how small it is, and what to do (the others speak of snapshots, scenarios, files)
SAYS_HOW_BIG = set(PAGES) - {"data.py", "review.py", "scenarios.py", "decisions.py"}


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("small-app")
    return {kind: small_portfolio(root / kind, kind) for kind in ("empty", "no-pool", "one")}


def _words(app: AppTest) -> str:
    parts = [*app.title, *app.markdown, *app.info, *app.warning, *app.caption, *app.metric, *app.subheader]
    return "\n".join(shown(getattr(p, "value", "") or "") + " " + shown(getattr(p, "label", "") or "") for p in parts)


@pytest.mark.parametrize("kind", ["empty", "no-pool", "one"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_a_small_portfolio(folders, kind, page, tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    monkeypatch.setenv("VMO_SAMPLE", str(folders[kind]))
    app = AppTest.from_file(APP, default_timeout=120).run()
    on(app, page)
    assert app.title, f"{page} has no title"
    if page in SAYS_HOW_BIG:
        words = _words(app)
        if kind == "one":
            assert "The plan holds one project, so there is no order to choose" in words, words
        else:
            assert "No project is active or approved, so the plan delivers nothing yet." in words, words
            assert "on the Data page" in words, words
    if kind == "no-pool" and page == "constraint.py":
        assert "The portfolio names no team, so there is no constraint to find." in _words(app)
