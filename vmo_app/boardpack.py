"""The board pack for a page: the core's pack, built for a scenario and written as the bytes
of a download, with the file's name and any warnings for the user. The app's store gives the
pack its history: the snapshot of the last review and the decision register."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from vmo_app import cache
from vmo_core.errors import VmoError
from vmo_core.io.loading import build_portfolio
from vmo_core.report import FORMATS, MIME, build_pack, report_bytes
from vmo_core.report.model import History

__all__ = ["FORMATS", "MIME", "Built", "build"]


@dataclass(frozen=True)
class Built:
    data: bytes = b""
    name: str = ""  # the file's name: board-pack-<scenario>.<suffix>
    warnings: list[str] = field(default_factory=list)
    problem: str = ""  # why it could not be built ("" when it was)


def build(scenario: dict | None, suffix: str, *, progress: Callable[[float, str], None]) -> Built:
    """The pack for `scenario` (None: the plan as it stands) as a .pptx, .xlsx or .pdf.

    `progress(fraction, doing)` hears of each step: building takes 60% of the time, writing the rest.
    """
    try:

        def building(done: float, doing: str) -> None:
            progress(done * 0.6, doing)

        best = cache.best_order(list(scenario["changes"]) if scenario else [])  # the pages' best order, found once
        pack = build_pack(cache.portfolio(), scenario, best=best, progress=building, history=history())
        progress(0.6, f"Writing the {FORMATS[suffix]}, charts included")
        data, warnings = report_bytes(pack, suffix)
        progress(1.0, "Done")
    except VmoError as exc:
        return Built(problem=str(exc))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", pack.scenario_name).strip("-").lower() or "plan"
    return Built(data, f"board-pack-{slug}{suffix}", list(warnings))


def history() -> History:
    """The store's snapshot before the newest (the last review), if it holds two, and its decisions."""
    db = cache.store()
    known = [s.id for s in db.snapshots()]
    previous = build_portfolio(db.read_tables(known[-2]), source="the last review") if len(known) >= 2 else None
    return History(previous=previous, decisions=tuple(d.record() for d in db.decisions()))
