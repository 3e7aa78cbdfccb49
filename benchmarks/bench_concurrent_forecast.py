"""Another user's forecast beside four heavy sessions (issue 25, finding 16).

    python benchmarks/bench_concurrent_forecast.py [--light 1000] [--heavy 20000] [--sessions 4] [--repeat 5]

A Streamlit server runs each session's script in a thread of its one process, so sessions are
threads here, on the sample portfolio (it has actuals). One user asks for the Forecast page's
default forecast (`--light` runs) while `--sessions` others each run long forecasts back to
back (`--heavy` runs, a new seed each time, so no answer is shared):

- alone: nobody else computing;
- before: every session's forecast runs at once, as the app ran them before (20,000 runs each);
- after: through the turns (`vmo_app/turns.py`), as `vmo_app.cache.forecast` now runs them, each
  heavy forecast bounded to `vmo_app.cache.MAX_RUNS` runs.

Each line gives the median and the slowest of `--repeat` timings of the light forecast, and how
many heavy forecasts finished meanwhile. Timings on a shared machine vary: compare the ratios.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import vmo_core  # noqa: E402
from vmo_app import cache  # noqa: E402
from vmo_app.turns import TURNS  # noqa: E402
from vmo_core.forecast.montecarlo import forecast  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


def direct(pf, session: str, *, runs: int, seed: int) -> None:
    """A session's forecast as the app ran it before: at once, whoever else is computing."""
    forecast(pf, runs=runs, seed=seed)


def in_turn(pf, session: str, *, runs: int, seed: int) -> None:
    """A session's forecast as `vmo_app.cache.forecast` runs it now: in its turn, ticking at each report."""
    with TURNS.turn(session) as turn:
        forecast(pf, runs=min(runs, cache.MAX_RUNS), seed=seed, progress=cache._ticking(turn, None))


def light_times(pf, run: Callable, *, light: int, repeat: int) -> list[float]:
    times = []
    for k in range(repeat):
        started = time.perf_counter()
        run(pf, "light", runs=light, seed=1_000 + k)
        times.append(time.perf_counter() - started)
        time.sleep(0.2)
    return times


def beside_heavy(pf, run: Callable, *, light: int, heavy: int, sessions: int, repeat: int) -> tuple[list[float], int]:
    """The light forecast's times while `sessions` threads run heavy forecasts back to back."""
    stop, finished, seeds = threading.Event(), [0], itertools.count(10_000)

    def heavy_session(name: str) -> None:
        while not stop.is_set():
            run(pf, name, runs=heavy, seed=next(seeds))
            finished[0] += 1

    threads = [threading.Thread(target=heavy_session, args=(f"heavy-{i}",), daemon=True) for i in range(sessions)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # every heavy session under way
    times = light_times(pf, run, light=light, repeat=repeat)
    stop.set()
    for thread in threads:
        thread.join()
    return times, finished[0]


def line(label: str, times: list[float], alone: float, extra: str = "") -> str:
    median = statistics.median(times)
    return f"{label:<44} median {median:6.2f} s  slowest {max(times):6.2f} s  ({median / alone:4.1f}x alone){extra}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--light", type=int, default=1000)
    parser.add_argument("--heavy", type=int, default=20_000)
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pf = vmo_core.load(SAMPLE)
    forecast(pf, runs=20, seed=0)  # compile and warm up
    print(f"The sample ({len(pf.projects)} projects); another user's forecast of {args.light:,} runs, {args.repeat} times each.")
    alone = light_times(pf, direct, light=args.light, repeat=args.repeat)
    base = statistics.median(alone)
    print(line("alone", alone, base))
    for label, run, heavy in (
        (f"before: beside {args.sessions} sessions of {args.heavy:,} runs", direct, args.heavy),
        (f"after: in turns, theirs bounded to {min(args.heavy, cache.MAX_RUNS):,} runs", in_turn, args.heavy),
    ):
        times, finished = beside_heavy(pf, run, light=args.light, heavy=heavy, sessions=args.sessions, repeat=args.repeat)
        print(line(label, times, base, f"; {finished} heavy forecasts finished meanwhile"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
