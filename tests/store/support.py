"""What the store's tests share: a plain connection to a store's database, on either engine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import psycopg

from vmo_core.store.postgres_store import QmarkCursor


@contextmanager
def raw_sql(target) -> Iterator:
    """A plain connection to a store's database, beside the store (`?` placeholders on both engines)."""
    if isinstance(target, Path):
        con = duckdb.connect(str(target))
        try:
            yield con
        finally:
            con.close()
        return
    with psycopg.connect(target, autocommit=True) as con:
        yield QmarkCursor(con.cursor())
