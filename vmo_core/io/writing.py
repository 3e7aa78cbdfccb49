"""Where a command writes, checked before it writes: the folder must exist (nothing is created
where the user did not ask), and a write that fails (a read-only folder, a full disk) is a
message for the user (exit 2) that says nothing was written, never an internal error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from vmo_core.errors import VmoError


def existing_folder(path: str | Path) -> Path:
    """The folder `path` is to be written in; refused when it does not exist."""
    folder = Path(path).parent
    if not folder.is_dir():
        raise VmoError(f"{path}: the folder {folder} does not exist; expected a file in a folder that exists (create it first)")
    return folder


@contextmanager
def writing(path: str | Path, what: str) -> Iterator[None]:
    """An OSError while writing `what` to `path` (or lxml's, whose workbook writer reports one as
    `IO_...`) as a VmoError naming the cause."""
    try:
        yield
    except OSError as exc:
        raise VmoError(f"{path}: cannot write {what} here ({exc.strerror or exc}); nothing was written") from None
    except Exception as exc:
        if type(exc).__name__ != "SerialisationError" or "IO_" not in str(exc):
            raise
        raise VmoError(f"{path}: cannot write {what} here ({exc}); nothing was written") from None
