"""How fast the store's loop runs on 1,000 projects: an import, and `changes --db` as a whole process.

    python benchmarks/bench_store.py [--projects 1000] [--repeat 5] [--engine duckdb|postgresql|both]

Two snapshots (a generated portfolio and the same four weeks on, as bench_changes.py makes
them) are imported into a new store; then `python -m vmo_core changes --db` and `snapshots
--db` run as a shell script would run them (process start, reading the store and the answer
included). Prints the median and p90 of each, for each engine: a DuckDB file, and a database
on a PostgreSQL server of the benchmark's own (started in a temporary folder as the tests
start theirs, tests/postgres.py, durability off as there).
"""

from __future__ import annotations

import argparse
import contextlib
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
from tests.postgres import Server, find_bindir  # noqa: E402
from vmo_core.store.stores import import_portfolio  # noqa: E402


def process_seconds(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "vmo_core", *args, "--json"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


@contextlib.contextmanager
def store_maker(engine: str, scratch: Path):
    """A maker of new, empty stores: DuckDB files in `scratch`, or databases on a server of our own."""
    if engine == "duckdb":
        numbers = iter(range(1_000_000))
        yield lambda: scratch / f"store-{next(numbers)}.duckdb"
        return
    server = Server(find_bindir()).start()
    try:
        yield server.new_database
    finally:
        server.stop()


def bench_engine(engine: str, new_store, earlier, later, *, projects: int, repeat: int) -> None:
    imports = []
    for _ in range(repeat):
        database = new_store()
        for pf in (earlier, later):
            started = time.perf_counter()
            import_portfolio(pf, database, source="bench")
            imports.append(time.perf_counter() - started)
    print(f"{engine}: import ({projects} projects, one snapshot): {summary([1000 * t for t in imports])}")
    for command in (["snapshots"], ["changes"]):
        times = [process_seconds(*command, "--db", str(database)) for _ in range(repeat)]
        print(f"{engine}: python -m vmo_core {command[0]} --db (whole process): {summary([1000 * t for t in times])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engine", choices=["duckdb", "postgresql", "both"], default="both")
    args = parser.parse_args()
    engines = ["duckdb", "postgresql"] if args.engine == "both" else [args.engine]
    with tempfile.TemporaryDirectory() as scratch:
        earlier = vmo_core.load(write_portfolio(Path(scratch) / "pf", n_projects=args.projects))
        later = later_snapshot(earlier)
        for engine in engines:
            with store_maker(engine, Path(scratch)) as new_store:
                bench_engine(engine, new_store, earlier, later, projects=args.projects, repeat=args.repeat)


if __name__ == "__main__":
    main()
