"""The register step in the real app (issue 15): a one-sheet register dropped on the Data page
is read through the mapping kept from last time, previewed, and replaces the portfolio; an MS
Project file is previewed with what was read and what was left out."""

from __future__ import annotations

import pytest

from tests.app.browser.serving import ROOT, SHOTS, register_uploader, served, settle, uploaded
from tests.io.mspdi_support import ASSIGNMENTS, RESOURCES, TASKS, project_xml
from tests.io.register_support import completed, register_rows, write_register
from vmo_core.io.loading import load
from vmo_core.io.register_suggest import suggest_mapping
from vmo_core.store.duckdb_store import import_portfolio

SAMPLE = load(ROOT / "data" / "sample")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on the sample, with the register's mapping kept beside its database from last time."""
    folder = tmp_path_factory.mktemp("var")
    import_portfolio(SAMPLE, folder / "vmo.duckdb", source="data/sample")
    headers, _ = register_rows(SAMPLE)
    (folder / "register-mapping.json").write_text(completed(suggest_mapping(headers), SAMPLE).to_json(), encoding="utf-8")
    with served({"VMO_DB": str(folder / "vmo.duckdb")}, SHOTS / "streamlit-register.log") as url:
        yield url


def main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text().replace("\u2060", "")


def test_a_register_through_the_kept_mapping_replaces_the_portfolio(server, browser, tmp_path):
    headers, rows = register_rows(SAMPLE)
    register = write_register(tmp_path / "Project register.xlsx", headers, rows)
    page = browser.new_page(viewport={"width": 1600, "height": 4000})
    page.goto(f"{server}/data", wait_until="domcontentloaded")
    settle(page)
    uploaded(register_uploader(page), register, page.get_by_role("button", name="Replace the portfolio with it"))
    settle(page)
    assert page.get_by_test_id("stException").count() == 0
    assert "The upload is clean" in main_text(page)
    page.screenshot(path=str(SHOTS / "data-register-mapped.png"))
    page.get_by_role("button", name="Replace the portfolio with it").click()
    page.get_by_text("every page now uses the file mapped in").wait_for(timeout=120_000)
    settle(page)
    assert "Loaded from register Project register.xlsx" in main_text(page)
    page.close()


def test_an_ms_project_file_is_previewed_with_what_was_left_out(server, browser, tmp_path):
    plan = tmp_path / "plan.xml"
    plan.write_text(project_xml(TASKS, RESOURCES, ASSIGNMENTS), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1600, "height": 4000})
    page.goto(f"{server}/data", wait_until="domcontentloaded")
    settle(page)
    register_uploader(page).set_input_files(str(plan))
    page.get_by_text("Read 3 projects (summary tasks)").wait_for(timeout=120_000)
    settle(page)
    text = main_text(page)
    assert "3 teams (work resources), 5 assignments and 1 link between projects" in text
    assert "so its value per week is 0" in text  # no custom field chosen yet: a warning, not a silent 0
    assert page.get_by_test_id("stException").count() == 0
    page.screenshot(path=str(SHOTS / "data-ms-project.png"))
    page.close()
