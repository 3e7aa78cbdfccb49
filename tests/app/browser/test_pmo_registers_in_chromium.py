"""Registers as PMOs keep them (tests/io/pmo_registers.py) through the Data page in the real app:
the sheet and header row found, the currency from the register's £, the UK dates read day first,
the rows left out listed by number, each message asserted, then the portfolio replaced and its
value on the Portfolio page what the command line schedules (test_pmo_registers.py, by hand)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from tests.app.browser.serving import ROOT, SHOTS, acted, register_uploader, served, settle, uploaded
from tests.io import pmo_registers as R
from vmo_core.present.format import money_short

REPLACE = "Replace the portfolio with it"
DATE_SHOWS = """([want]) => [...document.querySelectorAll('[data-testid=stDateInput]')]
             .some(d => d.innerText.replace(/\\s/g, '') === 'Asof' + want)"""


@pytest.fixture(scope="module")
def var(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("var")


@pytest.fixture(scope="module")
def server(var):
    env = {"VMO_DB": str(var / "vmo.duckdb"), "VMO_SAMPLE": str(ROOT / "data" / "sample")}
    with served(env, SHOTS / "streamlit-pmo-registers.log") as url:
        yield url


def kept(var: Path, mapping: dict) -> None:
    """The mapping kept from last time, as a person saved it, less what the register itself shows
    (its currency, its date order): the page must find those."""
    document = copy.deepcopy(mapping)
    for found in ("currency", "date_order", "as_of"):
        document["settings"].pop(found, None)
    (var / "register-mapping.json").write_text(json.dumps(document), encoding="utf-8")


def main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text().replace("\u2060", "")


def opened(server: str, browser, path: Path, *, as_of: str):
    """The Data page with `path` dropped on the register step and As of set to `as_of` (YYYY/MM/DD)."""
    page = browser.new_page(viewport={"width": 1600, "height": 5000})
    page.goto(f"{server}/data", wait_until="domcontentloaded")
    settle(page)
    uploaded(register_uploader(page), path, page.get_by_test_id("stDateInput").filter(has_text="As of"))
    settle(page)
    field = page.get_by_test_id("stDateInput").filter(has_text="As of")

    def typed() -> None:
        field.get_by_role("spinbutton", name="year, As of").click()
        page.keyboard.type(as_of.replace("/", ""))  # year, month, day: each segment moves on to the next
        page.keyboard.press("Escape")  # closing the calendar sends it: the page runs again

    acted(page, typed)
    page.wait_for_function(DATE_SHOWS, arg=[as_of], timeout=30_000)
    settle(page)
    return page


def replaced_value(server: str, page) -> str:
    """Replace the portfolio with the register, then the plan's value as the Portfolio page shows it."""
    page.get_by_role("button", name=REPLACE).click()
    page.get_by_text("every page now uses the file mapped in").wait_for(timeout=120_000)
    page.goto(f"{server}/", wait_until="domcontentloaded")
    settle(page)
    metric = page.get_by_test_id("stMetric").filter(has_text="The plan's value")
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


def selected(page, label: str) -> str:
    return page.get_by_test_id("stSelectbox").filter(has_text=label).get_by_role("combobox").input_value()


def test_a_change_register_with_an_archive_first_a_title_sections_and_a_total(server, browser, var, tmp_path):
    kept(var, R.CHANGE_MAPPING)
    page = opened(server, browser, R.change_portfolio(tmp_path / "change-portfolio.xlsx"), as_of="2026/11/30")
    text = main_text(page)
    assert page.get_by_test_id("stException").count() == 0
    section = page.get_by_test_id("stExpander").filter(has_text="A project register (one sheet)").locator("details")
    assert section.get_attribute("open") is not None  # still open after the reruns its own controls caused
    assert "Register" in selected(page, "Sheet")  # not the Archive before it
    assert "The register's columns are on row 3 of the sheet Register." in text
    assert "Day first (26/02/2027)" in selected(page, "Dates written")  # 26/02/2027 reads one way only
    assert page.get_by_test_id("stTextInput").filter(has_text="Currency").locator("input").input_value() == "GBP"
    assert "Left out: 7 rows or columns that hold no project" in text
    for line in (
        "• Hidden column H ('Old score')",
        "• Row 1: above the header: 'Change Portfolio Register - FY2027'",
        "• Row 2: blank",
        "• Row 4: a section heading ('Customer')",
        "• Row 7: a section heading ('Operations')",
        "• Row 10: blank",
        "• Row 11: a total row ('TOTAL')",
    ):
        assert line in text, line
    assert "row 6 ('Billing revamp'): Annual Benefit (£k) is 'TBC', so its value is taken as 0 until it is given" in text
    assert "row 8 ('Smart meters'): Annual Benefit (£k) is blank" in text
    assert "The upload is clean" in text
    page.screenshot(path=str(SHOTS / "data-register-change.png"))
    # C1 alone earns: £520k a year for the 143 weeks left after it lands (by hand in test_pmo_registers.py)
    assert replaced_value(server, page) == money_short(1_430_000, "GBP")
    page.close()


