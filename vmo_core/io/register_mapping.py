"""How a one-sheet project register maps onto the portfolio model: the mapping, its JSON, a suggestion.

A register is a project list with its own column names and units. A `Mapping` says which of
its columns holds which field of projects.csv (and in what unit), which columns hold a
team's FTE, and what the register cannot say itself: the settings (as_of above all) and each
team's capacity.
The JSON form is in the README ("A project register"); `register_suggest` proposes one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from vmo_core.errors import Problem, ValidationError
from vmo_core.io.schema import DATE_ORDER, SCHEMA, SETTINGS_KEYS, CellError, amount, shown

MAX_MAPPING_BYTES = 1_000_000

# Fields a register may fill besides those of projects.csv: they are converted, not copied.
START, END, DEPENDS_ON = "start", "end", "depends_on"
SPENT, PROGRESS = "spent", "progress"  # a budget's spend to date, and how far the work has got (a total budget's remaining)
PROJECT_FIELDS = tuple(c.name for c in SCHEMA["projects"])
FIELDS = (*PROJECT_FIELDS, START, END, DEPENDS_ON, SPENT, PROGRESS)
# The units a column may be written in, by field; the first is the model's own.
MONEY_UNITS = ("per_week", "per_month", "per_year")
MONEY_FIELDS = ("value_per_week", "promised_value_per_week", "fixed_cost", "late_penalty")
UNITS = {
    "value_per_week": MONEY_UNITS,
    "promised_value_per_week": MONEY_UNITS,
    "duration_weeks": ("weeks", "months"),
    # a budget (fixed_cost) is what remains to spend, as the model counts it, or the total budget, whose
    # remaining the register reader works out (spend to date, progress, else pro rata to time: said)
    "fixed_cost": ("remaining", "total"),
}

_POOL_FIELDS = {c.name: c for c in SCHEMA["pools"]}
_CHANGE_FIELDS = {c.name: c for c in SCHEMA["capacity_changes"]}


@dataclass(frozen=True)
class PoolColumn:
    """A register column holding one team's FTE per project, and that team as the register cannot say."""

    column: str
    id: str
    name: str = ""
    capacity_fte: float | None = None  # None: not yet given (a suggestion); loading asks for it
    cost_per_fte_week: float = 0.0
    changes: tuple[tuple[Any, float], ...] = ()  # (from date, capacity_fte): planned changes


@dataclass(frozen=True)
class Mapping:
    """Which register column holds which field, in what unit; the teams; the settings."""

    columns: dict[str, str] = field(default_factory=dict)  # field -> the register's header
    units: dict[str, str] = field(default_factory=dict)  # field -> unit, where not the model's own
    scales: dict[str, float] = field(default_factory=dict)  # money field -> its column's scale (1000: £k); else the header's
    pools: tuple[PoolColumn, ...] = ()
    statuses: dict[str, str] = field(default_factory=dict)  # the register's word (any case) -> a status
    settings: dict[str, Any] = field(default_factory=dict)  # as_of, horizon_weeks, discount_rate, currency
    sheet: str | None = None  # a workbook's sheet; None: the one whose header reads best, not an archive
    header_row: int | None = None  # None: the row that reads best as a header

    def unit(self, name: str) -> str:
        return self.units.get(name) or UNITS.get(name, ("",))[0]

    def with_settings(self, **values: Any) -> Mapping:
        """The mapping with some settings given (the app fills as_of with today's date, visibly)."""
        return replace(self, settings={**self.settings, **{k: v for k, v in values.items() if v is not None}})

    def to_dict(self) -> dict:
        """The JSON document of the README: what `mapping_from_dict` reads back to this mapping."""
        columns: dict[str, Any] = {}
        for name, header in self.columns.items():
            unit, scale = self.units.get(name), self.scales.get(name)
            entry: dict[str, Any] = {"column": header}
            if unit and unit != self.unit_default(name):
                entry["unit"] = unit
            if scale and scale != 1:
                entry["scale"] = int(scale) if float(scale).is_integer() else scale
            columns[name] = entry if len(entry) > 1 else header
        pools = []
        for pool in self.pools:
            entry: dict[str, Any] = {"column": pool.column, "id": pool.id, "name": pool.name}
            entry["capacity_fte"] = pool.capacity_fte
            entry["cost_per_fte_week"] = pool.cost_per_fte_week
            if pool.changes:
                entry["changes"] = [{"from": str(day), "capacity_fte": fte} for day, fte in pool.changes]
            pools.append(entry)
        settings = {"as_of": None} | {k: _json_value(v) for k, v in self.settings.items()}  # as_of shown, to fill
        document: dict[str, Any] = {"settings": settings}
        if self.sheet:
            document["sheet"] = self.sheet
        if self.header_row is not None:
            document["header_row"] = self.header_row
        document.update(columns=columns, pools=pools)
        if self.statuses:
            document["statuses"] = dict(self.statuses)
        return document

    @staticmethod
    def unit_default(name: str) -> str:
        return UNITS.get(name, ("",))[0]

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _json_value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


