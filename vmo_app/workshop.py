"""The workshop's figures for the Scenarios page, from the one cache: the ranking's winner and
the moves that make its lead, a scenario's replay, and a saved scenario then and now."""

from __future__ import annotations

import datetime as dt

from vmo_app import cache
from vmo_core.decisions.workshop import Step, attribute, rank, replay
from vmo_core.present.workshop_sentences import describe_drift, describe_winner


def net_of(changes: list[dict]) -> float:
    """A change list's net value change against the plan (0 for none); VmoError if it no longer fits."""
    return cache.comparison(changes).net_value_change if changes else 0.0


def ranked(nets: dict[str, float]) -> list[str]:
    return rank(nets)


def winner_sentence(winner: tuple[str, list[dict]], runner_up: tuple[str, list[dict]], pf) -> str:
    """Which of the top two wins, by how much, and the few moves that make the difference."""
    steps = attribute(winner[1], runner_up[1], net_of)
    return describe_winner(winner[0], runner_up[0], steps, pf)


def replayed(changes: list[dict]) -> tuple[Step, ...]:
    return replay(changes, net_of)


def drift(record: dict, pf) -> str | None:
    """What a saved scenario was worth when saved, and what it is worth on today's plan (None if
    it was saved before figures were kept)."""
    figures = record.get("figures")
    if not figures:
        return None
    newest = cache.store().newest_snapshot()
    diff, _ = cache.try_comparison(record["changes"])
    saved_on = dt.date.fromisoformat(figures["as_of"]) if figures.get("as_of") else None
    return describe_drift(
        saved_on=saved_on,
        saved_net=figures["net_value_change"],
        net_now=None if diff is None else diff.net_value_change,
        currency=pf.currency,
        same_plan=newest is not None and newest.id == figures.get("snapshot"),
    )


def nets(options: dict[str, list[dict]]) -> dict[str, float]:
    """Net value change of each fitting option (those that no longer fit are left out)."""
    found = {}
    for label, changes in options.items():
        diff, _ = cache.try_comparison(changes)
        if diff is not None:
            found[label] = diff.net_value_change
    return found
