"""The writes the app offers, each checking the acting user's role and recording who made it.

A refusal raises `AccessDenied` (a `VmoError`: its message is for the user) before the store
is touched, so nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vmo_core.engine.results import Comparison
from vmo_core.engine.scenario import Scenario
from vmo_core.model.portfolio import Portfolio
from vmo_core.service.history import adopt_into
from vmo_core.service.roles import LOCAL_USER, User, require
from vmo_core.store.records import Decision, PortfolioStore, Snapshot


def add_snapshot(store: PortfolioStore, pf: Portfolio, *, user: User, source: str, note: str = "") -> Snapshot:
    """An upload or an edit made the plan: a new snapshot, by `user`."""
    require(user, "upload")
    return store.add_snapshot(pf, source=source, note=note, by=user.label())


def save_scenario(
    store: PortfolioStore, name: str, changes: list[dict], *, user: User, figures: dict | None = None
) -> dt.datetime:
    """A saved scenario (with the figures it has now), by `user`."""
    require(user, "save")
    return store.save_scenario(name, changes, by=user.label(), figures=figures)


def delete_scenario(store: PortfolioStore, name: str, *, user: User) -> None:
    require(user, "delete")
    store.delete_scenario(name)


def decided_by(user: User, decider: str = "") -> str:
    """Who a decision is recorded as made by: the signed-in user, with the body they name as
    deciding (a steering committee, say) beside them; with sign-in off, the name typed."""
    decider = decider.strip()
    if not decider:
        return user.label()
    return decider if user == LOCAL_USER else f"{decider} (recorded by {user.label()})"


def adopt(store: PortfolioStore, pf: Portfolio, *, user: User, decider: str = "", **decision: Any) -> tuple[Snapshot, Decision]:
    """A portfolio made the plan (`pf`, as adopted, or an earlier snapshot brought back) and its
    decision, by `user`; `decision` as the store's `adopt` takes it (name, scenario, predicted,
    note, at, based_on, check)."""
    require(user, "adopt")
    return store.adopt(pf, **decision, by=decided_by(user, decider))


def adopt_scenario(
    store: PortfolioStore, scenario: Scenario, *, user: User, decider: str = "", note: str = ""
) -> tuple[Snapshot, Decision, Comparison]:
    """A scenario made the plan on the newest snapshot, with its decision, by `user`."""
    require(user, "adopt")
    return adopt_into(store, scenario, by=decided_by(user, decider), note=note)
