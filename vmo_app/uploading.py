"""What Streamlit's own upload endpoint keeps: nothing for a visitor who may not upload.

Streamlit stores every file PUT to `/_stcore/upload_file/SESSION/FILE` in the server's memory
for as long as the session lives, before any script of ours runs and whoever the session
belongs to: a visitor who never signed in could fill the server's memory. The server's own
limit (`server.maxUploadSize`, .streamlit/config.toml and `vmo_app.serving`) bounds one file;
`guard()` bounds what a session keeps: a session whose user may not upload (signed out, no
role, a viewer) keeps no file at all, and any other at most `SESSION_BYTES`. A file refused
is dropped as it arrives, and the uploader shows nothing of it.

It wraps the upload manager's `add_file` of Streamlit's runtime (streamlit 1.67, pinned in
requirements.txt), reading the session's user from what Streamlit keeps for it; anything it
cannot read counts as a user who may not upload.
"""

from __future__ import annotations

import logging
from typing import Any

from vmo_app import identity
from vmo_core.io.schema import MAX_FILE_BYTES

SESSION_BYTES = 2 * MAX_FILE_BYTES  # what one session may hold in uploads at once: a portfolio's files
log = logging.getLogger("vmo_app")


def guard() -> None:
    """Wrap the running server's upload manager once (app.py calls it on every run; no server, nothing to do)."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return
    runtime = Runtime.instance()
    manager = runtime.uploaded_file_mgr
    if manager is None or getattr(manager.add_file, "vmo_guarded", False):
        return
    keep = manager.add_file

    def add_file(session_id: str, file: Any) -> None:
        if not may_keep(runtime, manager, session_id, len(file.data)):
            return
        keep(session_id, file)

    add_file.vmo_guarded = True  # type: ignore[attr-defined]
    manager.add_file = add_file


def may_keep(runtime: Any, manager: Any, session_id: str, size: int) -> bool:
    """Whether the session's user may upload, and the file fits in what the session may hold."""
    try:
        info = runtime._session_mgr.get_active_session_info(session_id)
        user = identity.user_of(dict(info.session._user_info)) if info is not None else None
        held = sum(len(f.data) for f in manager.file_storage.get(session_id, {}).values())
    except Exception:  # noqa: BLE001 - Streamlit's insides moved: keep nothing rather than anything
        log.exception("Upload refused: the session's user could not be read")
        return False
    if user is None or not user.may("upload"):
        log.warning("Upload of %s bytes refused: the session's user may not upload", f"{size:,}")
        return False
    if held + size > SESSION_BYTES:
        log.warning("Upload of %s bytes refused: the session holds %s bytes of uploads already", f"{size:,}", f"{held:,}")
        return False
    return True
