"""Deterministic generator of large synthetic portfolios, for benchmarks.

Writes a CSV-folder portfolio (see shared/design/INTERFACES.md, "A portfolio, in any of
three forms"; field meanings in ECONOMICS.md): settings.csv, pools.csv, projects.csv,
demands.csv, dependencies.csv and capacity_changes.csv.

    python benchmarks/generate_portfolio.py OUT_FOLDER --projects 1000 --pools 30 \
        --horizon 260 --seed 0

Only numpy.random.default_rng(seed) is used for randomness, so the same arguments give
byte-identical files.

Load calibration. Demands are drawn first; then pool capacities (whole FTE, 4..20) and a
target load ratio per pool (uniform in 0.8..1.6, where the ratio is
sum(fte * duration) of active + approved projects over capacity * horizon) are chosen so
that the total work fits, and each demand is assigned to a pool with probability
proportional to the pool's remaining shortfall against its target. So the busiest pools
need about 1.5x the horizon and some projects finish past it.
The 4..20 FTE range bounds what can be hit: when there is too little work for every pool
at 4 FTE (few projects, many pools or a long horizon) the busiest pools keep their
target and the quietest pools get little work; when there is too much for every pool at
20 FTE every ratio rises in proportion. `load_ratios(folder)` reads the ratios back.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import pathlib
import statistics
import sys

import numpy as np

AS_OF = dt.date(2027, 1, 4)  # a Monday
DISCOUNT_RATE = 0.05
CURRENCY = "GBP"

CAPACITY_MIN, CAPACITY_MAX = 4, 20
TARGET_RATIO_LOW, TARGET_RATIO_HIGH = 0.8, 1.6
QUIET_POOL_FLOOR = 0.05  # a quiet pool keeps at least this share of its full target load
FTE_CHOICES = (0.5, 1.0, 1.5, 2.0, 3.0)
FTE_PROBS = (0.10, 0.30, 0.20, 0.25, 0.15)
POOLS_PER_PROJECT_PROBS = (0.25, 0.45, 0.30)  # 1, 2 or 3 distinct pools
BENEFIT_TYPES = ("revenue", "savings", "risk", "other")
THEMES = ("Growth", "Efficiency", "Compliance", "Customer Experience", "Platform")
SPONSORS = ("CEO", "CFO", "COO", "CTO", "CIO", "CMO", "Chief Risk Officer", "HR Director")
SKILLS = (
    "Data",
    "Backend",
    "Frontend",
    "QA",
    "Infrastructure",
    "Security",
    "Design",
    "Analytics",
    "Mobile",
    "Platform",
    "Integration",
    "Architecture",
)

FILES = ("settings.csv", "pools.csv", "projects.csv", "demands.csv", "dependencies.csv", "capacity_changes.csv")
PROJECT_COLUMNS = (
    "id",
    "name",
    "status",
    "priority",
    "duration_weeks",
    "value_per_week",
    "earliest_start",
    "decay_per_week",
    "value_end",
    "deadline",
    "late_penalty",
    "fixed_cost",
    "promised_finish",
    "promised_value_per_week",
    "benefit_type",
    "theme",
    "sponsor",
)


# ---------------------------------------------------------------- helpers


def _cell(value) -> str:
    """One CSV cell: '' for None, ints plainly, floats by repr (exact round trip)."""
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError("no booleans in a portfolio")
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _week_date(week: int) -> dt.date:
    return AS_OF + dt.timedelta(days=7 * int(week))


def _truncated_lognormal(rng, median, sigma, low, high, size):
    """Lognormal draws redrawn until all fall in [low, high] (deterministic given rng)."""
    out = rng.lognormal(math.log(median), sigma, size)
    bad = (out < low) | (out > high)
    while bad.any():
        out[bad] = rng.lognormal(math.log(median), sigma, int(bad.sum()))
        bad = (out < low) | (out > high)
    return out


def _log_uniform(rng, low, high, size):
    return np.exp(rng.uniform(math.log(low), math.log(high), size))


def _write_csv(path: pathlib.Path, header, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(v) for v in row])


# ---------------------------------------------------------------- calibration


def _capacities(weights, ratios, work, horizon):
    """Whole-FTE capacities proportional to `weights`, clipped to 4..20, such that
    sum(ratio * capacity * horizon) comes as close to `work` as the clipping allows."""

    def total(scale):
        caps = np.clip(np.rint(scale * weights), CAPACITY_MIN, CAPACITY_MAX)
        return float((ratios * caps).sum() * horizon), caps

    low, high = 0.0, CAPACITY_MAX / float(weights.min()) + 1.0
    for _ in range(80):
        mid = 0.5 * (low + high)
        if total(mid)[0] >= work:
            high = mid
        else:
            low = mid
    # the side at or below the work (ratios then rise a hair rather than some pool
    # being cut), unless even the smallest capacities are already too many
    t_low, c_low = total(low)
    caps = c_low if t_low <= work else total(high)[1]
    return caps.astype(np.int64)


def _target_loads(caps, ratios, work, horizon):
    """FTE-weeks each pool should carry; they add up to `work`."""
    full = ratios * caps * horizon
    if work <= 0:
        return np.zeros_like(full)
    if full.sum() <= work:
        return full * (work / full.sum())  # too much work even at 20 FTE: all rise alike
    # Too little work to load every pool to its target (capacities already at their
    # floor). Keep the busiest pools at their targets; take the excess from the quietest.
    targets = full.copy()
    excess = targets.sum() - work
    for p in np.argsort(ratios, kind="stable"):
        cut = min(excess, targets[p] * (1.0 - QUIET_POOL_FLOOR))
        targets[p] -= cut
        excess -= cut
        if excess <= 0:
            break
    if excess > 0:
        targets *= work / targets.sum()
    return targets


# ---------------------------------------------------------------- generation


def _generate(n_projects, n_pools, horizon, seed):
    if n_projects < 1 or n_pools < 1 or horizon < 1:
        raise ValueError("need at least one project, one pool and a horizon of at least one week")
    rng = np.random.default_rng(seed)
    n, P, H = int(n_projects), int(n_pools), int(horizon)

    # ---- projects: status, priority, size
    n_active = int(0.03 * n + 0.5)
    n_proposed = int(0.01 * n + 0.5)
    n_done = min(int(0.02 * n + 0.5), n - n_active - n_proposed)
    status = np.array(["approved"] * n, dtype=object)
    order = rng.permutation(n)
    status[order[:n_active]] = "active"
    status[order[n_active : n_active + n_proposed]] = "proposed"
    status[order[n_active + n_proposed : n_active + n_proposed + n_done]] = "done"
    active = status == "active"
    approved = status == "approved"
    proposed = status == "proposed"
    done = status == "done"
    scheduled = active | approved

    sched_idx = np.flatnonzero(scheduled)
    priority = np.zeros(n, dtype=np.int64)
    priority[sched_idx] = rng.permutation(len(sched_idx)) + 1

    duration = np.minimum(40, 2 + np.floor(rng.lognormal(math.log(9.0), 0.8, n))).astype(np.int64)
    value = np.rint(_truncated_lognormal(rng, 15000.0, 0.9, 2000.0, 100000.0, n)).astype(np.int64)
    benefit = rng.integers(0, len(BENEFIT_TYPES), n)
    theme = rng.integers(0, len(THEMES), n)
    sponsor = rng.integers(0, len(SPONSORS), n)

    # ---- optional economics (drawn for everyone, kept where they make sense)
    u_es, u_decay, u_end, u_deadline, u_fixed, u_prom, u_pval = rng.random((7, n))
    es_last = min(52, H) - 1  # earliest start within the first year and the horizon
    es_week = rng.integers(1, max(es_last, 1) + 1, n)
    has_es = (u_es < 0.10) & (approved | proposed) & (es_last >= 1)
    es_week = np.where(has_es, es_week, 0)

    decay = np.round(rng.uniform(0.005, 0.03, n), 4)
    has_decay = (u_decay < 0.10) & ~done

    # value_end: within the horizon, after the earliest start (mostly after the work too)
    end_low = np.maximum(np.minimum(es_week + duration, H - 1), es_week + 1)
    end_week = end_low + np.floor(rng.random(n) * np.maximum(H - end_low, 1)).astype(np.int64)
    has_end = (u_end < 0.10) & ~done & (end_week < H) & (end_week > es_week)

    deadline_week = es_week + duration + rng.integers(0, max(H // 2, 1), n)
    penalty = np.rint(_log_uniform(rng, 1e5, 2e6, n) / 1000.0).astype(np.int64) * 1000
    has_deadline = (u_deadline < 0.05) & ~done

    fixed = np.rint(_log_uniform(rng, 1e4, 5e5, n) / 1000.0).astype(np.int64) * 1000
    has_fixed = (u_fixed < 0.10) & (approved | proposed)

    # promised finish: roughly where the business case expected it from its place in the
    # list, sometimes optimistic, sometimes generous, so benefits RAG comes out mixed
    rank = np.zeros(n)
    if len(sched_idx):
        rank[sched_idx] = np.where(active[sched_idx], 0.0, (priority[sched_idx] - 1) / len(sched_idx))
    start_guess = np.rint(rank * H * rng.uniform(0.4, 1.1, n)).astype(np.int64)
    promised_week = np.maximum(es_week, start_guess) + duration + rng.integers(-1, 4, n)
    promised_week = np.maximum(promised_week, 1)
    has_promised = (u_prom < 0.60) & scheduled
    promised_value = np.rint(value * rng.uniform(0.8, 1.5, n)).astype(np.int64)
    has_pvalue = has_promised & (u_pval < 0.5)

    # ---- demands: 1..3 distinct pools, fte from a small set
    k = rng.choice(3, size=n, p=POOLS_PER_PROJECT_PROBS) + 1
    k = np.where(done, 0, np.minimum(k, P))
    n_items = int(k.sum())
    item_project = np.repeat(np.arange(n), k)
    item_fte = np.asarray(FTE_CHOICES)[rng.choice(len(FTE_CHOICES), size=n_items, p=FTE_PROBS)]
    item_work = item_fte * duration[item_project]

    # ---- pools: capacities calibrated to the work
    cost = rng.integers(1500, 3501, P)
    pool_size_weight = rng.lognormal(0.0, 0.5, P)
    target_ratio = rng.uniform(TARGET_RATIO_LOW, TARGET_RATIO_HIGH, P)
    sched_item = scheduled[item_project]
    work = float(item_work[sched_item].sum())
    capacity = _capacities(pool_size_weight, target_ratio, work, H)
    targets = _target_loads(capacity, target_ratio, work, H)

    # ---- assign each demand to a pool: active first (they must fit now), then the
    # rest of the scheduled work largest first, each with probability proportional to
    # the pool's remaining shortfall; proposals by pool size.
    draws = rng.random(n_items)
    item_pool = np.full(n_items, -1, dtype=np.int64)
    load = [0.0] * P
    active_load = [0.0] * P
    cap_list = [int(c) for c in capacity]
    target_list = [float(t) for t in targets]
    used = [set() for _ in range(n)]
    is_active_item = active[item_project]
    sequence = np.concatenate(
        [
            np.flatnonzero(is_active_item),
            np.flatnonzero(sched_item & ~is_active_item)[np.argsort(-item_work[sched_item & ~is_active_item], kind="stable")],
            np.flatnonzero(~sched_item),
        ]
    )
    for i in sequence.tolist():
        j = int(item_project[i])
        fte = float(item_fte[i])
        taken = used[j]
        if is_active_item[i]:
            weights = [
                max(target_list[p] - load[p], 0.0) + 1e-9 if p not in taken and active_load[p] + fte <= cap_list[p] else 0.0
                for p in range(P)
            ]
        elif sched_item[i]:
            weights = [max(target_list[p] - load[p], 0.0) + 1e-9 if p not in taken else 0.0 for p in range(P)]
        else:
            weights = [float(cap_list[p]) if p not in taken else 0.0 for p in range(P)]
        total = sum(weights)
        if total <= 0.0:  # an active project that cannot fit anywhere new: any free pool
            weights = [1.0 if p not in taken else 0.0 for p in range(P)]
            total = sum(weights)
        point = float(draws[i]) * total
        acc = 0.0
        chosen = -1
        for p in range(P):
            if weights[p] > 0.0:
                chosen = p
                acc += weights[p]
                if point < acc:
                    break
        item_pool[i] = chosen
        taken.add(chosen)
        if sched_item[i]:
            load[chosen] += float(item_work[i])
        if is_active_item[i]:
            active_load[chosen] += fte

    # ---- capacity changes: ~10% of pools, one each, within the horizon, +-30%,
    # never below the pool's largest demand nor what its active projects already hold
    max_fte = [0.0] * P
    for i in range(n_items):
        p = int(item_pool[i])
        max_fte[p] = max(max_fte[p], float(item_fte[i]))
    n_changes = int(0.10 * P + 0.5) if H > 1 else 0
    changed = np.sort(rng.choice(P, size=n_changes, replace=False)) if n_changes else np.array([], dtype=np.int64)
    change_week = rng.integers(1, max(H, 2), n_changes)
    change_factor = rng.uniform(0.7, 1.3, n_changes)
    changes = []
    for p, week, factor in zip(changed.tolist(), change_week.tolist(), change_factor.tolist(), strict=True):
        floor = max(1, math.ceil(max_fte[p]), math.ceil(active_load[p] - 1e-9))
        new = max(int(round(cap_list[p] * factor)), floor)
        if new == cap_list[p]:
            new = new + 1 if factor >= 1.0 or new - 1 < floor else new - 1
        changes.append((f"P{p}", _week_date(week), new))

    # ---- dependencies: ~n/10 edges, predecessor earlier in the schedule list
    # (active first, then by priority) than its approved successor, mostly near it
    sched_order = sched_idx[np.lexsort((priority[sched_idx], ~active[sched_idx]))]
    S = len(sched_order)
    first_approved = int(active[sched_idx].sum())
    n_edges = n // 10
    edges = []
    if S >= 2 and first_approved < S:
        seen = set()
        pos_succ = rng.integers(max(first_approved, 1), S, 8 * n_edges + 8)
        gaps = rng.geometric(0.02, 8 * n_edges + 8)
        for a, g in zip(pos_succ.tolist(), gaps.tolist(), strict=True):
            if len(edges) >= n_edges:
                break
            b = max(a - g, 0)
            pred, succ = int(sched_order[b]), int(sched_order[a])
            if pred == succ or (pred, succ) in seen:
                continue
            seen.add((pred, succ))
            edges.append((pred, succ))

    # ---- rows
    width = max(4, len(str(n)))
    ids = [f"X{i + 1:0{width}d}" for i in range(n)]
    settings_rows = [("as_of", AS_OF), ("horizon_weeks", H), ("discount_rate", DISCOUNT_RATE), ("currency", CURRENCY)]
    pool_rows = [(f"P{p}", f"{SKILLS[p % len(SKILLS)]} {p // len(SKILLS) + 1}", cap_list[p], int(cost[p])) for p in range(P)]
    project_rows = []
    for j in range(n):
        project_rows.append(
            (
                ids[j],
                f"Project {j + 1}",
                status[j],
                int(priority[j]) if scheduled[j] else None,
                int(duration[j]),
                int(value[j]),
                _week_date(es_week[j]) if has_es[j] else None,
                float(decay[j]) if has_decay[j] else None,
                _week_date(end_week[j]) if has_end[j] else None,
                _week_date(deadline_week[j]) if has_deadline[j] else None,
                int(penalty[j]) if has_deadline[j] else None,
                int(fixed[j]) if has_fixed[j] else None,
                _week_date(promised_week[j]) if has_promised[j] else None,
                int(promised_value[j]) if has_pvalue[j] else None,
                BENEFIT_TYPES[benefit[j]],
                THEMES[theme[j]],
                SPONSORS[sponsor[j]],
            )
        )
    demand_rows = [
        (ids[int(item_project[i])], f"P{int(item_pool[i])}", float(item_fte[i])) for i in range(n_items)
    ]  # items are grouped by project, in id order
    dependency_rows = [(ids[a], ids[b]) for a, b in sorted(edges)]
    return {
        "settings.csv": (("key", "value"), settings_rows),
        "pools.csv": (("id", "name", "capacity_fte", "cost_per_fte_week"), pool_rows),
        "projects.csv": (PROJECT_COLUMNS, project_rows),
        "demands.csv": (("project_id", "pool_id", "fte"), demand_rows),
        "dependencies.csv": (("predecessor_id", "successor_id"), dependency_rows),
        "capacity_changes.csv": (("pool_id", "from", "capacity_fte"), changes),
    }


def write_portfolio(folder, *, n_projects=1000, n_pools=30, horizon_weeks=260, seed=0) -> pathlib.Path:
    """Write a synthetic CSV-folder portfolio into `folder` (created if needed) and
    return its path. Same arguments, byte-identical files."""
    tables = _generate(n_projects, n_pools, horizon_weeks, seed)
    path = pathlib.Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        header, rows = tables[name]
        _write_csv(path / name, header, rows)
    return path


def load_ratios(folder) -> dict[str, float]:
    """Per pool: sum(fte * duration_weeks) over active and approved projects, divided by
    capacity_fte * horizon_weeks (base capacity), read back from a written folder."""
    folder = pathlib.Path(folder)
    with (folder / "settings.csv").open(newline="", encoding="utf-8") as f:
        horizon = int(next(r["value"] for r in csv.DictReader(f) if r["key"] == "horizon_weeks"))
    with (folder / "pools.csv").open(newline="", encoding="utf-8") as f:
        capacity = {r["id"]: float(r["capacity_fte"]) for r in csv.DictReader(f)}
    with (folder / "projects.csv").open(newline="", encoding="utf-8") as f:
        duration = {r["id"]: int(r["duration_weeks"]) for r in csv.DictReader(f) if r["status"] in ("active", "approved")}
    load = dict.fromkeys(capacity, 0.0)
    with (folder / "demands.csv").open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["project_id"] in duration:
                load[r["pool_id"]] += float(r["fte"]) * duration[r["project_id"]]
    return {p: load[p] / (capacity[p] * horizon) for p in capacity}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic synthetic VMO portfolio (CSV folder).")
    parser.add_argument("out_folder", metavar="OUT_FOLDER")
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--pools", type=int, default=30)
    parser.add_argument("--horizon", type=int, default=260)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        path = write_portfolio(
            args.out_folder, n_projects=args.projects, n_pools=args.pools, horizon_weeks=args.horizon, seed=args.seed
        )
    except ValueError as exc:
        print(f"generate_portfolio: {exc}", file=sys.stderr)
        return 2
    ratios = sorted(load_ratios(path).values())
    counts = {}
    for name in ("demands.csv", "dependencies.csv", "capacity_changes.csv"):
        with (path / name).open(encoding="utf-8") as f:
            counts[name] = sum(1 for _ in f) - 1
    print(
        f"wrote {path}: {args.projects} projects, {args.pools} pools, {counts['demands.csv']} demands, "
        f"{counts['dependencies.csv']} dependencies, {counts['capacity_changes.csv']} capacity changes; "
        f"horizon {args.horizon} weeks, seed {args.seed}; load/capacity per pool "
        f"min {ratios[0]:.2f} median {statistics.median(ratios):.2f} max {ratios[-1]:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
