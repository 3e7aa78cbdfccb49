"""The Value Management Office's pure core: portfolio model, engine and decisions.

import vmo_core
pf = vmo_core.load("data/sample")
plan = vmo_core.schedule(pf)
diff = vmo_core.compare(pf, {"changes": [{"op": "stop", "project": "CRM"}]})

The API's functions load their modules when first used (PEP 562), so that a command
loads only what it needs: `optimise --time-limit` counts from the process's start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from vmo_core.errors import Problem, ScenarioError, StoreError, ValidationError, VmoError

if TYPE_CHECKING:
    from vmo_core.decisions.slips import changes
    from vmo_core.engine.adoption import adopt
    from vmo_core.engine.evaluation import compare, schedule
    from vmo_core.io.loading import load
    from vmo_core.model.portfolio import Portfolio

_WHERE = {
    "Portfolio": "vmo_core.model.portfolio",
    "adopt": "vmo_core.engine.adoption",
    "changes": "vmo_core.decisions.slips",
    "compare": "vmo_core.engine.evaluation",
    "load": "vmo_core.io.loading",
    "schedule": "vmo_core.engine.evaluation",
}

__all__ = [
    "Portfolio",
    "Problem",
    "ScenarioError",
    "StoreError",
    "ValidationError",
    "VmoError",
    "adopt",
    "changes",
    "compare",
    "load",
    "schedule",
]


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'vmo_core' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
