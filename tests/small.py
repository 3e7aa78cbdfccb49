"""An empty portfolio (no project scheduled; or no pool either) and a one-project one, made
from the sample as CSV folders: what every command, page and pack must handle."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from tests.cli_support import SAMPLE

HEADERS_ONLY = ("projects", "demands", "dependencies", "actuals")
KEPT = "DLAKE"  # the one project: Operational Data Lake, active, on Data Engineering and Infrastructure
KINDS = ("empty", "no-pool", "one")


def _keep(folder: Path, name: str, keep) -> None:
    path = folder / f"{name}.csv"
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, [row for row in reader if keep(row)]
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def small_portfolio(folder: Path, kind: str) -> Path:
    """The sample copied to `folder`, cut down to `kind` (one of KINDS)."""
    shutil.copytree(SAMPLE, folder)
    for name in HEADERS_ONLY:
        one = kind == "one" and name in ("projects", "demands")
        _keep(folder, name, (lambda row: KEPT in (row.get("id"), row.get("project_id"))) if one else (lambda row: False))
    if kind == "no-pool":
        for name in ("pools", "capacity_changes"):
            _keep(folder, name, lambda row: False)
    return folder
