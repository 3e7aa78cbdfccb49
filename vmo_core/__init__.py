"""The Value Management Office's pure core: portfolio model, engine and decisions.

import vmo_core
pf = vmo_core.load("data/sample")
plan = vmo_core.schedule(pf)
diff = vmo_core.compare(pf, {"changes": [{"op": "stop", "project": "CRM"}]})
"""

from vmo_core.decisions.slips import changes
from vmo_core.engine.adoption import adopt
from vmo_core.engine.evaluation import compare, schedule
from vmo_core.errors import Problem, ScenarioError, StoreError, ValidationError, VmoError
from vmo_core.io.loading import load
from vmo_core.model.portfolio import Portfolio

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
