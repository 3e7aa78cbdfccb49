"""Files appear whole or not at all: written beside their destination, then moved into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from vmo_core.io.writing import existing_folder, writing


def replace_atomically(path: Path, write: Callable[[str], object]) -> None:
    """Call `write(temporary path)` beside `path`, then move the result onto `path`."""
    path = Path(path)
    with writing(path, "the board pack"):
        handle, staging = tempfile.mkstemp(suffix=path.suffix, prefix=".report-", dir=existing_folder(path))
        os.close(handle)
        try:
            write(staging)
            os.replace(staging, path)
        finally:
            if os.path.exists(staging):
                os.unlink(staging)
