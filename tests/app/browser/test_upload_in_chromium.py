"""The upload flow in the real app (issue 15): a bad file is refused with its problem in full,
a corrected file dropped after it replaces it (never "more than one portfolio"), and the
preview names what changes and the saved scenario that would no longer fit, before anything
is replaced."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.browser.serving import ROOT, SHOTS, portfolio_uploader, served, settle
from vmo_core.io.loading import load
from vmo_core.store.duckdb_store import Store, import_portfolio

SAMPLE = ROOT / "data" / "sample"
SAVED = "More data people"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a database holding the sample and a saved scenario that adds to team DATA."""
    db = tmp_path_factory.mktemp("db") / "vmo.duckdb"
    import_portfolio(load(SAMPLE), db, source=str(SAMPLE))
    with Store(db) as store:
        store.save_scenario(SAVED, [{"op": "capacity", "pool": "DATA", "capacity_fte": 9}])
    with served({"VMO_DB": str(db)}, SHOTS / "streamlit-upload.log") as url:
        yield url


def renamed_team(folder: Path, *, demands_too: bool) -> list[Path]:
    """The sample with team DATA's id written DATAENG in pools.csv (and, corrected, in demands.csv)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in SAMPLE.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        if path.name == "pools.csv" or (demands_too and path.name in ("demands.csv", "capacity_changes.csv")):
            text = text.replace("DATA,", "DATAENG,").replace(",DATA,", ",DATAENG,").replace(",DATA\n", ",DATAENG\n")
        (folder / path.name).write_text(text, encoding="utf-8")
    return sorted(folder.glob("*.csv"))


def main_text(page) -> str:
    """The page's text as people read it (without the invisible word joiners that keep a : from a link)."""
    return page.get_by_test_id("stMain").inner_text().replace("\u2060", "")


def test_a_bad_upload_then_its_correction_then_the_preview_names_the_broken_scenario(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1600, "height": 3200})
    page.goto(f"{server}/data", wait_until="domcontentloaded")
    settle(page)
    upload = portfolio_uploader(page)

    upload.set_input_files([str(p) for p in renamed_team(tmp_path / "bad", demands_too=False)])
    page.get_by_text("nothing was loaded").wait_for(timeout=60_000)
    settle(page)
    text = main_text(page)
    # the whole message as text, with the nearest id, not cut off in a table cell
    assert (
        "demands.csv, row 2, column pool_id: unknown pool id 'DATA'; expected an id from pools.csv (did you mean 'DATAENG'?)"
        in text
    )
    page.screenshot(path=str(SHOTS / "data-upload-bad.png"))

    fixed = renamed_team(tmp_path / "fixed", demands_too=True)
    upload.set_input_files([str(p) for p in fixed if p.name in ("demands.csv", "capacity_changes.csv")])
    page.get_by_text("The upload is clean").wait_for(timeout=60_000)
    settle(page)
    text = main_text(page)
    assert "more than one portfolio" not in text
    assert "Not read: the earlier capacity_changes.csv, demands.csv, replaced by the files dropped after them." in text
    assert "Team Data Engineering: its id DATA becomes DATAENG." in text
    assert "1 saved scenario would no longer fit this portfolio" in text
    assert f"Saved scenario '{SAVED}': change 1 (capacity): no pool 'DATA' in the portfolio (did you mean 'DATAENG'?)." in text
    assert page.get_by_role("button", name="Replace the portfolio").count() == 1  # offered, not yet pressed
    assert page.get_by_test_id("stException").count() == 0
    page.screenshot(path=str(SHOTS / "data-upload-corrected.png"))
    page.close()


def test_a_corrected_workbook_dropped_after_the_bad_one_replaces_it(server, browser, tmp_path):
    import dataclasses

    from vmo_core.io.export import write_xlsx

    pf = load(SAMPLE)
    (tmp_path / "bad").mkdir()
    (tmp_path / "good").mkdir()
    negative = dataclasses.replace(
        pf, pools=tuple(dataclasses.replace(p, capacity_fte=-1.0) for p in pf.pools[:1]) + pf.pools[1:]
    )
    write_xlsx(negative, tmp_path / "bad" / "Portfolio.xlsx")
    write_xlsx(pf, tmp_path / "good" / "Portfolio.xlsx")
    page = browser.new_page(viewport={"width": 1600, "height": 2400})
    page.goto(f"{server}/data", wait_until="domcontentloaded")
    settle(page)
    upload = portfolio_uploader(page)
    upload.set_input_files([str(tmp_path / "bad" / "Portfolio.xlsx")])
    page.get_by_text("nothing was loaded").wait_for(timeout=60_000)
    settle(page)
    assert "Portfolio.xlsx sheet pools, row 2, column capacity_fte: -1.0 is out of range" in main_text(page)

    upload.set_input_files([str(tmp_path / "good" / "Portfolio.xlsx")])
    page.get_by_text("This upload is the portfolio now loaded").wait_for(timeout=60_000)
    settle(page)
    text = main_text(page)
    assert "more than one portfolio" not in text
    assert "nothing was loaded" not in text
    assert "Not read: the earlier Portfolio.xlsx, replaced by the files dropped after them." in text
    page.screenshot(path=str(SHOTS / "data-upload-workbook-corrected.png"))
    page.close()
