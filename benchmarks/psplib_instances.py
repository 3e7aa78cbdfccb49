"""PSPLIB instances (benchmarks/psplib/: j30 and j60, instance 1 of each of the 48 parameter groups)
as portfolios: all value on one final project, and each instance's best known makespan.

An activity is a project; the four renewable resources are pools; precedence is
dependencies. The sink becomes a one-week project "END" worth 1,000 a week after all
others, so total value = 1,000 x (H - makespan - 1): the most value is the shortest
makespan. Durations of zero occur only on the two dummy activities, which are dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from vmo_core.model.portfolio import Demand, Dependency, Pool, Portfolio, Project, Settings

FOLDER = Path(__file__).resolve().parent / "psplib"
END_VALUE = 1000.0


def instances(family: str = "j30") -> list[Path]:
    """Instance 1 of each parameter group of `family` (psplib/<family>/<family><group>_1.rcp), by group."""

    def group(path: Path) -> int:
        return int(re.match(rf"{family}(\d+)_", path.name).group(1))

    return sorted((FOLDER / family).glob(f"{family}*_1.rcp"), key=group)


def optima(family: str = "j30") -> dict[str, int]:
    """{"j301_1": 43, ...} from psplib/<family>opt.sm (parameter, instance, makespan per line)."""
    found = {}
    for line in (FOLDER / f"{family}opt.sm").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0].isdigit() and parts[1].isdigit():
            found[f"{family}{parts[0]}_{parts[1]}"] = int(parts[2])
    return found


@dataclass(frozen=True)
class BestKnown:
    """The shortest makespan known for an instance, and the best lower bound known here."""

    makespan: int
    lower_bound: int

    @property
    def proven(self) -> bool:
        return self.lower_bound == self.makespan


def available(family: str) -> bool:
    return bool(instances(family)) and (_optimum_csv(family).exists() or (FOLDER / f"{family}opt.sm").exists())


def best_known(family: str = "j30") -> dict[str, BestKnown]:
    """{"j601_1": BestKnown(77, 77), ...} for each instance file of `family`.

    From psplib/<family>optimum.csv (`77` a proven optimum, `lo..hi` bounds, `..hi` an upper bound
    only), else from psplib/<family>opt.sm (proven optima). The instance's own critical path and
    resource-energy bound raise the lower bound where the table gives a smaller one or none.
    """
    table = _bounds_table(family)
    found = {}
    for path in instances(family):
        lower, upper = table[path.stem]
        found[path.stem] = BestKnown(upper, max(lower or 0, simple_lower_bound(path)))
    return found


def _optimum_csv(family: str) -> Path:
    return FOLDER / f"{family}optimum.csv"


def _bounds_table(family: str) -> dict[str, tuple[int | None, int]]:
    if not _optimum_csv(family).exists():
        return {name: (value, value) for name, value in optima(family).items()}
    with _optimum_csv(family).open(newline="") as file:
        return {row["problem"].removesuffix(".sm"): _bounds(row["optimum"]) for row in csv.DictReader(file)}


def _bounds(value: str) -> tuple[int | None, int]:
    lower, dots, upper = value.partition("..")
    if not dots:
        return int(value), int(value)
    return (int(lower) if lower else None), int(upper)


def simple_lower_bound(path: Path) -> int:
    """The larger of the critical path and max over resources of ceil(sum of duration x demand / capacity)."""
    capacity, rows = read_jobs(path)
    earliest = [0] * (len(rows) + 1)
    for job, (duration, _, successors) in enumerate(rows, start=1):
        for successor in successors:
            earliest[successor] = max(earliest[successor], earliest[job] + duration)
    energy = max(-(-sum(d * need[r] for d, need, _ in rows) // c) for r, c in enumerate(capacity))
    return max(earliest[len(rows)], energy)


def read_jobs(path: Path) -> tuple[list[int], list[tuple[int, list[int], list[int]]]]:
    """The capacities, and per job (1 = source, last = sink) its duration, demands and successors."""
    numbers = [int(x) for x in path.read_text().split()]
    jobs, resources = numbers[0], numbers[1]
    capacity = numbers[2 : 2 + resources]
    rows, at = [], 2 + resources
    for _ in range(jobs):
        duration, demands = numbers[at], numbers[at + 1 : at + 1 + resources]
        count = numbers[at + 1 + resources]
        successors = numbers[at + 2 + resources : at + 2 + resources + count]
        rows.append((duration, demands, successors))
        at += 2 + resources + count
    return capacity, rows


def read_rcp(path: Path) -> Portfolio:
    capacity, rows = read_jobs(path)
    jobs = len(rows)
    sink = jobs
    name = {j: f"J{j:02d}" for j in range(2, jobs)} | {sink: "END"}
    horizon = sum(d for d, _, _ in rows) + 2
    projects, demands, dependencies = [], [], []
    for j, (duration, need, successors) in enumerate(rows, start=1):
        if j == 1:
            continue
        is_sink = j == sink
        projects.append(
            Project(
                id=name[j],
                status="approved",
                priority=float(j),
                duration_weeks=1 if is_sink else duration,
                value_per_week=END_VALUE if is_sink else 0.0,
            )
        )
        demands += [Demand(name[j], f"R{r + 1}", float(q)) for r, q in enumerate(need) if q > 0 and not is_sink]
        dependencies += [Dependency(name[j], name[s]) for s in successors]
    return Portfolio(
        settings=Settings(as_of=dt.date(2027, 1, 4), horizon_weeks=horizon, currency="GBP"),
        pools=tuple(Pool(f"R{r + 1}", float(c)) for r, c in enumerate(capacity)),
        projects=tuple(projects),
        demands=tuple(demands),
        dependencies=tuple(dependencies),
    )


def makespan(pf: Portfolio, total_value: float) -> int:
    """Invert total value = END_VALUE x (H - (makespan + 1))."""
    return round(pf.settings.horizon_weeks - total_value / END_VALUE) - 1
