"""The store's tables, its format version, and the migrations from older formats.

Written in the SQL that DuckDB and PostgreSQL share (information_schema, typed columns,
`ON CONFLICT`), so that a PostgreSQL engine runs the same statements and migrations; only
the placeholder style differs by engine. The format is kept in the database itself
(`vmo_meta.format_version`), and opening an older file migrates it, in one transaction.

Formats:
- "1": one portfolio (the file's tables of INTERFACES.md), its source and import time in vmo_meta.
- "2": snapshots. Every portfolio table gains `snapshot_id`; `snapshots` records each one;
  `decisions` records each adoption. A format-1 file's portfolio becomes snapshot 1.
- "3": a saved scenario records who saved it (`scenarios.made_by`; '' for those saved before).
- "4": a saved scenario keeps the figures it had when saved (`scenarios.figures`, JSON, NULL
  for one saved before).
- "5": a project may carry the plan's start date (`projects.planned_start`, NULL for every
  project stored before: those snapshots schedule as they did).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vmo_core.errors import StoreError
from vmo_core.io.schema import SCHEMA

FORMAT_VERSION = "5"
ORDER_COLUMN = "row_order"
EXTRA_COLUMN = "extra_columns"
SNAPSHOT_COLUMN = "snapshot_id"


SQL_TYPE = {"DOUBLE": "DOUBLE PRECISION"}  # the standard name, which both engines know


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def portfolio_table(name: str, *, with_snapshot: bool) -> str:
    columns = [f"{SNAPSHOT_COLUMN} INTEGER NOT NULL"] if with_snapshot else []
    columns += [f"{quote(c.name)} {SQL_TYPE.get(c.sql, c.sql) if name != 'settings' else 'VARCHAR'}" for c in SCHEMA[name]]
    columns += [f"{ORDER_COLUMN} INTEGER NOT NULL", f"{EXTRA_COLUMN} VARCHAR NOT NULL DEFAULT '{{}}'"]
    return f"CREATE TABLE IF NOT EXISTS {quote(name)} ({', '.join(columns)})"


SCENARIOS = (
    "CREATE TABLE IF NOT EXISTS scenarios (name VARCHAR PRIMARY KEY, changes VARCHAR NOT NULL, saved_at TIMESTAMP NOT NULL, "
    "made_by VARCHAR NOT NULL DEFAULT '')"
)
SCENARIOS_BEFORE_3 = (  # the table as formats 1 and 2 made it
    "CREATE TABLE IF NOT EXISTS scenarios (name VARCHAR PRIMARY KEY, changes VARCHAR NOT NULL, saved_at TIMESTAMP NOT NULL)"
)
META = "CREATE TABLE IF NOT EXISTS vmo_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)"
SNAPSHOTS = (
    "CREATE TABLE IF NOT EXISTS snapshots (id INTEGER PRIMARY KEY, as_of DATE NOT NULL, imported_at VARCHAR NOT NULL, "
    "source VARCHAR NOT NULL, note VARCHAR NOT NULL, made_by VARCHAR NOT NULL, projects INTEGER NOT NULL)"
)
DECISIONS = (
    "CREATE TABLE IF NOT EXISTS decisions (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, scenario VARCHAR NOT NULL, "
    "adopted_at VARCHAR NOT NULL, made_by VARCHAR NOT NULL, note VARCHAR NOT NULL, snapshot_id INTEGER NOT NULL, "
    "based_on INTEGER NOT NULL, predicted VARCHAR NOT NULL)"
)
SCENARIO_FIGURES = "ALTER TABLE scenarios ADD COLUMN figures VARCHAR"  # format 4
SET_META = "INSERT INTO vmo_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"


def create(cur: Any) -> None:
    """Every table of the current format, in an empty database."""
    for name in SCHEMA:
        cur.execute(portfolio_table(name, with_snapshot=True))
    for statement in (SCENARIOS, SCENARIO_FIGURES, META, SNAPSHOTS, DECISIONS):
        cur.execute(statement)
    cur.execute(SET_META, ["format_version", FORMAT_VERSION])


TABLES = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"


def tables(cur: Any) -> set[str]:
    rows = cur.execute(TABLES).fetchall()
    return {row[0] for row in rows}


def format_of(cur: Any) -> str | None:
    """The format a database is in: None when it holds no VMO table yet."""
    found = tables(cur)
    if "vmo_meta" in found:
        row = cur.execute("SELECT value FROM vmo_meta WHERE key = 'format_version'").fetchone()
        if row:
            return row[0]
    if "settings" in found:  # format 1 wrote its version only with its first import
        return "1"
    return None


def _from_1(cur: Any, *, imported_at: str) -> None:
    """Format 1 -> 2: the one portfolio becomes snapshot 1 (when there is one)."""
    for name in SCHEMA:
        cur.execute(portfolio_table(name, with_snapshot=False))  # a format-1 file made before a table existed
        cur.execute(f"ALTER TABLE {quote(name)} ADD COLUMN {SNAPSHOT_COLUMN} INTEGER DEFAULT 1")
    for statement in (SCENARIOS_BEFORE_3, META, SNAPSHOTS, DECISIONS):
        cur.execute(statement)
    meta = dict(cur.execute("SELECT key, value FROM vmo_meta").fetchall())
    as_of = cur.execute("SELECT value FROM settings WHERE key = 'as_of'").fetchone()
    if as_of is not None:
        (projects,) = cur.execute("SELECT count(*) FROM projects").fetchone()
        cur.execute(
            "INSERT INTO snapshots (id, as_of, imported_at, source, note, made_by, projects) VALUES (1, ?, ?, ?, ?, ?, ?)",
            [as_of[0], meta.get("imported_at") or imported_at, meta.get("source", ""), "", "", projects],
        )
    cur.execute("DELETE FROM vmo_meta WHERE key IN ('source', 'imported_at', 'version')")


def _from_2(cur: Any, *, imported_at: str) -> None:
    """Format 2 -> 3: saved scenarios record who saved them."""
    cur.execute("ALTER TABLE scenarios ADD COLUMN made_by VARCHAR NOT NULL DEFAULT ''")


def _from_3(cur: Any, *, imported_at: str) -> None:
    """Format 3 -> 4: saved scenarios gain their figures (NULL: saved before figures were kept)."""
    cur.execute(SCENARIO_FIGURES)


def _from_4(cur: Any, *, imported_at: str) -> None:
    """Format 4 -> 5: projects gain the plan's start date (NULL: a plan without dates, as before).
    A format-1 file migrated in this same step already has it (`_from_1` creates a missing table whole)."""
    columns = cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'projects'"
    ).fetchall()
    if "planned_start" not in {row[0] for row in columns}:
        cur.execute("ALTER TABLE projects ADD COLUMN planned_start DATE")


MIGRATIONS: dict[str, Callable[..., None]] = {"1": _from_1, "2": _from_2, "3": _from_3, "4": _from_4}  # each to the next
NEXT = {"1": "2", "2": "3", "3": "4", "4": "5"}


def migrate(cur: Any, found: str, *, where: str, imported_at: str) -> None:
    """Bring a database from format `found` to FORMAT_VERSION, step by step."""
    while found != FORMAT_VERSION:
        step = MIGRATIONS.get(found)
        if step is None:
            raise StoreError(
                f"{where}: written in store format {found!r}, which this version of the VMO does not know "
                f"(it reads formats up to {FORMAT_VERSION}); open it with the version that wrote it"
            )
        step(cur, imported_at=imported_at)
        found = NEXT[found]
        cur.execute(SET_META, ["format_version", found])
