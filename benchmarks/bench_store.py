"""How fast the store's loop runs on 1,000 projects: an import, and `changes --db` as a whole process.

    python benchmarks/bench_store.py [--projects 1000] [--repeat 5]

Two snapshots (a generated portfolio and the same four weeks on, as bench_changes.py makes
them) are imported into a new store; then `python -m vmo_core changes --db` and `snapshots
--db` run as a shell script would run them (process start, reading the store and the answer
included). Prints the median and p90 of each.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_changes import later_snapshot  # noqa: E402
from bench_engine import summary  # noqa: E402
from generate_portfolio import write_portfolio  # noqa: E402

import vmo_core  # noqa: E402
from vmo_core.store.duckdb_store import import_portfolio  # noqa: E402


def process_seconds(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "vmo_core", *args, "--json"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        earlier = vmo_core.load(write_portfolio(Path(scratch) / "pf", n_projects=args.projects))
        later = later_snapshot(earlier)
        imports = []
        for run in range(args.repeat):
            database = Path(scratch) / f"store-{run}.duckdb"
            for pf in (earlier, later):
                started = time.perf_counter()
                import_portfolio(pf, database, source="bench")
                imports.append(time.perf_counter() - started)
        print(f"import ({args.projects} projects, one snapshot): {summary([1000 * t for t in imports])}")
        for command in (["snapshots"], ["changes"]):
            times = [process_seconds(*command, "--db", str(database)) for _ in range(args.repeat)]
            print(f"python -m vmo_core {command[0]} --db (whole process): {summary([1000 * t for t in times])}")


if __name__ == "__main__":
    main()
