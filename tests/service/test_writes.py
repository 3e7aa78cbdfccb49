"""Every write checks the acting user's role before the store is touched, and records who made it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from vmo_core.io.loading import load
from vmo_core.service import writes
from vmo_core.service.roles import ADMIN, EDITOR, VIEWER, AccessDenied, User
from vmo_core.store.duckdb_store import Store, import_portfolio

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
VIEWER_USER = User("Vic Viewer", "vic@example.com", VIEWER)
EDITOR_USER = User("Edie Editor", "edie@example.com", EDITOR)
STOP = [{"op": "stop", "project": "CRM"}]


@pytest.fixture(scope="module")
def sample():
    return load(SAMPLE)


@pytest.fixture
def store(sample, tmp_path):
    import_portfolio(sample, tmp_path / "pf.duckdb", source="data/sample", by="setup")
    with Store(tmp_path / "pf.duckdb") as db:
        db.save_scenario("Kept", STOP, by="setup")
        yield db


def held(db: Store) -> tuple:
    """Everything a write could change."""
    return [s.to_dict() for s in db.snapshots()], db.scenarios(), [d.header() for d in db.decisions()], db.read_tables()


def adopt(db: Store, pf, user: User):
    """A scenario adopted on the newest snapshot (the portfolio it leaves: one project fewer)."""
    later = dataclasses.replace(pf, projects=pf.projects[1:])
    decision = {"name": "Stop CRM", "scenario": {"changes": STOP}, "predicted": {}, "based_on": db.newest_snapshot().id}
    return writes.adopt(db, later, user=user, **decision)


WRITES = {
    "upload": lambda db, pf, user: writes.add_snapshot(db, pf, user=user, source="upload.xlsx"),
    "save": lambda db, pf, user: writes.save_scenario(db, "Mine", STOP, user=user),
    "delete": lambda db, pf, user: writes.delete_scenario(db, "Kept", user=user),
    "adopt": adopt,
}


@pytest.mark.parametrize("action", sorted(WRITES))
@pytest.mark.parametrize("user", [VIEWER_USER, User("", "nobody@example.com")], ids=["viewer", "no role"])
def test_a_user_without_the_editor_role_is_refused_and_nothing_changes(store, sample, action, user):
    before = held(store)
    with pytest.raises(AccessDenied, match=r"needs the editor role, and .+; nothing was changed"):
        WRITES[action](store, sample, user)
    assert held(store) == before


@pytest.mark.parametrize("user", [EDITOR_USER, User("Ada Admin", "ada@example.com", ADMIN)], ids=["editor", "admin"])
def test_an_editor_uploads_saves_and_adopts_and_each_records_the_name(store, sample, user):
    snapshot = WRITES["upload"](store, sample, user)
    assert store.snapshots()[-1].by == user.label() == snapshot.by

    WRITES["save"](store, sample, user)
    assert store.scenario("Mine")["by"] == user.label()
    assert store.scenario("Kept")["by"] == "setup"

    adopted, decision = WRITES["adopt"](store, sample, user)
    assert adopted.by == decision.by == user.label()
    assert store.decisions()[-1].by == user.label()
    assert store.snapshots()[-1].source == "adopted: Stop CRM"


def test_an_editor_deletes_a_saved_scenario(store, sample):
    WRITES["delete"](store, sample, EDITOR_USER)
    assert store.scenario("Kept") is None


def test_saving_again_records_the_latest_saver(store):
    writes.save_scenario(store, "Kept", STOP[:0], user=EDITOR_USER)
    assert store.scenario("Kept")["by"] == "Edie Editor <edie@example.com>"
