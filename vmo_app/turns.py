"""Heavy work takes turns: a forecast or a search for the best order runs only in its turn, so
that a few sessions running long forecasts cannot make everyone else's slow.

Every session's heavy computation (`vmo_app.cache`: the forecast and the best order) asks for a
turn. At most `AT_ONCE` of them run at a time in the process (the compiled kernels already use
both cores of the machine: more at once would only share them out), and one session runs one at
a time (`PER_SESSION`): its others wait, even with a place free. The computation gives
its turn back at each progress report (`Turn.tick`) when another one waiting belongs to a session
that has had less time lately (seconds run, halved every `HALF_LIFE`): the least served session
goes first, and a session that keeps asking for long forecasts does not jump the queue by
starting a new one. So a short forecast asked beside four 10,000-run ones
waits for one tick of theirs, not for all of them, and runs as fast as it would alone; the long
ones share what is left, and each is still bounded (`vmo_app.cache.MAX_RUNS`).

While a computation waits, `waiting(ahead)` hears how many computations are before it (the
page says "queued behind N"). No Streamlit here: the caller draws what it hears.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

AT_ONCE = 1  # heavy computations running at once in the process
PER_SESSION = 1  # of them, running at once for one session
SLICE = 0.02  # seconds a computation keeps its turn at least, before it may give it back
POLL = 0.25  # seconds between two looks at the queue while waiting (for `waiting` to hear of a change)
HALF_LIFE = 30.0  # seconds: how fast a session's time run is forgotten


class Turn:
    """One computation's place: who asked, and when."""

    def __init__(self, turns: Turns, session: str, arrived: int) -> None:
        self.turns = turns
        self.session = session
        self.arrived = arrived
        self.since: float | None = None  # when its current turn began; None while it waits

    def tick(self) -> None:
        """Called at each progress report: gives the turn back if someone waiting has had less."""
        self.turns._tick(self)


class Turns:
    """Turns for the process's heavy computations (see the module's docstring)."""

    def __init__(self, *, at_once: int = AT_ONCE, per_session: int = PER_SESSION) -> None:
        self.at_once, self.per_session = at_once, per_session
        self._cond = threading.Condition()
        self._running: list[Turn] = []
        self._waiting: list[Turn] = []
        self._arrivals = itertools.count()
        self._served: dict[str, tuple[float, float]] = {}  # session -> (seconds run, as of when)
        self._held = threading.local()  # the turn this thread holds: a computation inside another takes none

    @contextmanager
    def turn(self, session: str, *, waiting: Callable[[int], None] | None = None) -> Iterator[Turn]:
        """Wait for a turn, run the body in it, give it back (also when the body fails or is stopped)."""
        held = getattr(self._held, "turn", None)
        if held is not None:  # asked from inside a computation in its turn: it is that turn's work
            yield held
            return
        with self._cond:
            job = Turn(self, session, next(self._arrivals))
            self._waiting.append(job)
        try:
            self._wait(job, waiting)
            self._held.turn = job
            yield job
        finally:
            self._held.turn = None
            with self._cond:
                self._charge(job, time.perf_counter())
                if job in self._waiting:
                    self._waiting.remove(job)
                if job in self._running:
                    self._running.remove(job)
                self._cond.notify_all()

    def queued(self) -> tuple[int, int]:
        """(running, waiting) now: for a benchmark or a test to watch."""
        with self._cond:
            return len(self._running), len(self._waiting)

    # ------------------------------------------------------------ the rule

    def served(self, session: str, now: float | None = None) -> float:
        """Seconds the session has run lately, each second counting half after HALF_LIFE."""
        now = time.perf_counter() if now is None else now
        seconds, at = self._served.get(session, (0.0, now))
        return seconds * 0.5 ** (max(0.0, now - at) / HALF_LIFE)

    def _charge(self, job: Turn, now: float) -> None:
        if job.since is not None:
            self._served[job.session] = (self.served(job.session, now) + now - job.since, now)
            job.since = now
        if len(self._served) > 1000:  # sessions long gone: forget the ones with next to nothing
            self._served = {s: v for s, v in self._served.items() if self.served(s, now) > 0.01}

    def _priority(self, job: Turn, now: float) -> tuple[float, int]:
        return (self.served(job.session, now), job.arrived)

    def _goes_first(self, other: Turn, job: Turn, now: float, *, leaving: Turn | None = None) -> bool:
        """Whether `other`, waiting, would run before `job` and could run now (its session under its cap)."""
        mine = sum(1 for o in self._running if o.session == other.session and o is not leaving)
        return other is not job and mine < self.per_session and self._priority(other, now) < self._priority(job, now)

    def _ahead(self, job: Turn, now: float) -> int:
        """How many computations come before `job`: those running, and those waiting that would go first."""
        return len(self._running) + sum(
            1 for other in self._waiting if other is not job and self._priority(other, now) < self._priority(job, now)
        )

    def _may_run(self, job: Turn, now: float) -> bool:
        """A free place, no more of this session's running than allowed, and none waiting that goes first."""
        if len(self._running) >= self.at_once:
            return False
        if sum(1 for other in self._running if other.session == job.session) >= self.per_session:
            return False
        return not any(self._goes_first(other, job, now) for other in self._waiting)

    def _wait(self, job: Turn, waiting: Callable[[int], None] | None) -> None:
        told: int | None = None
        with self._cond:
            while not self._may_run(job, now := time.perf_counter()):
                ahead = self._ahead(job, now)
                if waiting is not None and ahead != told:
                    told = ahead
                    self._cond.release()  # the caller draws on the page: not while holding the queue
                    try:
                        waiting(ahead)
                    finally:
                        self._cond.acquire()
                    continue
                self._cond.wait(POLL)
            self._waiting.remove(job)
            self._running.append(job)
            job.since = time.perf_counter()

    def _tick(self, job: Turn) -> None:
        with self._cond:
            if job.since is None or job not in self._running:
                return
            now = time.perf_counter()
            if now - job.since < SLICE:
                return
            self._charge(job, now)
            if not any(self._goes_first(other, job, now, leaving=job) for other in self._waiting):
                return
            self._running.remove(job)  # give the turn back, and queue again with what its session has had
            self._waiting.append(job)
            job.since = None
            self._cond.notify_all()
        self._wait(job, None)


TURNS = Turns()  # the process's one queue
