"""The best order, shown while it is found: the Sequencing and Interventions pages both ask for it."""

from __future__ import annotations

from vmo_app import cache
from vmo_app import widgets as ui
from vmo_core.decisions.load import teams_in_order

WAITING = "Finding the best order: each priority list tried is scheduled and valued in full"


def best_order(changes: list[dict]):
    """The best order for the scenario (decisions/best.py) from the cache, found once for every page and
    session; the one who asks first sees a progress bar while it is found (about a second on 1,000 projects)."""
    return ui.computed(
        cache.best_order,
        changes,
        waiting=WAITING,
        said=lambda fraction, value: f"Finding the best order: {ui.cash(value)} over the planning period so far",
    )


def teams_first(pf) -> dict[str, str]:
    """Each team's id -> name, the plan's constraint first and then the busiest (`teams_in_order`), for the
    capacity controls of the What-if and the room's bar. The plan's order, not the scenario's: the controls
    stay where they are while a slider moves."""
    names = {p.id: p.label for p in pf.pools}
    order = teams_in_order(cache.team_load([]), cache.constraints([]).constraint)
    return {pool: names[pool] for pool in order if pool in names} | names
