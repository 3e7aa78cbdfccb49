"""The programs and fonts some tests need from the machine: Debian's Chromium, fonts-liberation,
poppler-utils (pdftoppm, pdftotext) and LibreOffice. `make chromium` installs them, as root.

On a developer's machine a missing one skips the tests that need it. Under CI (`CI` set to
anything but empty, 0, false or no) it fails them: CI installs every one, so a missing tool
there is a broken install step, and a skip would let the checks that need it pass unseen.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

INSTALL = "`make chromium` installs it, as root"

# Seconds: a time limit no test's search reaches, so that its evaluation budget alone ends it and
# its result is the same on a slow machine as on a fast one (benchmarks/ measure the speed).
UNCLOCKED = 1e6


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def tool_missing(name: str, why: str = "", *, install: str = INSTALL) -> None:
    """Skip the test, or, under CI, fail it: `name` is not on this machine."""
    message = f"{name} is not installed{f' ({why})' if why else ''}; {install}"
    if in_ci():
        pytest.fail(f"CI needs {name}, and it is missing: {message}", pytrace=False)
    pytest.skip(message)


def require_tool(name: str, path_or_cmd: str | Path | None, *, install: str = INSTALL) -> str:
    """The tool's path: `path_or_cmd` is a file path (a font, /usr/bin/chromium) or a command on PATH.

    None (a lookup that found nothing) counts as missing. Skips, or under CI fails, when it is not there.
    """
    if path_or_cmd is not None:
        text = str(path_or_cmd)
        if "/" in text:
            if Path(text).exists():
                return text
        else:
            found = shutil.which(text)
            if found:
                return found
    tool_missing(name, "" if path_or_cmd is None else f"no {path_or_cmd}", install=install)
    raise AssertionError("unreachable: tool_missing skips or fails")  # pragma: no cover