# ---------------------------------------------------------------- reading a mapping


def read_mapping(path: str | Path) -> Mapping:
    """A mapping from its JSON file; every problem is named by the file and the key."""
    path = Path(path)
    label = f"mapping {path.name}"
    try:
        size = path.stat().st_size
        if size > MAX_MAPPING_BYTES:
            raise ValidationError(
                [Problem(label, None, None, f"is {size:,} bytes; expected at most {amount(MAX_MAPPING_BYTES)}")]
            )
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError([Problem(label, None, None, f"cannot be read ({exc}); expected a UTF-8 JSON file")]) from None
    return mapping_from_json(text, label=label)


def mapping_from_json(text: str, *, label: str = "mapping") -> Mapping:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ValidationError([Problem(label, None, None, f"is not valid JSON ({exc})")]) from None
    return mapping_from_dict(document, label=label)


def mapping_from_dict(document: Any, *, label: str = "mapping") -> Mapping:
    """Check a mapping document whole: every problem is listed, by its key (e.g. pools[2].capacity_fte)."""
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(label, None, key, message))

    if not isinstance(document, dict):
        raise ValidationError([Problem(label, None, None, 'is not a JSON object; expected {"columns": {...}, ...}')])
    for key in sorted(set(document) - {"sheet", "header_row", "settings", "columns", "pools", "statuses"}):
        bad(key, "is not a key of a mapping; expected sheet, header_row, settings, columns, pools, statuses")
    columns, units, scales = _columns(document.get("columns", {}), bad)
    mapping = Mapping(
        columns=columns,
        units=units,
        scales=scales,
        pools=_pools(document.get("pools", []), bad),
        statuses=_statuses(document.get("statuses", {}), bad),
        settings=_settings(document.get("settings", {}), bad),
        sheet=_text(document.get("sheet"), "sheet", bad) or None,
        header_row=_header_row(document.get("header_row"), bad),
    )
    if problems:
        raise ValidationError(problems)
    return mapping


def _text(value: Any, key: str, bad) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        bad(key, f"{shown(value)} is not text; expected a column's header as text")
        return ""
    return value


def _header_row(value: Any, bad) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000):
        return value
    bad("header_row", f"{shown(value)} is not a row number; expected a whole number from 1 to 1,000 (or none: found)")
    return None


def _columns(given: Any, bad) -> tuple[dict[str, str], dict[str, str], dict[str, float]]:
    columns: dict[str, str] = {}
    units: dict[str, str] = {}
    scales: dict[str, float] = {}
    if not isinstance(given, dict):
        bad("columns", 'is not an object; expected {"field": "header", ...}')
        return columns, units, scales
    for name, value in given.items():
        key = f"columns.{name}"
        if name not in FIELDS:
            bad(key, f"is not a field; expected one of {', '.join(FIELDS)}")
            continue
        header = value.get("column") if isinstance(value, dict) else value
        unit = value.get("unit") if isinstance(value, dict) else None
        header = _text(header, key, bad)
        if not header:
            bad(key, "names no column; expected a header of the register")
            continue
        columns[name] = header
        scale = value.get("scale") if isinstance(value, dict) else None
        if scale is not None:
            if name not in (*MONEY_FIELDS, SPENT) or isinstance(scale, bool) or scale not in (1, 1000, 1_000_000, 1_000_000_000):
                bad(f"{key}.scale", f"{shown(scale)} is not a scale of {name}; expected 1000 (£k) or 1000000 (£m), money only")
            else:
                scales[name] = float(scale)
        if unit is not None:
            if unit not in UNITS.get(name, ()):
                choices = ", ".join(UNITS.get(name, ())) or "none (this field has no unit)"
                bad(f"{key}.unit", f"{shown(unit)} is not a unit of {name}; expected {choices}")
            else:
                units[name] = unit
    if START in columns and "earliest_start" in columns:
        bad("columns.start", "maps a start date as well as earliest_start; expected one of them")
    return columns, units, scales


