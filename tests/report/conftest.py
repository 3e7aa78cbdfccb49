"""The board pack for the sample and its Accept Atlas scenario, built and written once for every
test in this folder (building and writing it is slow), and the core's answers, computed apart."""

from __future__ import annotations

import pytest

from tests.report.support import ART, GENERATED, SAMPLE, SCENARIO, core_answers
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
