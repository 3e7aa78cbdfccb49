"""Heavy work takes turns: a forecast or a search for the best order runs only in its turn, so
that a few sessions running long forecasts cannot make everyone else's slow.

Every session's heavy computation (`vmo_app.cache`: the forecast and the best order) asks for a
turn. At most `AT_ONCE` of them run at a time in the process (the compiled kernels already use
both cores of the machine: more at once would only share them out), and one session runs one at
a time (`PER_SESSION`): its others wait, even with a place free. The computation gives
its turn back at each progress report (`Turn.tick`) when another one waiting has had less time
so far: the least served goes first. So a short forecast asked beside four 10,000-run ones
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
SLICE = 0.05  # seconds a computation keeps its turn at least, before it may give it back
POLL = 0.25  # seconds between two looks at the queue while waiting (for `waiting` to hear of a change)


class Turn:
    """One computation's place: who asked, when, and how long it has run so far."""

    def __init__(self, turns: Turns, session: str, arrived: int) -> None:
        self.turns = turns
        self.session = session
        self.arrived = arrived
        self.served = 0.0  # seconds run so far
        self.since: float | None = None  # when its current turn began; None while it waits

    def tick(self) -> None:
        """Called at each progress report: gives the turn back if someone waiting has had less."""
        self.turns._tick(self)

    def priority(self) -> tuple[float, int]:
        return (self.served, self.arrived)


class Turns:
    """Turns for the process's heavy computations (see the module's docstring)."""

    def __init__(self, *, at_once: int = AT_ONCE, per_session: int = PER_SESSION) -> None:
        self.at_once, self.per_session = at_once, per_session
        self._cond = threading.Condition()
        self._running: list[Turn] = []
        self._waiting: list[Turn] = []
        self._arrivals = itertools.count()
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

    def _ahead(self, job: Turn) -> int:
        """How many computations come before `job`: those running, and those waiting that would go first."""
        return len(self._running) + sum(1 for other in self._waiting if other.priority() < job.priority())

    def _may_run(self, job: Turn) -> bool:
        """A free place, no more of this session's running than allowed, and none waiting that goes first
        (one of another session that could run now: a session held back by its own cap blocks nobody)."""
        if len(self._running) >= self.at_once:
            return False
        if sum(1 for other in self._running if other.session == job.session) >= self.per_session:
            return False
        return not any(other.priority() < job.priority() and self._eligible(other) for other in self._waiting)

    def _eligible(self, job: Turn) -> bool:
        return sum(1 for other in self._running if other.session == job.session) < self.per_session

    def _wait(self, job: Turn, waiting: Callable[[int], None] | None) -> None:
        told: int | None = None
        with self._cond:
            while not self._may_run(job):
                ahead = self._ahead(job)
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
            job.served += now - job.since
            job.since = now
            if not any(other.priority() < job.priority() and self._eligible_without(other, job) for other in self._waiting):
                return
            self._running.remove(job)  # give the turn back, and queue again with what it has had
            self._waiting.append(job)
            job.since = None
            self._cond.notify_all()
        self._wait(job, None)

    def _eligible_without(self, other: Turn, leaving: Turn) -> bool:
        return sum(1 for o in self._running if o.session == other.session and o is not leaving) < self.per_session


TURNS = Turns()  # the process's one queue
