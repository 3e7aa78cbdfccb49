"""What the command line prints reaches a terminal as text, never as its instructions (issue 25,
finding 14): names are cleaned where they are read (io/names.py), and as a last line every write
to stdout and stderr goes through `terminal_safe`, whatever a message echoes (a path, a cell).

A terminal's escape sequences (colours, clearing the screen, a window title, a hyperlink) are
removed whole; every other C0 or C1 control character, DEL and the direction controls that
reorder a line (U+202A-202E, U+2066-2069) go too. A line break and a tab stay, and a carriage
return that begins a write (the optimiser's progress bar redraws its line so).
"""

from __future__ import annotations

import io
import json
import re
from typing import Any, TextIO

from vmo_core.io.names import ESCAPES

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# JSON leaves C1 controls, the line and paragraph separators and direction controls unescaped:
# written as \\uXXXX they are the same JSON, and no terminal acts on them.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    lead = "\r" if text.startswith("\r") else ""
    return lead + _UNSAFE.sub("", ESCAPES.sub("", text[len(lead) :]))


def json_text(document: Any) -> str:
    """One strict JSON document, every character a terminal might act on escaped."""
    text = json.dumps(document, ensure_ascii=False, allow_nan=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


class SafeStream(io.TextIOBase):
    """A text stream that writes `terminal_safe` text to the stream it wraps."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(terminal_safe(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", "utf-8")
