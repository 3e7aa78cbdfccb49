"""The best order, shown while it is found: the Sequencing and Interventions pages both ask for it."""

from __future__ import annotations

from vmo_app import cache
from vmo_app import widgets as ui

WAITING = "Finding the best order: each priority list tried is scheduled and valued in full"


def best_order(changes: list[dict]):
    """The best order for the scenario (decisions/best.py) from the cache, found once for every page and
    session; the one who asks first sees a progress bar while it is found (about a second on 1,000 projects)."""
    return ui.computed(
        cache.best_order,
        changes,
        waiting=WAITING,
        said=lambda fraction, value: f"Finding the best order: {ui.cash(value)} over the horizon so far",
    )
