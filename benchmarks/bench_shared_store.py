"""Many sessions on one shared PostgreSQL store at once: no save lost, and how long each takes.

    python benchmarks/bench_shared_store.py [--sessions 20] [--seconds 20] [--replicas 2]

`--replicas` processes (as app replicas) share the sessions; each session, in a thread of its
own, does what an app rerun does against the store (the plan's version, the saved scenarios)
and then saves a scenario under a name of its own, over and over for `--seconds`; every
tenth save is an import of a new snapshot instead (a plan moving on under everyone). At the
end the database must hold every save that was acknowledged: prints the count of lost saves
(0 expected), and the median and p95 of a rerun's store reads and of a save. The store only:
the what-if answers themselves come from each replica's cache (bench_browser.py times those).
It starts a PostgreSQL server of its own in a temporary folder (tests/postgres.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.postgres import Server, find_bindir  # noqa: E402
from vmo_core.io.loading import load  # noqa: E402
from vmo_core.store.stores import import_portfolio, open_store  # noqa: E402

SAMPLE = ROOT / "data" / "sample"


def session(url: str, name: str, until: float, pf, out: dict) -> None:
    reads, saves, imports, saved = [], [], [], []
    with open_store(url) as store:
        number = 0
        while time.perf_counter() < until:
            started = time.perf_counter()
            store.newest_snapshot()
            store.scenarios()
            reads.append(time.perf_counter() - started)
            number += 1
            started = time.perf_counter()
            if number % 10 == 0:
                store.add_snapshot(pf, source=name)
                imports.append(time.perf_counter() - started)
            else:
                store.save_scenario(f"{name} #{number}", [{"op": "stop", "project": "DQ"}], by=name)
                saved.append(f"{name} #{number}")
                saves.append(time.perf_counter() - started)
    out[name] = {"reads": reads, "saves": saves, "imports": imports, "saved": saved}


def replica(url: str, first: int, sessions: int, seconds: float) -> dict:
    """One replica's sessions, in threads: what each read, saved and how long it took."""
    pf, out = load(SAMPLE), {}
    until = time.perf_counter() + seconds
    threads = [threading.Thread(target=session, args=(url, f"session {first + i}", until, pf, out)) for i in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--replica", nargs=3, metavar=("URL", "FIRST", "SESSIONS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.replica:  # one replica's process
        url, first, sessions = args.replica
        print(json.dumps(replica(url, int(first), int(sessions), args.seconds)))
        return
    server = Server(find_bindir()).start()
    try:
        url = server.new_database()
        import_portfolio(load(SAMPLE), url, source="bench")
        share = [args.sessions // args.replicas + (i < args.sessions % args.replicas) for i in range(args.replicas)]
        firsts = [sum(share[:i]) for i in range(args.replicas)]
        command = [sys.executable, __file__, "--seconds", str(args.seconds), "--replica", url]
        processes = [
            subprocess.Popen([*command, str(f), str(n)], stdout=subprocess.PIPE, text=True) for f, n in zip(firsts, share)
        ]
        results = {}
        for process in processes:
            results.update(json.loads(process.communicate()[0]))
        with open_store(url, read_only=True) as store:
            held = {s["name"] for s in store.scenarios()}
            snapshots = len(store.snapshots())
    finally:
        server.stop()
    reads = [t for r in results.values() for t in r["reads"]]
    saves = [t for r in results.values() for t in r["saves"]]
    imports = [t for r in results.values() for t in r["imports"]]
    acknowledged = {name for r in results.values() for name in r["saved"]}
    print(f"{args.sessions} sessions on {args.replicas} replicas for {args.seconds:g} s: {len(saves) + len(imports)} writes")
    lost = len(acknowledged - held)
    print(f"  lost saves: {lost} of {len(acknowledged)} scenarios; snapshots held {snapshots} (1 + {len(imports)} imports)")
    for what, times in (("a rerun's store reads", reads), ("a scenario saved", saves), ("a snapshot imported", imports)):
        print(f"  {what}: median {1000 * statistics.median(times):.1f} ms, p95 {1000 * p95(times):.1f} ms")


if __name__ == "__main__":
    main()
