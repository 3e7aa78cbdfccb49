"""The optimiser's seed orders: the current order, CD3, each pool's constraint rank and latest finish first.

As index sequences over a FastPlan's projects (in-flight first), made by sorts over its
arrays: the same orders as `engine.ranks` gives by name (tests/decisions/test_search.py
holds them equal), without a Python pass per project.
"""

from __future__ import annotations

import numpy as np

from vmo_core.engine.evaluation import FastPlan


class SeedOrders:
    """Seed orders as index sequences (in-flight first), by sorts over the plan's arrays."""

    def __init__(self, fast: FastPlan):
        self.fast = fast
        compiled = fast.compiled
        self.later = ~compiled.in_flight  # sorts put in-flight projects (False) first
        self.cd3_key = fast.terms.value_per_week / compiled.duration  # CD3 = v / duration

    def _sorted(self, *keys) -> np.ndarray:
        return np.lexsort((*keys, self.later)).astype(np.int64)  # stable: ties keep the current order

    def cd3(self) -> np.ndarray:
        """As engine.ranks.cd3_order: CD3, highest first."""
        return self._sorted(-self.cd3_key)

    def constraint(self, pool: str) -> np.ndarray:
        """As engine.ranks.economic_order on `pool`: projects off it first by CD3, then value per FTE-week of it."""
        c = self.fast.compiled
        row = c.pools.index(pool)
        demand = np.zeros(len(c.ids))
        owner = np.repeat(np.arange(len(c.ids)), np.diff(c.demand_ptr))
        on_pool = c.demand_pool == row
        demand[owner[on_pool]] = c.demand_fte[on_pool]
        uses = demand > 0
        rank = np.where(uses, self.fast.terms.value_per_week / np.where(uses, demand * c.duration, 1.0), 0.0)
        return self._sorted(np.where(uses, -rank, -self.cd3_key), uses)

    def latest_finish_first(self) -> np.ndarray:
        """By latest finish with no capacity limit (dependency chains' critical path), earliest first."""
        c = self.fast.compiled
        n = len(c.ids)
        latest = np.full(n, int(c.duration.sum()), dtype=np.int64)
        for i in np.argsort(-_depth(c), kind="stable"):  # successors before predecessors
            for k in range(c.succ_ptr[i], c.succ_ptr[i + 1]):
                j = c.succ_idx[k]
                latest[i] = min(latest[i], latest[j] - c.duration[j])
        return self._sorted(-self.cd3_key, latest)


def _depth(c) -> np.ndarray:
    """Each project's place in a topological order of the dependencies (a predecessor's is lower)."""
    n = len(c.ids)
    waiting = np.diff(c.pred_ptr).copy()
    ready = [i for i in range(n) if waiting[i] == 0]
    depth = np.zeros(n, dtype=np.int64)
    at = 0
    while ready:
        i = ready.pop()
        depth[i] = at
        at += 1
        for k in range(c.succ_ptr[i], c.succ_ptr[i + 1]):
            j = c.succ_idx[k]
            waiting[j] -= 1
            if waiting[j] == 0:
                ready.append(j)
    return depth
