"""Fixtures every test folder may use: `postgres_server`, the one PostgreSQL server of a test
session (tests/postgres.py), started only when a test asks for it.

`make test` runs the tests on two workers (pytest-xdist, `-n 2`), each a test session of its
own; `tests_together` says which tests go to one worker, in their order."""

from __future__ import annotations

pytest_plugins = ("tests.postgres",)

TOGETHER = {
    # one Chromium and one app server at a time: two at once on a 2-core machine wait on each other
    "tests/app/browser/": "browser",
    # the board packs are built once a session (tests/report/conftest.py), so once in all
    "tests/report/": "report",
}


def tests_together(nodeid: str) -> str:
    """The tests a test runs with, on one worker: its folder's, where TOGETHER names one; else its
    file's (its module fixtures built once)."""
    path = nodeid.split("::")[0]
    return next((group for folder, group in TOGETHER.items() if path.startswith(folder)), path)


def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's scheduling by scope, `tests_together` being the scope. (Its `xdist_group` mark
    does nothing under pytest 9: xdist renames the test's node id, which pytest 9 no longer reads.)"""
    from xdist.scheduler import LoadScopeScheduling

    class Together(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return tests_together(nodeid)

    return Together(config, log)
