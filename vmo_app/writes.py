"""The app's writes, each through the core's service layer as the signed-in user.

The service refuses a user whose role does not allow the write (`AccessDenied`, a message
for them) and records who made it; here only the store and the user are supplied.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vmo_app import cache, identity
from vmo_core.errors import VmoError
from vmo_core.service import writes as service
from vmo_core.service.roles import AccessDenied, require


def may_not(action: str) -> str:
    """Why the signed-in user may not do `action` (a key of roles.ACTIONS), in the service's own
    words; "" when they may. A page asks before it reads anything heavy for the action (an upload)."""
    try:
        allowed(action)
    except AccessDenied as exc:
        return str(exc)
    return ""


def allowed(action: str) -> None:
    """Refuse `action` (AccessDenied) unless the signed-in user's role allows it."""
    require(identity.current_user(), action)


def add_snapshot(pf, *, source: str, note: str = ""):
    return service.add_snapshot(cache.store(), pf, user=identity.current_user(), source=source, note=note)


def save_scenario(name: str, changes: list[dict], figures: dict | None = None) -> dt.datetime:
    return service.save_scenario(cache.store(), name, changes, user=identity.current_user(), figures=figures)


def delete_scenario(name: str) -> str:
    """Delete a saved scenario: "" when done, else why nothing was deleted."""
    try:
        service.delete_scenario(cache.store(), name, user=identity.current_user())
    except VmoError as exc:
        return str(exc)
    return ""


def adopt(pf, **decision: Any):
    return service.adopt(cache.store(), pf, user=identity.current_user(), **decision)


def adopt_scenario(scenario, *, decider: str, note: str):
    return service.adopt_scenario(cache.store(), scenario, user=identity.current_user(), decider=decider, note=note)
