"""How long each decision command takes as a whole process: `python -m vmo_core <cmd> <dir> --json`.

    python benchmarks/bench_decisions.py [--sizes 1000 5000] [--repeat 3] [--timeout 90]
                                         [--commands constraints stop-ranking ...] [--root DIR]

Generated portfolios (benchmarks/generate_portfolio.py: 30 pools, a 260-week horizon,
seed 0) are written once and cached under the temp dir. Each command runs `--repeat`
times per size; the table shows the median wall time of the whole process (Python start,
load, answer, JSON out). Before timing, every command runs once untimed on the smallest
size so that Numba's on-disk cache of the compiled kernels is warm: the figures are warm,
and the first run after an install (which compiles) is not counted. A run past
`--timeout` seconds is shown as "> N s" and the command's other runs at that size are
skipped. `--root` runs the commands from another copy of the source (a before/after check).

The targets (issue "Enterprise scale"): every command at most 2 s at 1,000 projects and
10 s at 5,000.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_portfolio import write_portfolio  # noqa: E402

POOLS, HORIZON, SEED = 30, 260, 0
COMMANDS = ("constraints", "benefits", "forecast", "stop-ranking", "intake", "interventions")
TARGET = {1000: 2.0, 5000: 10.0}


def portfolio(size: int) -> Path:
    """The generated portfolio of `size` projects, written once into the temp dir."""
    folder = Path(tempfile.gettempdir()) / "vmo_bench_decisions" / f"p{size}_pools{POOLS}_h{HORIZON}_s{SEED}"
    if not (folder / "capacity_changes.csv").exists():
        write_portfolio(folder, n_projects=size, n_pools=POOLS, horizon_weeks=HORIZON, seed=SEED)
    return folder


def first_proposal(folder: Path) -> str:
    import csv

    with (folder / "projects.csv").open(newline="", encoding="utf-8") as f:
        return next(r["id"] for r in csv.DictReader(f) if r["status"] == "proposed")


def argv(command: str, folder: Path) -> list[str]:
    args = [sys.executable, "-m", "vmo_core", command, str(folder), "--json"]
    if command == "intake":
        args += ["--proposal", first_proposal(folder)]
    if command == "forecast":
        args += ["--runs", "1000"]
    return args


def run_once(command: str, folder: Path, root: Path, timeout: float) -> float | None:
    """Seconds the whole process took, or None when it ran past `timeout` (it is killed)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    started = time.perf_counter()
    try:
        done = subprocess.run(argv(command, folder), cwd=root, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command} on {folder} failed ({done.returncode}):\n{done.stderr.decode()[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=90.0)
    parser.add_argument("--commands", nargs="+", default=list(COMMANDS), choices=COMMANDS)
    parser.add_argument("--root", type=Path, default=ROOT, help="the source tree to run (default: this one)")
    args = parser.parse_args()
    folders = {size: portfolio(size) for size in args.sizes}
    smallest = folders[min(args.sizes)]
    for command in args.commands:  # warm Numba's cache; not timed
        run_once(command, smallest, args.root, max(args.timeout, 300.0))

    table: dict[str, dict[int, str]] = {}
    for command in args.commands:
        for size in args.sizes:
            times = []
            for _ in range(args.repeat):
                seconds = run_once(command, folders[size], args.root, args.timeout)
                if seconds is None:
                    times = None
                    break
                times.append(seconds)
            if times is None:
                cell = f"> {args.timeout:g} s"
            else:
                median = statistics.median(times)
                over = size in TARGET and median > TARGET[size]
                cell = f"{median:.2f} s" + (" (over)" if over else "")
            table.setdefault(command, {})[size] = cell
            print(f"  {command:14s} {size:5d} projects: {cell}   runs {times}", file=sys.stderr, flush=True)

    sizes = args.sizes
    header = "| command | " + " | ".join(f"{s:,} projects" for s in sizes) + " |"
    print(f"\nWhole process, median of {args.repeat} (warm Numba cache), {POOLS} pools, {HORIZON}-week horizon:")
    print(header)
    print("|" + " --- |" * (len(sizes) + 1))
    for command in args.commands:
        print(f"| {command} | " + " | ".join(table[command][s] for s in sizes) + " |")


if __name__ == "__main__":
    main()
