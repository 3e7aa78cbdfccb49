"""The writes the app offers, each checking the acting user's role and recording who made it.

A refusal raises `AccessDenied` (a `VmoError`: its message is for the user) before the store
is touched, so nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vmo_core.model.portfolio import Portfolio
from vmo_core.service.roles import User, require
from vmo_core.store.records import Decision, PortfolioStore, Snapshot


def add_snapshot(store: PortfolioStore, pf: Portfolio, *, user: User, source: str, note: str = "") -> Snapshot:
    """An upload or an edit made the plan: a new snapshot, by `user`."""
    require(user, "upload")
    return store.add_snapshot(pf, source=source, note=note, by=user.label())


def save_scenario(store: PortfolioStore, name: str, changes: list[dict], *, user: User) -> dt.datetime:
    require(user, "save")
    return store.save_scenario(name, changes, by=user.label())


def delete_scenario(store: PortfolioStore, name: str, *, user: User) -> None:
    require(user, "delete")
    store.delete_scenario(name)


def adopt(store: PortfolioStore, pf: Portfolio, *, user: User, **decision: Any) -> tuple[Snapshot, Decision]:
    """A scenario made the plan (`pf`, as adopted) and its decision, by `user`; `decision` as
    the store's `adopt` takes it (name, scenario, predicted, note, at, based_on, check)."""
    require(user, "adopt")
    return store.adopt(pf, **decision, by=user.label())