def test_a_pipeline_names_its_duplicate_then_schedules_in_pounds_months_and_quarters(server, browser, var, tmp_path):
    kept(var, R.PIPELINE_MAPPING)
    page = opened(server, browser, R.pipeline(tmp_path / "pipeline.xlsx"), as_of="2027/01/04")
    text = main_text(page)
    assert page.get_by_test_id("stException").count() == 0
    assert "What each word in Status means:" in text
    assert (
        "pipeline.xlsx sheet Pipeline, row 4, column Project: the project 'CRM upgrade' is named twice (also row 2); "
        "expected each project once, as the register has no id column"
    ) in text
    assert page.get_by_role("button", name=REPLACE).count() == 0
    page.close()

    rows = [list(r) for r in R.PIPELINE_ROWS]
    rows[2][0] = "CRM upgrade phase 2"
    page = opened(server, browser, R.pipeline(tmp_path / "pipeline-2.xlsx", rows), as_of="2027/01/04")
    text = main_text(page)
    assert "row 3 ('Data lake'): Platform FTE is 'TBD', so no demand on PLATFORM is counted until it is given" in text
    assert "Left out" not in text
    page.screenshot(path=str(SHOTS / "data-register-pipeline.png"))
    # CRM upgrade £3,000,000 and Data lake £2,125,000 (by hand in test_pmo_registers.py)
    assert replaced_value(server, page) == money_short(5_125_000, "GBP")
    page.close()


def test_a_csv_register_with_a_title_a_rank_and_its_own_status_words(server, browser, var, tmp_path):
    kept(var, R.CSV_MAPPING)
    path = tmp_path / "register.csv"
    path.write_text(R.REGISTER_CSV, encoding="utf-8")
    page = opened(server, browser, path, as_of="2027/01/04")
    text = main_text(page)
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_test_id("stSelectbox").filter(has_text="Sheet").count() == 0  # a CSV has no sheets
    assert "The register's columns are on row 3." in text
    assert "• Row 1: above the header: 'Programme register (Finance)'" in text and "• Row 2: blank" in text
    assert "What each word in Phase means:" in text
    assert page.get_by_test_id("stTextInput").filter(has_text="Currency").locator("input").input_value() == "GBP"
    page.screenshot(path=str(SHOTS / "data-register-csv.png"))
    # F2 £687,500 then F1 £3,375,000 (by hand in test_pmo_registers.py)
    assert replaced_value(server, page) == money_short(4_062_500, "GBP")
    page.close()


def test_a_total_budget_is_asked_and_what_remains_is_worked_out(server, browser, var, tmp_path):
    kept(var, R.BUDGET_MAPPING)
    page = opened(server, browser, R.budgets(tmp_path / "budgets.xlsx"), as_of="2026/11/30")
    text = main_text(page)
    assert page.get_by_test_id("stException").count() == 0
    assert "Budget (£k) holds" in text
    assert page.get_by_role("radio", name="The total budget").is_checked()
    assert (
        "row 2 ('Payments hub'): Budget (£k) is a total budget and the register gives no spend to date or progress, "
        "so what remains is taken pro rata to time: 2 of its 45 weeks are left, 84,444 of 1,900,000"
    ) in text
    page.screenshot(path=str(SHOTS / "data-register-budget.png"))
    page.close()
