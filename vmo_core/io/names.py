"""Names are data of bounded size: what a project, pool, theme, sponsor, portfolio or scenario is
called, and the ids that name them, as one form whatever wrote them.

`clean_name` is the rule: Unicode NFC (a name typed as "é" or as "e" and a combining accent is
one name); a terminal's escape sequences and zero-width and bidirectional formatting characters
removed (a name of only such characters is no name; an override cannot reverse what a page
shows); a line break (Alt+Enter in Excel), a tab or any other control character becomes a space,
and runs of spaces become one. A zero-width joiner or non-joiner between two visible characters
stays: emoji sequences and Persian words need them. `read_name` adds the bound: at most
MAX_NAME_CHARS characters, and not empty once cleaned.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from vmo_core.io.cells import CellError, read_text, shown

MAX_NAME_CHARS = 200

# ESC [ ... final (CSI), ESC ] ... BEL or ESC \ (OSC), ESC and one character, and the C1 CSI.
ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]|\x9b[0-?]*[ -/]*[@-~]")
_JOINERS = "\u200c\u200d"
_SPACES = re.compile(r" {2,}")


def _kept(text: str, index: int) -> bool:
    """A joiner between two characters that are neither spaces nor formatting."""
    before, after = text[index - 1 : index], text[index + 1 : index + 2]
    return all(c and not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc") for c in (before, after))


def clean_name(text: str) -> str:
    """`text` as a name: NFC, no escape sequences, controls, formatting or doubled spaces (see above)."""
    text = unicodedata.normalize("NFC", ESCAPES.sub("", text))
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.strip()  # most names: nothing to do
    out = []
    for index, c in enumerate(text):
        kind = unicodedata.category(c)
        if kind in ("Cc", "Zl", "Zp"):
            out.append(" " if c.isspace() or kind != "Cc" else "")  # a break or a tab is a space; NUL, BEL, ESC go
        elif kind in ("Cf", "Cs"):
            out.append(c if c in _JOINERS and _kept(text, index) else "")
        else:
            out.append(c)
    return _SPACES.sub(" ", "".join(out)).strip()


def name_problem(text: str, *, what: str = "a name") -> str | None:
    """None, or why a cleaned name cannot be one (a message for a person)."""
    if not text:
        return f"is empty once control and invisible characters are removed; expected {what} people can read"
    if len(text) > MAX_NAME_CHARS:
        return f"is {len(text):,} characters long; expected {what} of at most {MAX_NAME_CHARS} characters"
    return None


def read_name(raw: Any) -> str:
    """A name or id cell: cleaned, or a CellError (empty once cleaned, or longer than the bound)."""
    text = clean_name(read_text(raw))
    problem = name_problem(text)
    if problem:
        raise CellError(f"{_quoted(raw)} {problem}")
    return text


def _quoted(raw: Any) -> str:
    return shown(clean_name(str(raw)) or str(raw))


def checked_name(raw: Any, *, field: str, default: str | None = None) -> str:
    """A name given as text (a scenario's, a decision's): cleaned, or ValueError naming `field`."""
    if raw is None and default is not None:
        return default
    text = clean_name(str(raw))
    problem = name_problem(text)
    if problem:
        raise ValueError(f"{field} {_quoted(raw)} {problem}")
    return text
