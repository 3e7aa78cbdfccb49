"""User text is data: on every page, a portfolio whose names are attacks (tests/app/hostile.py)
shows them as typed, and none becomes markup; a page that fails shows a way on, never a traceback.

Every string of every element is read from AppTest's tree: what Streamlit renders as markdown
(bodies, labels, values, deltas, help, radio options, tabs, progress text) must hold no live
markdown, Plotly's figures no live HTML, and options and table cells no direction controls.
What each kind of text becomes in a real browser is checked in browser/test_hostile_in_chromium.py.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app import hostile
from tests.app.page_text import assert_only_text, live_html, live_markdown, markdown_texts, seen_text
from tests.app.support import failures, shown
from vmo_app.boundary import FAILED
from vmo_app.widgets import escaped, plain
from vmo_core.errors import VmoError

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = sorted(p.name for p in (ROOT / "vmo_app" / "views").glob("*.py"))


@pytest.mark.parametrize("name", hostile.HOSTILE)
def test_an_escaped_name_reads_as_typed_and_holds_no_markup(name):
    from vmo_core.present.charts.base import plotly_text

    assert shown(escaped(name)) == " ".join(plain(name).split())
    assert live_markdown(escaped(name)) == []
    assert live_markdown(f"**{escaped(name)}**") == []
    figure = {"data": [{"y": [plotly_text(name)], "hovertemplate": "%{y}<br>%{x}<extra></extra>"}]}
    assert live_html(figure) == []
    decoded = plotly_text(name).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert decoded == plain(name)


def test_names_without_markdown_characters_are_not_touched():
    for name in ("Data Engineering", "Customer 360 Analytics", "Zoë Ångström", "שם עברי", "名前"):
        assert escaped(name) == name == plain(name)


# ---------------------------------------------------------------- the hostile portfolio, shared by the module


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """VMO_SAMPLE a hostile portfolio, VMO_DB one database for the module, with the saved scenarios."""
    folder = hostile.write_portfolio(tmp_path_factory.mktemp("hostile") / "portfolio")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VMO_SAMPLE", str(folder))
        mp.setenv("VMO_DB", str(tmp_path_factory.mktemp("db") / "vmo.duckdb"))
        from vmo_app import cache

        hostile.save_scenarios(cache.store())
        yield cache


def opened(link: str | None = hostile.SHARED) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    if link is not None:
        app.query_params["scenario"] = link
    return app.run()


def on(app: AppTest, page: str) -> AppTest:
    app.switch_page(f"vmo_app/views/{page}").run()
    return app


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_hostile_names_as_text(hostile_db, page):
    app = on(opened(), page)
    assert_only_text(app)
    assert app.title, f"{page} has no title"
    seen = seen_text(app)
    assert [h for h in hostile.HOSTILE if plain(h) in seen], f"{page} shows none of the names"


def test_the_names_show_exactly_as_typed(hostile_db):
    app = on(opened(), "constraint.py")
    seen = seen_text(on(app, "portfolio.py")) + seen_text(on(app, "constraint.py")) + seen_text(on(app, "stop.py"))
    seen += seen_text(on(app, "interventions.py")) + seen_text(on(app, "sequencing.py"))
    single_line = [h for h in hostile.HOSTILE if "\n" not in h]
    assert [h for h in single_line if plain(h) not in seen] == []


def test_a_metric_shows_an_id_or_a_name_as_typed(hostile_db):
    app = on(opened(None), "stop.py")
    top = hostile_db.stop_ranking().missed_least
    kind = "in flight" if top.in_flight else "not started yet"
    stop = {shown(m.label): m for m in app.metric}[f"Missed least if stopped, of the projects {kind}"]
    assert stop.value == escaped(top.name) and shown(stop.value) == plain(top.name)
    assert shown(stop.proto.help) == plain(f"Its id in the portfolio: {top.id}.")
    on(app, "constraint.py")
    constraint = hostile_db.constraints().pool(hostile_db.constraints().constraint)
    assert shown({shown(m.label): m for m in app.metric}["The constraint"].value) == plain(constraint.name)
    on(app, "portfolio.py")
    assert f"The constraint: {plain(constraint.name)}" in [shown(m.label) for m in app.metric]


def test_a_share_link_to_no_saved_scenario_says_so_in_text(hostile_db):
    for page in ("portfolio.py", "whatif.py", "data.py"):
        app = AppTest.from_file(APP, default_timeout=120)  # the link is opened by the first page shown
        app.query_params["scenario"] = hostile.MISSING
        app.switch_page(f"vmo_app/views/{page}").run()
        said = [shown(w.value) for w in app.warning]
        assert said == [f"No saved scenario is called {hostile.MISSING!r}."]
        assert_only_text(app)


def test_a_saved_scenario_that_no_longer_fits_says_why_in_text(hostile_db):
    for page in ("whatif.py", "constraint.py", "stop.py"):
        app = on(opened(hostile.GONE), page)
        assert_only_text(app)
        errors = [shown(e.value) for e in app.error]
        assert any("no longer fits" in e and "<script>alert('gone')</script>" in e for e in errors), errors
    on(opened(None), "scenarios.py")  # the Scenarios page lists it, and says it no longer fits when chosen
    app = on(opened(None), "scenarios.py")
    app.selectbox(key="scenarios.choice").set_value(hostile.GONE).run()
    assert_only_text(app)
    assert any("no longer fits" in shown(e.value) for e in app.error)
    app.button(key="scenarios.delete").click().run()
    assert_only_text(app)
    assert [shown(w.value) for w in app.warning] == [
        f"Delete the scenario {hostile.GONE} for everyone who uses this app? This cannot be undone."
    ]


def test_every_saved_scenario_compares_and_lists_as_text(hostile_db):
    app = on(opened(None), "scenarios.py")
    names = [s["name"] for s in hostile_db.store().scenarios()]
    fitting = [n for n in names if n != hostile.GONE]
    app.multiselect(key="scenarios.pick").set_value(fitting[:4]).run()
    assert_only_text(app)
    assert sorted(app.multiselect(key="scenarios.pick").options) == sorted(plain(n) for n in names)
    for page in ("boardpack.py", "portfolio.py"):  # the board pack's list, and the sidebar's
        assert_only_text(on(app, page))


def test_a_refused_change_quotes_the_id_as_text(hostile_db):
    app = on(opened(None), "whatif.py")
    app.radio(key="whatif.add.kind").set_value("A new project").run()
    app.text_input(key="whatif.new.id").input(hostile.PROJECT_IDS["DQ"])
    app.text_input(key="whatif.new.name").input(hostile.HOSTILE[2])
    app.button[[b.label for b in app.button].index("Add the new project")].click().run()
    assert_only_text(app)
    assert any("already exists" in shown(e.value) and "**X**" in shown(e.value) for e in app.error)


def test_a_new_project_with_a_hostile_id_and_name_is_text_everywhere(hostile_db):
    app = on(opened(None), "whatif.py")
    app.radio(key="whatif.add.kind").set_value("A new project").run()
    app.text_input(key="whatif.new.id").input("[n](http://e.vil)")  # at most 20 characters
    app.text_input(key="whatif.new.name").input("<img src=http://evil.example/n.png> :red[new]")
    app.button[[b.label for b in app.button].index("Add the new project")].click().run()
    assert len(app.session_state["vmo.changes"]) == 1, [shown(e.value) for e in app.error]
    assert_only_text(app)
    assert plain("<img src=http://evil.example/n.png> :red[new]") in seen_text(app)  # its name, in the priority list
    for page in ("sequencing.py", "interventions.py", "benefits.py"):
        assert_only_text(on(app, page))


def test_try_in_the_what_if_says_why_not_in_text(hostile_db, monkeypatch):
    app = on(opened(None), "stop.py")
    from vmo_app import cache

    def refuse(changes, **params):
        raise VmoError(f"project {hostile.HOSTILE[1]!r} cannot move {hostile.HOSTILE[15]}")

    monkeypatch.setattr(cache, "comparison", refuse)
    app.button(key="stop.try").click().run()
    assert_only_text(app)
    assert [shown(e.value) for e in app.error] == [
        f"That cannot be tried on this scenario: project {hostile.HOSTILE[1]!r} cannot move {hostile.HOSTILE[15]}"
    ]


def test_a_scenario_saved_under_a_hostile_name_is_said_and_shared_as_text(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    name = '[s](http://evil.example/s) <img src=x onerror=alert(1)> :material/home: "q"'  # at most 80
    app = AppTest.from_file(APP, default_timeout=120)
    app.session_state["vmo.changes"] = [{"op": "stop", "project": "DQ"}]
    app.run()
    app.text_input(key="vmo.save_name").input(name).run()
    app.button(key="vmo.save").click().run()
    assert_only_text(app)
    assert [shown(s.value) for s in app.success] == [f"Saved {name!r}. This page's link now opens it."]
    other = AppTest.from_file(APP, default_timeout=120)
    other.query_params["scenario"] = name
    other.run()
    assert_only_text(on(other, "scenarios.py"))
    assert other.session_state["vmo.changes"] == [{"op": "stop", "project": "DQ"}]
    assert other.code[0].value.startswith("http://localhost:8501/?scenario=%5Bs%5D")  # the whole share link, URL-encoded


def test_a_portfolio_that_cannot_be_opened_says_why_in_text(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    monkeypatch.setenv("VMO_SAMPLE", str(hostile.write_portfolio(tmp_path / "portfolio")))
    from vmo_app import cache

    with cache.store().transaction() as cur:  # a team no pool file names, behind the app's back
        cur.execute("UPDATE demands SET pool_id = '[p](http://evil.example/p) **P**' WHERE project_id = 'SCADA'")
    for page in ("portfolio.py", "data.py"):
        app = on(AppTest.from_file(APP, default_timeout=120).run(), page)
        assert_only_text(app)
        assert any("cannot be opened" in shown(e.value) for e in app.error)


# ---------------------------------------------------------------- the boundary: no traceback on the screen


def boom(*args, **kwargs):
    raise ZeroDivisionError("float division by zero, deep in the core")


@pytest.mark.parametrize("page", PAGES)
def test_a_page_whose_core_call_fails_says_what_to_do_and_logs_the_traceback(tmp_path, monkeypatch, caplog, page):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    from vmo_app import cache

    app = AppTest.from_file(APP, default_timeout=120).run()
    monkeypatch.setattr(cache._Heavy, "at", boom)  # every heavy core call, the portfolio's too
    app.switch_page(f"vmo_app/views/{page}").run()
    assert not app.exception, "no traceback, no exception element"
    said = failures(app)
    assert len(said) == 1 and "check it on the Data page" in said[0], said
    assert "deep in the core" not in said[0], "the details go to the log, not the screen"
    assert [(shown(link.proto.label), link.proto.page) for link in app.get("page_link")] == [
        ("Check the portfolio on the Data page", "data")
    ]
    assert [b.key for b in app.button if b.key == "vmo.failed.reset"] == ["vmo.failed.reset"]
    assert "ZeroDivisionError: float division by zero, deep in the core" in caplog.text
    assert "Traceback" in caplog.text


@pytest.mark.parametrize("page", ["portfolio.py", "whatif.py", "constraint.py", "forecast.py", "interventions.py"])
def test_a_page_that_fails_half_way_is_replaced_by_the_message(tmp_path, monkeypatch, page):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    from vmo_app import cache

    app = AppTest.from_file(APP, default_timeout=120).run()
    opened_portfolio = cache._Heavy.at

    def fails_after_the_portfolio(self, at, changes=(), **params):
        if self.kind == "portfolio":
            return opened_portfolio(self, at, changes, **params)
        raise ZeroDivisionError("half way")

    monkeypatch.setattr(cache._Heavy, "at", fails_after_the_portfolio)
    monkeypatch.setattr(cache._Heavy, "known", lambda self, *args, **params: None)  # nothing the first page worked out
    app.switch_page(f"vmo_app/views/{page}").run()
    assert not app.exception
    assert len(failures(app)) == 1
    assert not app.title and not app.metric, "what the page drew before it failed is gone"
    app.button(key="vmo.failed.reset").click().run()  # and the way back works
    assert not app.exception


def test_a_vmo_error_the_page_did_not_expect_is_said_escaped(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    from vmo_app import cache

    app = AppTest.from_file(APP, default_timeout=120).run()

    opened_portfolio = cache._Heavy.at

    def out_of_bounds(self, at, changes=(), **params):
        if self.kind == "portfolio":
            return opened_portfolio(self, at, changes, **params)
        raise VmoError("value_per_week of [big](http://evil.example/b) is 1e308, more than the VMO handles")

    monkeypatch.setattr(cache._Heavy, "at", out_of_bounds)
    on(app, "constraint.py")
    assert not app.exception
    assert failures(app) == [
        f"{FAILED}: value_per_week of [big](http://evil.example/b) is 1e308, more than the VMO handles. "
        "The portfolio may hold figures outside what the VMO handles; check it on the Data page. "
        "If this session has a what-if scenario, resetting it may help."
    ]
    assert not [md for md in markdown_texts(app) if live_markdown(md)]


def test_a_change_whose_working_out_fails_is_refused_not_raised(hostile_db, monkeypatch, caplog):
    app = on(opened(None), "whatif.py")
    slider = next(s for s in app.slider if s.key.startswith("whatif.capacity."))
    from vmo_app import cache

    works = cache.comparison
    monkeypatch.setattr(cache, "comparison", lambda changes, **p: boom() if changes else works(changes, **p))
    slider.set_value(slider.value + 1).run()  # the callback's trial fails; the page, with no change, not
    assert not app.exception
    assert any("could not be worked out" in shown(e.value) for e in app.error)
    assert app.session_state["vmo.changes"] == []
    assert "ZeroDivisionError" in caplog.text


def test_streamlit_shows_no_error_details_even_for_an_error_no_boundary_sees(tmp_path, monkeypatch):
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    from streamlit import config as st_config

    assert config["client"]["showErrorDetails"] == st_config.ShowErrorDetailsConfigOptions.NONE.value
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    AppTest.from_file(APP, default_timeout=120).run()
    assert st_config.get_option("client.showErrorDetails") == "none"  # app.py sets it for any start
