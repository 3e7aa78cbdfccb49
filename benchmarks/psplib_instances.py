"""PSPLIB instances (benchmarks/psplib/: j30 and j60, instance 1 of each of the 48 parameter groups;
j120, all 600, of which instance 1 of each of the 60 groups is used: every tenth) as portfolios:
all value on one final project, and each instance's best known makespan.

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


SM_FAMILIES = ("j120",)  # kept as PSPLIB .sm files; the others as .rcp


def instances(family: str = "j30") -> list[Path]:
    """Instance 1 of each parameter group of `family` (psplib/<family>/<family><group>_1.rcp, or .sm), by group."""

    def group(path: Path) -> int:
        return int(re.match(rf"{family}(\d+)_", path.name).group(1))

    suffix = ".sm" if family in SM_FAMILIES else ".rcp"
    return sorted((FOLDER / family).glob(f"{family}*_1{suffix}"), key=group)


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
    tables = (_optimum_csv(family), FOLDER / f"{family}opt.sm", _published(family, "bks"))
    return bool(instances(family)) and any(table.exists() for table in tables)


def best_known(family: str = "j30") -> dict[str, BestKnown]:
    """{"j601_1": BestKnown(77, 77), ...} for each instance file of `family`.

    From psplib/<family>optimum.csv (`77` a proven optimum, `lo..hi` bounds, `..hi` an upper bound
    only), else psplib/<family>bks.csv (PyJobShop's best known values, with CP-SAT's lower bounds
    from <family>cpsat.csv), else psplib/<family>opt.sm (proven optima). The instance's own critical
    path and resource-energy bound raise the lower bound where the table gives a smaller one or none.
    """
    table = _bounds_table(family)
    found = {}
    for path in instances(family):
        lower, upper = table[path.stem]
        found[path.stem] = BestKnown(upper, max(lower or 0, simple_lower_bound(path)))
    return found


def _optimum_csv(family: str) -> Path:
    return FOLDER / f"{family}optimum.csv"


def _published(family: str, table: str) -> Path:
    return FOLDER / f"{family}{table}.csv"


def psplib_name(published: str) -> str:
    """PyJobShop's `J120_<k>.txt` is PSPLIB j120<g>_<i> with k = 10 (g - 1) + i (checked file by file)."""
    family, k = re.fullmatch(r"(J\d+)_(\d+)\.txt", published).groups()
    group, instance = divmod(int(k) - 1, 10)
    return f"{family.lower()}{group + 1}_{instance + 1}"


def cpsat(family: str = "j120") -> dict[str, int]:
    """{"j1201_1": 105, ...}: OR-Tools CP-SAT's makespan after 900 s (PyJobShop's published runs)."""
    with _published(family, "cpsat").open(newline="") as file:
        return {psplib_name(row["instance"]): round(float(row["objective"])) for row in csv.DictReader(file)}


def _cpsat_lower_bounds(family: str) -> dict[str, int]:
    with _published(family, "cpsat").open(newline="") as file:
        return {psplib_name(row["instance"]): round(float(row["lower_bound"])) for row in csv.DictReader(file)}


def _bounds_table(family: str) -> dict[str, tuple[int | None, int]]:
    if _published(family, "bks").exists():
        lower = _cpsat_lower_bounds(family)
        with _published(family, "bks").open(newline="") as file:
            rows = csv.DictReader(file)
            return {name: (lower.get(name), int(row["bks"])) for row in rows for name in [psplib_name(row["instance"])]}
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
    if path.suffix == ".sm":
        return read_sm(path)
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


def read_sm(path: Path) -> tuple[list[int], list[tuple[int, list[int], list[int]]]]:
    """As read_jobs, from a PSPLIB .sm file (single mode: one line per job in each section)."""
    sections = re.split(r"\n\*+\n", path.read_text())
    table = {section.split(":")[0].strip(): section for section in sections}
    successors = {}
    for line in table["PRECEDENCE RELATIONS"].splitlines()[2:]:
        job, _, count, *rest = (int(x) for x in line.split())
        successors[job] = rest[:count]
    rows = []
    for line in table["REQUESTS/DURATIONS"].splitlines()[3:]:
        job, _, duration, *need = (int(x) for x in line.split())
        rows.append((duration, need, successors[job]))
    capacity = [int(x) for x in table["RESOURCEAVAILABILITIES"].splitlines()[2].split()]
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
