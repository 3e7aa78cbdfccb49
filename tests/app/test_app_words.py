"""Every page in an executive's words, and one figure per concept across pages.

Words: the visible text of every page (sentences, metrics, labels, tables, the charts' titles, bar
text, legends and ticks; not the hover help, where the precise term goes), in the ordinary view with
a scenario open and in presentation mode, holds no CD3, P50/P90, "1,000 runs", FTE-week, horizon,
crash, re-sequence, value window or "None", and no id where a name exists.

One figure per concept: the same concept shows the same figure wherever a page shows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import vmo_core
from tests.app.page_text import VISIBLE_FIELDS, figures, frames, page_texts, visible_text
from tests.app.support import SAMPLE, headline, on, presenting, shown
from tests.present.test_plain_words import JARGON
from vmo_app import state
from vmo_core.present.format import money_short

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = sorted(p.name for p in (ROOT / "vmo_app" / "views").glob("*.py"))
SCENARIO = [
    {"op": "stop", "project": "DQ"},
    {"op": "accelerate", "project": "PAM", "to_front": True, "crash": 1.5},
    {"op": "capacity", "pool": "DATA", "capacity_fte": 7},
]
NAMES = " ".join(p.label for p in (*SAMPLE.projects, *SAMPLE.pools))
# ids that are not also a word of some name (CRM is both an id and a word of "Customer CRM Replacement")
IDS = sorted({x.id for x in (*SAMPLE.projects, *SAMPLE.pools)} - set(re.findall(r"\w+", NAMES)))
ID = re.compile(r"\b(" + "|".join(map(re.escape, IDS)) + r")\b")
DATA_PAGE = "data.py"  # the data itself: its tables show each row's id, as the files hold it


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    return AppTest.from_file(APP, default_timeout=200).run()


def read(app: AppTest) -> list[str]:
    """The page's visible text; the What-if's editable list is tested apart, below."""
    return visible_text(app, edited=False)


def jargon_and_ids(seen: list[str], page: str) -> dict[str, list[str]]:
    found = {"jargon": [t[:160] for t in seen if JARGON.search(t)]}
    if page != DATA_PAGE:
        found["ids"] = [t[:160] for t in seen if ID.search(t)]
    return {k: v for k, v in found.items() if v}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_speaks_plainly_with_a_scenario_open(app, page):
    app.session_state[state.CHANGES] = [dict(c) for c in SCENARIO]
    on(app, page)
    assert not jargon_and_ids(read(app), page), page


@pytest.mark.parametrize("page", PAGES)
def test_every_page_speaks_plainly_in_the_room(app, page):
    app.session_state[state.CHANGES] = [dict(c) for c in SCENARIO]
    presenting(app)
    on(app, page)
    assert not jargon_and_ids(read(app), page), page


def test_the_reader_sees_the_text_that_is_tested(app):
    """The walk reads sentences, metrics, table headings and cells, and chart text; not the help."""
    on(app, "sequencing.py")
    seen = "\n".join(visible_text(app))
    assert "In today's order" in seen and "Value per week first" in seen
    helps = [v for kind, field, v in page_texts(app) if field == "help"]
    assert any("CD3" in h for h in helps), "the precise term stays a hover away"
    assert not any("CD3" in t for t in visible_text(app))
    assert "help" not in VISIBLE_FIELDS and figures(app)


def test_a_stopped_project_has_no_rank_of_none_in_the_what_if_list(app):
    app.session_state[state.CHANGES] = [{"op": "stop", "project": "DQ"}]
    on(app, "whatif.py")
    cells = [str(v) for f in frames(app) for v in f.to_numpy().ravel()]
    assert "None" not in cells and "nan" not in cells
    assert "Data Quality Programme" in cells, "the stopped project is still listed, to bring back"


# ---------------------------------------------------------------- one figure per concept, across pages


def test_the_plan_s_value_is_one_figure_on_every_page(app):
    shown_value = money_short(vmo_core.schedule(SAMPLE).total_value, "GBP")
    assert headline(on(app, "portfolio.py"))["The plan's value"] == shown_value
    assert headline(on(app, "sequencing.py"))["In today's order"] == shown_value
    assert headline(on(app, "forecast.py"))["Value in the plan"] == shown_value


def test_business_case_value_at_risk_is_one_figure_on_the_landing_page_and_benefits(app):
    from vmo_core.decisions.benefits import benefits

    at_risk = money_short(benefits(SAMPLE).value_at_risk, "GBP")
    assert headline(on(app, "portfolio.py"))["Value at risk (business cases)"] == at_risk
    assert headline(on(app, "benefits.py"))["Promised value at risk"] == at_risk
    # with a scenario open, Benefits still leads with the plan's figure, and gives the scenario's beside it
    app.session_state[state.CHANGES] = [{"op": "stop", "project": "DQ"}]
    figures_now = headline(on(app, "benefits.py"))
    assert figures_now["At risk in the plan"] == at_risk
    scenario = benefits(SAMPLE, scenario={"changes": [{"op": "stop", "project": "DQ"}]}).value_at_risk
    assert figures_now["At risk in the scenario"] == money_short(scenario, "GBP")
    assert any(shown(m.value).strip("*") == "Against the plan as it stands." for m in app.markdown)


def test_the_constraint_s_price_is_one_figure_on_the_landing_page_and_the_constraint_page(app):
    from vmo_core.decisions.constraints import constraints

    report = constraints(SAMPLE)
    top = report.pool(report.constraint)
    price = money_short(top.shadow_price, "GBP")
    assert headline(on(app, "portfolio.py"))[f"The constraint: {top.name}"] == price
    assert headline(on(app, "constraint.py"))["One more FTE there is worth"] == price


@pytest.mark.parametrize("page", ["review.py", "decisions.py", "portfolio.py"])
def test_the_review_pages_speak_plainly_on_the_sample_s_history(tmp_path, monkeypatch, page):
    """With the sample's history in the store: the review's waterfall and lists, the register, the landing line."""
    from vmo_core.service.history import build_history

    path = tmp_path / "vmo.duckdb"
    build_history(path)
    monkeypatch.setenv("VMO_DB", str(path))
    app = AppTest.from_file(APP, default_timeout=200).run()
    for in_the_room in (False, True):
        if in_the_room:
            presenting(app)
        on(app, page)
        assert not jargon_and_ids(read(app), page), (page, in_the_room)
    if page == "review.py":  # in the room: the lists that explain the bars are there
        seen = visible_text(app)
        assert {"Entered the plan", "Delivered", "Stopped or dropped", "Meter Reading Ingest"} <= set(seen)


# ---------------------------------------------------------------- 1,000 projects at 1280 px


@pytest.fixture(scope="module")
def thousand(tmp_path_factory) -> Path:
    from benchmarks.generate_portfolio import write_portfolio

    return write_portfolio(tmp_path_factory.mktemp("p1000"), n_projects=1000, n_pools=30, horizon_weeks=260, seed=0)


@pytest.fixture
def big_app(thousand, tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    monkeypatch.setenv("VMO_SAMPLE", str(thousand))
    return AppTest.from_file(APP, default_timeout=600).run()


POOL_ID = re.compile(r"\bP\d+\b")  # the generated teams' ids (their names are "Data Engineering 2" and so on)


@pytest.mark.parametrize("page", ["sequencing.py", "benefits.py", "constraint.py", "portfolio.py"])
def test_a_thousand_projects_read_at_1280_px(big_app, page):
    on(big_app, page)
    for label, value in headline(big_app).items():  # a metric card a quarter of 1280 px wide holds about 7 characters
        if value.lstrip("+-").startswith("£"):
            assert len(value) <= 8, (label, value)
    headings = [str(c) for f in frames(big_app, edited=False) for c in f.columns] + list(headline(big_app))
    assert not [h for h in headings if POOL_ID.search(h)], headings
    for figure in figures(big_app):
        assert figure["layout"].get("height", 450) <= 1400, "a chart a reader can take in, not 25,000 px"
        for key, axis in figure["layout"].items():
            if key.startswith(("xaxis", "yaxis")):
                assert not any("G" in t for t in axis.get("ticktext", [])), axis
                assert axis.get("tickformat") != "~s"


def test_a_thousand_projects_offer_the_constraint_s_capacity_first(big_app, thousand):
    from vmo_core.decisions.constraints import constraints

    pf = vmo_core.load(thousand)
    on(big_app, "whatif.py")
    sliders = [s.key for s in big_app.slider if s.key and s.key.startswith("whatif.capacity.")]
    assert sliders[0] == f"whatif.capacity.{constraints(pf).constraint}"
    assert len(sliders) == 30


def test_a_scenario_s_delays_and_net_are_one_figure_on_its_metrics_and_in_its_sentence(app):
    """The What-if's metrics and the room's one sentence give the same delays, gains and net."""
    app.session_state[state.CHANGES] = [dict(c) for c in SCENARIO]
    figures_shown = headline(on(app, "whatif.py"))
    presenting(app)
    on(app, "whatif.py")
    sentence = " ".join(shown(m.value) for m in app.markdown)
    assert f"the delays cost {figures_shown['Value lost to delays']}" in sentence, sentence
    assert f"work brought forward gains {figures_shown['Value brought forward']}" in sentence, sentence
    assert f"net value change {figures_shown['Net value change']}" in sentence, sentence


def test_the_value_delayed_since_the_review_is_one_figure_on_the_landing_page_and_the_review(tmp_path, monkeypatch):
    from vmo_core.service.history import build_history

    path = tmp_path / "vmo.duckdb"
    build_history(path)
    monkeypatch.setenv("VMO_DB", str(path))
    app = AppTest.from_file(APP, default_timeout=200).run()
    landing = " ".join(shown(m.value) for m in on(app, "portfolio.py").markdown)
    review = headline(on(app, "review.py"))
    label = "Value delayed" if "Value delayed" in review else "Brought forward"
    said = "of value delayed" if label == "Value delayed" else "of value brought forward"
    assert f"{review[label]} {said}" in landing, (review, landing)
