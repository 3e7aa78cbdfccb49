"""Every store test runs on both engines: a DuckDB file, and a database on a real PostgreSQL
server that the test session starts itself (`postgres_server`, tests/postgres.py)."""

from __future__ import annotations

import itertools

import pytest

ENGINES = ["duckdb", "postgresql"]


@pytest.fixture(params=ENGINES)
def new_store(request, tmp_path_factory):
    """A maker of fresh, empty stores of the engine under test: a new file's path, or a new database's URL."""
    if request.param == "duckdb":
        folder = tmp_path_factory.mktemp("store")
        names = itertools.count(1)
        return lambda: folder / f"pf{next(names)}.duckdb"
    return request.getfixturevalue("postgres_server").new_database


@pytest.fixture
def database(new_store):
    return new_store()
