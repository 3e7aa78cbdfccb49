"""Heavy work takes turns (vmo_app/turns.py, through vmo_app/cache.py): one computation runs at a
time, the least served first, a long one giving its turn back at its progress reports; a session
runs one at a time; whoever waits hears how many are before it; a forecast is bounded per request."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from vmo_app import turns
from vmo_app.turns import Turns

ROOT = Path(__file__).resolve().parents[2]


def long_running(queue: Turns, session: str, started: threading.Event, stop: threading.Event, log: list) -> threading.Thread:
    """A computation that reports progress every 10 ms until told to stop."""

    def work() -> None:
        with queue.turn(session) as turn:
            started.set()
            while not stop.is_set():
                log.append((session, queue.queued()))
                time.sleep(0.01)
                turn.tick()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def test_a_short_computation_goes_before_a_long_one_at_its_next_report_and_runs_alone():
    queue, started, stop, log = Turns(), threading.Event(), threading.Event(), []
    long = long_running(queue, "heavy", started, stop, log)
    started.wait(5)
    time.sleep(0.2)  # the long one has had 0.2 s
    heard: list[int] = []
    asked = time.perf_counter()
    with queue.turn("light", waiting=heard.append):
        waited = time.perf_counter() - asked
        running_alone = queue.queued()
        ticks_before = len(log)
        time.sleep(0.1)  # the short one's work: the long one makes no progress meanwhile
        ticks_during = len(log) - ticks_before
    stop.set()
    long.join(5)
    assert heard == [1]  # "queued behind 1"
    assert waited < turns.SLICE + 0.5  # one report of the long one, not its end (it never ends by itself)
    assert running_alone == (1, 1)  # itself running, the long one waiting
    assert ticks_during == 0


def test_one_session_runs_one_computation_at_a_time_even_with_room_for_more():
    queue, started, stop, log = Turns(at_once=2), threading.Event(), threading.Event(), []
    first = long_running(queue, "same", started, stop, log)
    started.wait(5)
    heard: list[int] = []
    ran = threading.Event()

    def second() -> None:
        with queue.turn("same", waiting=heard.append):
            ran.set()

    threading.Thread(target=second, daemon=True).start()
    assert not ran.wait(0.5)  # a place is free, but its own session's first computation runs
    with queue.turn("other"):  # another session's takes the free place at once
        assert queue.queued() == (2, 1)
    stop.set()
    first.join(5)
    assert ran.wait(5) and heard == [1]


def test_a_session_that_ran_long_lately_waits_behind_one_that_did_not_even_with_a_new_computation():
    queue = Turns()
    with queue.turn("heavy") as turn:
        time.sleep(0.1)
        turn.tick()
    assert 0.09 < queue.served("heavy") < 0.5 and queue.served("light") == 0.0
    assert queue.served("heavy", time.perf_counter() + turns.HALF_LIFE) < 0.26  # halved after HALF_LIFE
    order: list[str] = []
    with queue.turn("blocker"):  # both arrive while another runs: the heavy session's first
        heavy = threading.Thread(target=lambda: _run(queue, "heavy", order))
        light = threading.Thread(target=lambda: _run(queue, "light", order))
        heavy.start()
        time.sleep(0.1)
        light.start()
        time.sleep(0.1)
    heavy.join(5)
    light.join(5)
    assert order == ["light", "heavy"]


def _run(queue: Turns, session: str, order: list[str]) -> None:
    with queue.turn(session):
        order.append(session)


def test_a_turn_is_given_back_when_the_computation_fails_or_is_stopped():
    queue = Turns()
    with pytest.raises(RuntimeError), queue.turn("a"):
        raise RuntimeError("stopped")
    assert queue.queued() == (0, 0)
    with queue.turn("b"), queue.turn("b"):  # a computation inside another is that turn's work: no deadlock
        assert queue.queued() == (1, 0)


def test_through_the_cache_a_forecast_waits_its_turn_and_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_DB", str(tmp_path / "vmo.duckdb"))
    monkeypatch.setenv("VMO_SAMPLE", str(ROOT / "data" / "sample"))
    from vmo_app import cache
    from vmo_core.errors import VmoError

    with pytest.raises(VmoError, match="at most 10,000 times a request; 20,000 were asked for"):
        cache.forecast([], runs=20_000, seed=1)
    heard: list[int] = []
    holder_in, release = threading.Event(), threading.Event()

    def hold() -> None:
        with turns.TURNS.turn("someone else"):
            holder_in.set()
            release.wait(10)

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    holder_in.wait(5)
    threading.Timer(0.5, release.set).start()
    found = cache.forecast([], runs=200, seed=7, _queued=heard.append)
    holder.join(5)
    assert heard == [1] and found.runs == 200
    assert cache.forecast.known([], runs=200, seed=7) is found  # kept for every session, as before


def test_the_forecast_page_asks_for_no_more_runs_than_a_request_may_have():
    source = (ROOT / "vmo_app" / "views" / "forecast.py").read_text(encoding="utf-8")
    assert "max_value=cache.MAX_RUNS" in source


def test_the_page_says_how_many_calculations_are_before_its_own():
    from vmo_app.widgets import queued_behind

    assert queued_behind(1) == "queued behind another calculation; it starts as soon as its turn comes"
    assert queued_behind(4) == "queued behind 4 other calculations; it starts as soon as its turn comes"
