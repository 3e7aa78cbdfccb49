"""What every engine's store does, in the SQL both engines share: `SqlStore`.

An engine supplies how to talk to its database: `reading()` (a cursor for reads),
`transaction()` (a cursor inside one transaction: whole, or nothing), `lock_plan(cur)`
(writers of snapshots take turns; DuckDB has one writing process, PostgreSQL many) and
`path` (how messages name the store). Statements are written with `?` placeholders; an
engine whose driver wants another style translates them in one place. Everything here is
parameterised: user text never becomes SQL.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from vmo_core.errors import StoreError
from vmo_core.io.export import portfolio_tables
from vmo_core.io.names import checked_name, clean_name
from vmo_core.io.schema import SCHEMA, RawTable, write_cell
from vmo_core.model.portfolio import Portfolio
from vmo_core.store.layout import EXTRA_COLUMN, ORDER_COLUMN, SNAPSHOT_COLUMN, quote
from vmo_core.store.records import Decision, Snapshot, now, unknown_snapshot

SNAPSHOT_FIELDS = "id, as_of, imported_at, source, note, made_by, projects"
DECISION_FIELDS = "id, name, scenario, adopted_at, made_by, note, snapshot_id, based_on, predicted"
SCENARIO_FIELDS = "name, changes, saved_at, made_by, figures"
INSERT_BATCH = 500  # rows a statement


class SqlStore:
    """The store's methods (records.PortfolioStore) over an engine's cursors."""

    path: Any  # what messages call the store: a file path, or a URL without its password

    def reading(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def lock_plan(self, cur: Any) -> None:
        """Make the writers of snapshots and decisions take turns (held until the transaction ends)."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _fetch(self, sql: str, params: list | None = None) -> list[tuple]:
        with self.reading() as cur:
            return cur.execute(sql, params).fetchall() if params is not None else cur.execute(sql).fetchall()

    # ------------------------------------------------------------ snapshots

    def add_snapshot(
        self, pf: Portfolio, *, source: str = "", note: str = "", by: str = "", imported_at: str | None = None
    ) -> Snapshot:
        """The portfolio as a new snapshot, the newest (so the plan); none is overwritten."""
        with self.transaction() as cur:
            self.lock_plan(cur)
            return _write_snapshot(cur, pf, source=source, note=note, by=by, imported_at=imported_at or now())

    def adopt(
        self,
        pf: Portfolio,
        *,
        name: str,
        scenario: dict,
        predicted: dict,
        by: str = "",
        note: str = "",
        at: str | None = None,
        based_on: int | None = None,
        check: Callable[[dict[str, RawTable]], Any] | None = None,
    ) -> tuple[Snapshot, Decision]:
        """An adopted scenario's portfolio as the new snapshot, and its decision, in one transaction.

        `based_on` is the snapshot the scenario was adopted on: if another snapshot has come in
        since (from this process or any other), nothing is written. `check(tables)` sees the new
        snapshot as it will be read back, before anything is committed: if it raises, nothing is written.
        """
        at, name, by, note = at or now(), _name(name), clean_name(by or ""), (note or "").replace("\x00", "")
        with self.transaction() as cur:
            self.lock_plan(cur)
            newest = _newest_id(cur)
            if newest is None:
                raise StoreError(f"{self.path}: holds no portfolio to adopt a scenario on")
            if based_on is not None and based_on != newest:
                raise StoreError(
                    f"{self.path}: snapshot {newest} came in while the scenario was being adopted on snapshot {based_on}; "
                    "nothing was written: adopt it again on the new plan"
                )
            based_on = newest
            written = _write_snapshot(cur, pf, source=f"adopted: {name}", note=note, by=by, imported_at=at)
            (number,) = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM decisions").fetchone()
            decision = Decision(number, name, scenario, at, by, note, written.id, based_on, predicted)
            cur.execute(
                f"INSERT INTO decisions ({DECISION_FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [number, name, _json(scenario), at, by, note, written.id, based_on, _json(predicted)],
            )
            if check is not None:
                check(_read_tables(cur, written.id, label=self.label()))
        return written, decision

    def label(self) -> str:
        """The store's short name in a table's label ("NAME table projects")."""
        return str(getattr(self.path, "name", self.path))

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, oldest first."""
        return [Snapshot(*row) for row in self._fetch(f"SELECT {SNAPSHOT_FIELDS} FROM snapshots ORDER BY id")]

    def newest_snapshot(self) -> Snapshot | None:
        rows = self._fetch(f"SELECT {SNAPSHOT_FIELDS} FROM snapshots ORDER BY id DESC LIMIT 1")
        return Snapshot(*rows[0]) if rows else None

    def snapshot(self, number: int) -> Snapshot:
        rows = self._fetch(f"SELECT {SNAPSHOT_FIELDS} FROM snapshots WHERE id = ?", [number])
        if not rows:
            raise unknown_snapshot(str(self.path), number, [s.id for s in self.snapshots()])
        return Snapshot(*rows[0])

    def has_portfolio(self) -> bool:
        return self.newest_snapshot() is not None

    def read_tables(self, snapshot: int | None = None) -> dict[str, RawTable]:
        """The tables of one snapshot (the newest by default), rows in their file order."""
        if snapshot is None:
            newest = self.newest_snapshot()
            if newest is None:
                raise StoreError(
                    f"{self.path}: holds no portfolio yet; import one with: python -m vmo_core import SOURCE --db {self.path}"
                )
            snapshot = newest.id
        else:
            self.snapshot(snapshot)  # an unknown id says which ones exist
        with self.reading() as cur:
            return _read_tables(cur, snapshot, label=self.label())

    # ------------------------------------------------------------ decisions

    def decisions(self) -> list[Decision]:
        """Every decision, newest first."""
        rows = self._fetch(f"SELECT {DECISION_FIELDS} FROM decisions ORDER BY id DESC")
        return [
            Decision(n, name, json.loads(scen), at, by, note, snap, base, json.loads(pred))
            for n, name, scen, at, by, note, snap, base, pred in rows
        ]

    # ------------------------------------------------------------ scenarios

    def save_scenario(self, name: str, changes: list[dict], *, by: str = "", figures: dict | None = None) -> dt.datetime:
        """Save (or replace) a scenario; `figures`, any JSON, are what it was worth when saved."""
        saved_at, name, by = dt.datetime.now(), _name(name), clean_name(by or "")
        with self.transaction() as cur:
            cur.execute(
                f"INSERT INTO scenarios ({SCENARIO_FIELDS}) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE "
                "SET changes = excluded.changes, saved_at = excluded.saved_at, made_by = excluded.made_by, "
                "figures = excluded.figures",
                [name, _json(changes), saved_at, by, None if figures is None else _json(figures)],
            )
        return saved_at

    def scenarios(self) -> list[dict]:
        """Every saved scenario, the most recently saved first: name, changes, saved_at, by, figures."""
        return [_scenario(row) for row in self._fetch(f"SELECT {SCENARIO_FIELDS} FROM scenarios ORDER BY saved_at DESC, name")]

    def scenario(self, name: str) -> dict | None:
        rows = self._fetch(f"SELECT {SCENARIO_FIELDS} FROM scenarios WHERE name = ?", [clean_name(name)])
        return _scenario(rows[0]) if rows else None

    def delete_scenario(self, name: str) -> None:
        with self.transaction() as cur:
            cur.execute("DELETE FROM scenarios WHERE name = ?", [clean_name(name)])

    def meta(self) -> dict[str, str]:
        return dict(self._fetch("SELECT key, value FROM vmo_meta"))


def _name(name: str) -> str:
    """A scenario's or a decision's name as names.py makes every name: look-alikes are one name."""
    try:
        return checked_name(name, field="the scenario name")
    except ValueError as exc:
        raise StoreError(f"{exc}; nothing was saved") from None


def _scenario(row: tuple) -> dict:
    name, changes, saved_at, by, figures = row
    return {
        "name": name,
        "changes": json.loads(changes),
        "saved_at": saved_at,
        "by": by,
        "figures": None if figures is None else json.loads(figures),
    }


def _json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, allow_nan=False)


def _newest_id(cur) -> int | None:
    (number,) = cur.execute("SELECT max(id) FROM snapshots").fetchone()
    return number


def _read_tables(cur, snapshot: int, *, label: str) -> dict[str, RawTable]:
    return {name: _read_table(cur, name, snapshot, label=label) for name in SCHEMA}


def _read_table(cur, name: str, snapshot: int, *, label: str) -> RawTable:
    known = [c.name for c in SCHEMA[name]]
    selected = ", ".join([quote(c) for c in known] + [ORDER_COLUMN, EXTRA_COLUMN])
    where = f"WHERE {SNAPSHOT_COLUMN} = ? ORDER BY {ORDER_COLUMN}"
    fetched = cur.execute(f"SELECT {selected} FROM {quote(name)} {where}", [snapshot]).fetchall()
    extras = [json.loads(row[-1]) for row in fetched]
    extra_names = list(dict.fromkeys(key for extra in extras for key in extra))
    rows = [(row[-2] + 2, list(row[:-2]) + [extra.get(key, "") for key in extra_names]) for row, extra in zip(fetched, extras)]
    return RawTable(name, f"{label} table {name}", known + extra_names, rows)


def _write_snapshot(cur, pf: Portfolio, *, source: str, note: str, by: str, imported_at: str) -> Snapshot:
    number = (_newest_id(cur) or 0) + 1
    for name, (columns, rows) in portfolio_tables(pf).items():
        known = [c.name for c in SCHEMA[name]]
        target = ", ".join([SNAPSHOT_COLUMN] + [quote(c) for c in known] + [ORDER_COLUMN, EXTRA_COLUMN])
        row = "(" + ", ".join("?" for _ in range(len(known) + 3)) + ")"
        stored = [[number, *stored_row(name, r, columns=columns, n_known=len(known), order=i)] for i, r in enumerate(rows)]
        for batch in _batches(stored):  # many rows a statement: DuckDB's executemany goes row by row
            values = ", ".join(row for _ in batch)
            cur.execute(f"INSERT INTO {quote(name)} ({target}) VALUES {values}", [cell for r in batch for cell in r])
    written = Snapshot(number, pf.as_of, imported_at, source, note, by, len(pf.projects))
    cur.execute(f"INSERT INTO snapshots ({SNAPSHOT_FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?)", list(written.to_dict().values()))
    return written


def _batches(rows: list[list[Any]]) -> Iterator[list[list[Any]]]:
    for first in range(0, len(rows), INSERT_BATCH):
        yield rows[first : first + INSERT_BATCH]


def stored_row(name: str, row: list[Any], *, columns: list[str], n_known: int, order: int) -> list[Any]:
    """A table row as the store writes it: the schema's cells, its place in the file, and the
    columns the schema does not know as one JSON object (so they come back on export)."""
    known = row[:n_known]
    if name == "settings":
        known = [known[0], write_cell(known[1])]
    extra = {columns[n_known + i]: value for i, value in enumerate(row[n_known:])}
    return known + [order, json.dumps(extra, ensure_ascii=False)]
