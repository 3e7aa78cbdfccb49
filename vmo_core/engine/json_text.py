"""A scenario's JSON text read as the standard has it: no NaN or Infinity, a bounded depth,
read without recursion so that a hostile document cannot exhaust the stack."""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

from vmo_core.errors import ScenarioError
from vmo_core.io.schema import MAX_SCENARIO_DEPTH


def parse_json(text: str, *, where: str) -> Any:
    """JSON as the standard has it (no NaN or Infinity), nested at most MAX_SCENARIO_DEPTH deep."""
    depth = json_depth(text)
    if depth > MAX_SCENARIO_DEPTH:
        raise ScenarioError(f"{where}: nested {depth} deep; expected arrays and objects at most {MAX_SCENARIO_DEPTH} deep")
    try:
        return json.loads(text, parse_constant=_not_a_json_number)
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except _NotJson as exc:
        raise ScenarioError(f"{where}: not valid JSON ({exc})") from None
    except ValueError:  # Python refuses to convert a whole number of more than 4,300 digits
        raise ScenarioError(f"{where}: not valid JSON (a number with thousands of digits); expected plain numbers") from None
    except RecursionError:  # json_depth guards against this; kept as a message all the same
        raise ScenarioError(f"{where}: nested too deep; expected arrays and objects at most {MAX_SCENARIO_DEPTH} deep") from None


class _NotJson(ValueError):
    pass


def _not_a_json_number(name: str):
    raise _NotJson(f"{name} is not a number JSON allows; expected a plain number")


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?')
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = str.maketrans({"[": "\x01", "{": "\x01", "]": "\xff", "}": "\xff"})


def json_depth(text: str) -> int:
    """How deep a JSON text nests its arrays and objects, read without parsing it."""
    brackets = _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text))
    steps = np.frombuffer(brackets.translate(_STEP).encode("latin-1"), dtype=np.int8)
    return int(np.cumsum(steps, dtype=np.int64).max(initial=0))


def depth_of(document: Any, *, most: int) -> int:
    """How deep a document nests lists and dicts, counted no further than `most` + 1."""
    deepest, level = 0, [document]
    while level and deepest <= most:
        containers = [v for v in level if isinstance(v, (list, tuple, dict))]
        if not containers:
            break
        deepest += 1
        level = [x for c in containers for x in (c.values() if isinstance(c, dict) else c)]
    return deepest
