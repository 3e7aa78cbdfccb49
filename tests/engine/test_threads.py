"""Work dealt out to threads gives the answer one thread gives, to the last bit: the forecast's runs,
and the candidates of stop ranking, intake and the interventions (engine/threads.py)."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.generate_portfolio import write_portfolio
from vmo_core.decisions.intake import intake
from vmo_core.decisions.interventions import interventions
from vmo_core.decisions.stopping import stop_ranking
from vmo_core.engine import threads
from vmo_core.forecast.montecarlo import forecast
from vmo_core.io.loading import load


@pytest.fixture(params=[1, 2, 3], ids=lambda n: f"{n} threads")
def thread_count(request, monkeypatch):
    monkeypatch.setattr(threads, "THREADS", request.param)
    monkeypatch.setattr(threads, "MIN_PER_THREAD", 1)
    return request.param


def test_each_item_is_done_once_in_its_own_part(thread_count):
    seen = []
    parts = threads.dealt(np.arange(10), lambda part: seen.extend(part.tolist()) or len(part))
    assert sorted(seen) == list(range(10))
    assert len(parts) == thread_count
    assert [done for _, done in parts] == [len(part) for part, _ in parts]


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    return load(write_portfolio(tmp_path_factory.mktemp("p120"), n_projects=120, n_pools=6, horizon_weeks=156, seed=3))


def answers(pf):
    proposal = next(p.id for p in pf.projects if p.status == "proposed")
    found = (forecast(pf, runs=60, seed=7), stop_ranking(pf), intake(pf, proposal), interventions(pf))
    return [answer.to_dict() for answer in found]


def test_threads_give_one_threads_answer(portfolio, thread_count, monkeypatch):
    got = answers(portfolio)
    monkeypatch.setattr(threads, "THREADS", 1)
    assert got == answers(portfolio)
