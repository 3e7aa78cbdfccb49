"""The proposals waiting for intake in a plan, and where CD3 would put each in its list."""

from __future__ import annotations

from dataclasses import dataclass

from vmo_core.engine.ranks import cd3_index
from vmo_core.model.plan import Plan


@dataclass(frozen=True)
class Proposal:
    id: str
    name: str
    cd3_place: int  # the place CD3 gives it in the list: 1 = first

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "cd3_place": self.cd3_place}


@dataclass(frozen=True)
class Proposals:
    waiting: tuple[Proposal, ...]  # in the portfolio's file order
    last_place: int  # a proposal can go from 1 (first) to here (after the whole list)

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.waiting]

    def get(self, proposal_id: str) -> Proposal:
        return next(p for p in self.waiting if p.id == proposal_id)

    def to_dict(self) -> dict:
        return {"last_place": self.last_place, "waiting": [p.to_dict() for p in self.waiting]}


def waiting_proposals(plan: Plan) -> Proposals:
    """Every proposed project of the portfolio that the plan's list does not hold yet."""
    listed = set(plan.order)
    waiting = tuple(
        Proposal(p.id, p.label, cd3_index(plan, p.id) + 1)
        for p in plan.portfolio.projects
        if p.status == "proposed" and p.id not in listed
    )
    return Proposals(waiting, len(plan.order) + 1)
