"""The workshop: scenarios ranked by net value, a scenario replayed change by change, and the
difference between two scenarios put down to the moves that make it.

Attribution walks a path of change lists from the runner-up to the winner: first the
runner-up's own changes are taken out one at a time (last first), then the winner's own
changes are put in one at a time (in its order). Each step's effect is the net value after
it less the net value before it, so the effects add up to the difference exactly (the sum
telescopes), which a leave-one-out attribution does not do when changes interact (two
changes that both free the same team). The price is that a step's effect depends on the
order walked; the order is fixed and said, so the same two scenarios always read the same.

A point of the path that cannot be worked out (a sequence naming a project not yet added)
is skipped: its move joins the next step, and the sum still adds up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from vmo_core.engine.evaluation import compare
from vmo_core.errors import VmoError
from vmo_core.model.portfolio import Portfolio

NetOf = Callable[[list[dict]], float]  # a change list's net value change against the plan; VmoError if it does not fit


@dataclass(frozen=True)
class Step:
    """One move of a path: the changes it puts in and takes out, and the net value before and after."""

    added: tuple[dict, ...]
    dropped: tuple[dict, ...]
    net_before: float
    net_after: float

    @property
    def effect(self) -> float:
        return self.net_after - self.net_before


def net_values(pf: Portfolio) -> NetOf:
    """The net value change of a change list on `pf` (the plan itself is 0)."""
    return lambda changes: compare(pf, {"changes": changes}).net_value_change if changes else 0.0


def rank(nets: dict[str, float]) -> list[str]:
    """Names, highest net value first; a tie keeps the order given."""
    return sorted(nets, key=lambda name: -nets[name])


def replay(changes: Sequence[dict], net_of: NetOf) -> tuple[Step, ...]:
    """A scenario's changes one at a time from the plan as it stands: each step adds one."""
    return attribute(changes, [], net_of)


def attribute(winner: Sequence[dict], runner_up: Sequence[dict], net_of: NetOf) -> tuple[Step, ...]:
    """The path from `runner_up` to `winner` (see the module's docstring); the effects of its
    steps add up to net_of(winner) - net_of(runner_up)."""
    points = _path(list(winner), list(runner_up))
    steps, start, added, dropped = [], None, [], []
    for index, (changes, move_in, move_out) in enumerate(points):
        added += move_in
        dropped += move_out
        try:
            net = net_of(changes)
        except VmoError:
            if index in (0, len(points) - 1):
                raise  # either end not fitting is the caller's problem, not a step's
            continue
        if start is not None and (added or dropped):
            steps.append(Step(tuple(added), tuple(dropped), start, net))
        start, added, dropped = net, [], []
    return tuple(steps)


def _path(winner: list[dict], runner_up: list[dict]) -> list[tuple[list[dict], list[dict], list[dict]]]:
    """(change list, changes put in, changes taken out) for each point, from runner_up to winner."""
    shared = [c for c in runner_up if c in winner]
    points = [(list(runner_up), [], [])]
    current = list(runner_up)
    for change in reversed([c for c in runner_up if c not in winner]):
        current = current[: _last(current, change)] + current[_last(current, change) + 1 :]
        points.append((list(current), [], [change]))
    own = [c for c in winner if c not in shared]
    for count in range(len(own) + 1):
        taken = own[:count]
        listed = [c for c in winner if c in shared or _among(c, taken)]
        if count or listed != current:  # the shared changes in the winner's order, when that differs
            points.append((listed, taken[-1:], []))
    return points


def _last(changes: list[dict], change: dict) -> int:
    return len(changes) - 1 - changes[::-1].index(change)


def _among(change: dict, changes: list[dict]) -> bool:
    return any(change is c for c in changes)