def _read(column, value: Any, key: str, bad) -> Any:
    try:
        return column.read(value)
    except CellError as exc:
        bad(key, str(exc))
        return None


def _pools(given: Any, bad) -> tuple[PoolColumn, ...]:
    if not isinstance(given, list):
        bad("pools", 'is not a list; expected [{"column": ..., "id": ..., "capacity_fte": ...}, ...]')
        return ()
    pools, ids = [], set()
    for number, entry in enumerate(given, start=1):
        key = f"pools[{number}]"
        if not isinstance(entry, dict):
            bad(key, 'is not an object; expected {"column": ..., "id": ..., "capacity_fte": ...}')
            continue
        column = _text(entry.get("column"), f"{key}.column", bad)
        pool_id = _text(entry.get("id"), f"{key}.id", bad).strip() or column.strip()
        if not column:
            bad(f"{key}.column", "names no column; expected the header of this team's FTE column")
            continue
        if pool_id in ids:
            bad(f"{key}.id", f"pool {pool_id!r} is named twice; expected each team once")
        ids.add(pool_id)
        capacity = entry.get("capacity_fte")
        if capacity is not None:
            capacity = _read(_POOL_FIELDS["capacity_fte"], capacity, f"{key}.capacity_fte", bad)
        cost = _read(_POOL_FIELDS["cost_per_fte_week"], entry.get("cost_per_fte_week") or 0, f"{key}.cost_per_fte_week", bad)
        name = _text(entry.get("name"), f"{key}.name", bad)
        pools.append(PoolColumn(column, pool_id, name, capacity, cost or 0.0, _changes(entry.get("changes", []), key, bad)))
    return tuple(pools)


def _changes(given: Any, key: str, bad) -> tuple[tuple[Any, float], ...]:
    if not isinstance(given, list):
        bad(f"{key}.changes", 'is not a list; expected [{"from": "YYYY-MM-DD", "capacity_fte": 8}, ...]')
        return ()
    changes = []
    for number, change in enumerate(given, start=1):
        where = f"{key}.changes[{number}]"
        if not isinstance(change, dict):
            bad(where, 'is not an object; expected {"from": "YYYY-MM-DD", "capacity_fte": 8}')
            continue
        day = _read(_CHANGE_FIELDS["from"], change.get("from"), f"{where}.from", bad)
        fte = _read(_CHANGE_FIELDS["capacity_fte"], change.get("capacity_fte"), f"{where}.capacity_fte", bad)
        if day is not None and fte is not None:
            changes.append((day, fte))
    return tuple(changes)


def _statuses(given: Any, bad) -> dict[str, str]:
    statuses_column = next(c for c in SCHEMA["projects"] if c.name == "status")
    if not isinstance(given, dict):
        bad("statuses", 'is not an object; expected {"the register\'s word": "active", ...}')
        return {}
    out = {}
    for word, status in given.items():
        read = _read(statuses_column, status, f"statuses.{word}", bad)
        if read is not None:
            out[normalised(word)] = read
    return out


def _settings(given: Any, bad) -> dict[str, Any]:
    if not isinstance(given, dict):
        bad("settings", 'is not an object; expected {"as_of": "YYYY-MM-DD", "currency": "GBP", ...}')
        return {}
    out = {}
    for key, value in given.items():
        column = DATE_ORDER if key == DATE_ORDER.name else SETTINGS_KEYS.get(key)
        if column is None:
            bad(f"settings.{key}", f"is not a setting; expected one of {', '.join([*SETTINGS_KEYS, DATE_ORDER.name])}")
        elif value is not None:
            read = _read(column, value, f"settings.{key}", bad)
            if read is not None:
                out[key] = read
    return out


# ---------------------------------------------------------------- matching headers


def normalised(header: str) -> str:
    """A header as matching sees it: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]+", "", str(header).casefold())
