"""The board pack for the sample and its Accept Atlas scenario, built and written once for every
test in this folder (building and writing it is slow), the same from a store with the sample's
history, and the core's answers, computed apart."""

from __future__ import annotations

import pytest

from tests.report.support import ART, GENERATED, ROOT, SAMPLE, SCENARIO, core_answers
from vmo_core.cli import main
from vmo_core.report import build_pack, write_report


@pytest.fixture(scope="session")
def pack():
    # the re-sequence is the best order (decisions/best.py), ended by its budget, not the clock: the same pack anywhere
    return build_pack(SAMPLE, SCENARIO, generated=GENERATED)


@pytest.fixture(scope="session")
def core():
    """The core's answers, computed here on their own, not taken from the pack."""
    return core_answers()


@pytest.fixture(scope="session")
def files(pack):
    ART.mkdir(parents=True, exist_ok=True)
    written = {}
    for suffix in (".pptx", ".xlsx", ".pdf"):
        path = ART / f"board-pack{suffix}"
        assert write_report(pack, path) == [], f"{suffix} was written with warnings"
        written[suffix] = path
    return written


@pytest.fixture(scope="session")
def history_files(tmp_path_factory):
    """The sample's history (four snapshots, one decision) and its board pack, deck and PDF and
    workbook, written by the command line from the store."""
    folder = tmp_path_factory.mktemp("history")
    db = folder / "history.duckdb"
    assert main(["sample-history", "--db", str(db)]) == 0
    written = {}
    scenario = ["--scenario", str(ROOT / "data" / "scenarios" / "accept-atlas.json")]
    for suffix, source in ((".pptx", [str(db)]), (".pdf", [str(db)]), (".xlsx", ["--db", str(db)])):  # SOURCE or --db
        out = folder / f"pack{suffix}"
        assert main(["report", *source, *scenario, "--out", str(out)]) == 0
        written[suffix] = out
    return db, written
