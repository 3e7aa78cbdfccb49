"""Many people on the app at once: 20 browser sessions on two replicas sharing one PostgreSQL store.

    python benchmarks/bench_load.py [--sessions 20] [--seconds 60] [--replicas 2] [--projects 0]

Starts a PostgreSQL server of its own in a temporary folder (tests/postgres.py), fills one
database with the bundled sample (or, with `--projects N`, a generated portfolio of N projects),
serves `--replicas` app processes on it (`python -m vmo_app`, as `make run` does) and drives
`--sessions` sessions in one headless Chromium, a browser context each (its own cookies: its own
Streamlit session), shared out over the replicas in turn as sticky sessions would be. Each session
opens the What-if and, for `--seconds`, explores: it moves a team's capacity slider a step (up or
down, a different team per session) and waits until the server has rerun the page and the browser drawn it; every
fourth action it saves the scenario under a name of its own and waits for the sidebar to say so.
Between actions it pauses as a person reading would (`--think`, 6 s on average, seeded, so runs
repeat), and people arrive one after another (`--arriving`, 3 s apart); the `--seconds` of
exploring start once every session has opened. One browser with a context per session is what
this 2-core machine can hold beside two servers, and only paced: twenty pages re-rendering at
once in one Chromium share the same two cores as the replicas, so each response here includes
the browser's own work under that load and is, if anything, slower than twenty people on their
own machines would see. (Streamlit's AppTest cannot stand in for it: its sessions share one
runtime per process and break each other when run in threads.)

At the end it counts the scenarios in the database against the saves the sessions were told had
succeeded (0 lost expected), and prints the median and p95 of each kind of action, from the key
press or click to the page's end in the browser.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_app_scale import IDLE, Runs  # noqa: E402
from bench_browser import generated  # noqa: E402

from tests.app.browser.serving import ARGS, CHROMIUM, served  # noqa: E402
from tests.postgres import Server, find_bindir  # noqa: E402
from vmo_core.io.loading import load  # noqa: E402
from vmo_core.store.stores import import_portfolio, open_store  # noqa: E402

SAMPLE = ROOT / "data" / "sample"
SAVE_EVERY = 4


class Session:
    """One person's browser context on one replica: what they did and how long each took."""

    def __init__(self, number: int, url: str, pool: str, seed: int):
        self.number, self.url, self.pool = number, url, pool
        self.random = random.Random(seed)
        self.times: dict[str, list[float]] = {"open the What-if": [], "show a tab": [], "slider move": [], "save a scenario": []}
        self.runs = None
        self.saved: list[str] = []
        self.failures: list[str] = []

    async def act(self, page, kind: str, action) -> None:
        """Time `action` to the end of the script run it starts, drawn on screen."""
        before = self.runs.finished
        started = time.perf_counter()
        await action()
        while self.runs.finished == before:
            if time.perf_counter() - started > 120:
                raise TimeoutError(f"{kind}: the server never said the page's script had finished")
            await asyncio.sleep(0.01)
        await page.wait_for_function(IDLE, timeout=120_000, polling=50)
        self.times[kind].append(time.perf_counter() - started)

    async def open(self, browser, arriving: float):
        """The session's own context on the What-if, its Capacity tab shown: (context, page)."""
        await asyncio.sleep(arriving * self.number)  # people arrive one after another, not in the same instant
        context = await browser.new_context(viewport={"width": 1400, "height": 1100})
        context.set_default_timeout(300_000)
        page = await context.new_page()
        self.runs = Runs(page)
        started = time.perf_counter()
        await page.goto(f"{self.url}/whatif", wait_until="domcontentloaded")
        await page.get_by_test_id("stMetric").filter(has_text="Net value change").wait_for(timeout=300_000)
        await page.wait_for_function(IDLE, timeout=300_000)
        self.times["open the What-if"].append(time.perf_counter() - started)
        await self.act(page, "show a tab", page.get_by_role("tab", name="Capacity").click)
        return context, page

    async def explore(self, context, page, until: float, think: float) -> None:
        """Until `until`: a slider step, or every fourth time a save, each after a pause."""
        slider = page.get_by_test_id("stSlider").filter(has_text=f"{self.pool}:").get_by_role("slider")
        done = 0
        while time.perf_counter() < until:
            await asyncio.sleep(self.random.uniform(0.5 * think, 1.5 * think))
            done += 1
            try:
                if done % SAVE_EVERY == 0:
                    await self.save(page, f"Load session {self.number} save {done // SAVE_EVERY}")
                else:
                    await slider.focus()
                    key = "ArrowRight" if (done // SAVE_EVERY) % 2 == 0 else "ArrowLeft"
                    await self.act(page, "slider move", functools.partial(page.keyboard.press, key))
            except Exception as exc:  # noqa: BLE001 - a session that fails is counted, not the end of the run
                self.failures.append(f"action {done}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        await context.close()

    async def save(self, page, name: str) -> None:
        sidebar = page.get_by_test_id("stSidebar")
        box = sidebar.get_by_label("Save as")
        await box.fill(name)
        await self.act(page, "save a scenario", functools.partial(box.press, "Enter"))
        button = sidebar.get_by_role("button", name="Save scenario")
        await self.act(page, "save a scenario", button.click)
        self.times["save a scenario"][-2:] = [sum(self.times["save a scenario"][-2:])]  # the name and the click: one save
        if f"Saved '{name}'" in (await sidebar.inner_text()).replace("\u2060", ""):
            self.saved.append(name)
        else:
            self.failures.append(f"{name}: the sidebar did not say it was saved")


async def drive(urls: list[str], pools: list[str], args) -> list[Session]:
    from playwright.async_api import async_playwright

    sessions = [Session(n + 1, urls[n % len(urls)], pools[n % len(pools)], seed=n) for n in range(args.sessions)]
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        opened = await asyncio.gather(*(s.open(browser, args.arriving) for s in sessions))
        until = time.perf_counter() + args.seconds  # every session explores for the same time, all at once
        await asyncio.gather(*(s.explore(*o, until, args.think) for s, o in zip(sessions, opened)))
        await browser.close()
    return sessions


def moving_pools(pf) -> list[str]:
    """The teams whose sliders the sessions move (one each, in turn): those whose people cost money."""
    return [p.label for p in pf.pools if p.cost_per_fte_week > 0] or [p.label for p in pf.pools]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def portfolio_folder(projects: int, scratch: Path) -> Path:
    if not projects:
        return SAMPLE
    return generated(scratch, projects)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the sessions explore")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--think", type=float, default=6.0, help="mean seconds a session pauses between actions")
    parser.add_argument("--arriving", type=float, default=3.0, help="seconds between one session opening the app and the next")
    parser.add_argument("--projects", type=int, default=0, help="a generated portfolio of N projects (0: the sample)")
    args = parser.parse_args()
    server = Server(find_bindir()).start()
    try:
        with tempfile.TemporaryDirectory() as scratch_dir, ExitStack() as replicas:
            scratch = Path(scratch_dir)
            pf = load(portfolio_folder(args.projects, scratch))
            database = server.new_database()
            import_portfolio(pf, database, source="bench_load")
            started = time.perf_counter()
            urls = [
                replicas.enter_context(served({"VMO_DB": database}, scratch / f"replica-{n}.log")) for n in range(args.replicas)
            ]
            sessions = asyncio.run(drive(urls, moving_pools(pf), args))
            took = time.perf_counter() - started
            with open_store(database, read_only=True) as store:
                held = {s["name"] for s in store.scenarios()}
    finally:
        server.stop()
    report(args, sessions, held, took, pf)


def report(args, sessions: list[Session], held: set[str], took: float, pf) -> None:
    acknowledged = {name for s in sessions for name in s.saved}
    print(
        f"\n{args.sessions} Chromium sessions on {args.replicas} replicas, "
        "one PostgreSQL store, "
        f"{len(pf.projects):,} projects, exploring for {args.seconds:g} s (all done in {took:.0f} s)"
    )
    print(f"lost saves: {len(acknowledged - held)} of {len(acknowledged)} acknowledged; the database holds {len(held)}")
    print("| action | count | median | p95 | worst |")
    print("| --- | --- | --- | --- | --- |")
    for kind in sessions[0].times:
        times = [t for s in sessions for t in s.times[kind]]
        if times:
            print(f"| {kind} | {len(times)} | {statistics.median(times):.2f} s | {p95(times):.2f} s | {max(times):.2f} s |")
    failures = [f"session {s.number}, {f}" for s in sessions for f in s.failures]
    print(f"failed actions: {len(failures)}")
    for failure in failures[:10]:
        print(f"  {failure}")


if __name__ == "__main__":
    main()
