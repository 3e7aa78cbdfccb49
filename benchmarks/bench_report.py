"""How fast the board pack is written for the sample and its Accept Atlas scenario.

    python benchmarks/bench_report.py [--repeat 3]

The target (issue 5): a full .pptx for the sample in at most 10 s. Two measures:
- the command a PMO lead runs, `python -m vmo_core report ... --out pack.EXT`, timed from
  process start to exit (a fresh interpreter: imports, loading, the core, charts, writing);
- inside one process, the content (`build_pack`: every core call) and each writer on its own.
Each line gives the median and the slowest of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import vmo_core  # noqa: E402
from vmo_core.engine.scenario import read_scenario  # noqa: E402
from vmo_core.report import build_pack, write_report  # noqa: E402

SAMPLE = ROOT / "data" / "sample"
SCENARIO = ROOT / "data" / "scenarios" / "accept-atlas.json"
TARGETS = {".pptx": 10.0}


def line(label: str, times: list[float], target: float | None = None) -> str:
    verdict = "" if target is None else (f"  (target {target:g} s: {'met' if max(times) <= target else 'MISSED'})")
    return f"{label:<44} median {statistics.median(times):5.2f} s   slowest {max(times):5.2f} s{verdict}"


def command(suffix: str, folder: Path, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        out = folder / f"cli-pack{suffix}"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "vmo_core", "report", str(SAMPLE), "--scenario", str(SCENARIO), "--out", str(out)],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pf = vmo_core.load(SAMPLE)
    scenario = read_scenario(SCENARIO)
    print(f"Board pack for {SAMPLE.name} with {SCENARIO.name}: {len(pf.projects)} projects, {len(pf.pools)} pools")
    with tempfile.TemporaryDirectory(prefix="bench-report-") as scratch:
        folder = Path(scratch)
        for suffix in (".pptx", ".xlsx", ".pdf"):
            times = command(suffix, folder, args.repeat)
            print(line(f"python -m vmo_core report --out pack{suffix}", times, TARGETS.get(suffix)))
        build_pack(pf, scenario)  # warm: the schedule kernel is compiled once per checkout
        content, packs = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            packs.append(build_pack(pf, scenario))
            content.append(time.perf_counter() - started)
        print(line("  in one process: the content (build_pack)", content))
        for suffix in (".pptx", ".xlsx", ".pdf"):
            times = []
            for pack in packs:
                started = time.perf_counter()
                write_report(pack, folder / f"pack{suffix}")
                times.append(time.perf_counter() - started)
            size = (folder / f"pack{suffix}").stat().st_size
            print(line(f"  in one process: writing the {suffix} ({size / 1e6:.1f} MB)", times))


if __name__ == "__main__":
    main()
