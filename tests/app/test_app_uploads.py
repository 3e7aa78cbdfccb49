"""Uploads only for those who may upload, bounded before anything of ours runs: the server's
own limit agrees with the core's bound on a file; Streamlit's upload endpoint keeps nothing a
session whose user may not upload sends, and at most SESSION_BYTES for any other; a viewer gets
no uploader, and nothing a viewer sends is parsed."""

from __future__ import annotations

import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from tests.app.test_app_auth import EDITOR, VIEWER, session, ui  # noqa: F401 - ui: the signed-in app's fixture
from vmo_app import files, identity, serving, uploading
from vmo_core.io import uploads
from vmo_core.io.schema import MAX_FILE_BYTES
from vmo_core.service.roles import AccessDenied, User

ROOT = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024


def test_the_servers_upload_limit_is_the_cores_bound_on_a_file():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    limit = config["server"]["maxUploadSize"]
    assert limit == serving.MAX_UPLOAD_MB
    assert serving.SERVED[serving.SERVED.index("--server.maxUploadSize") + 1] == str(limit)
    assert (limit - 1) * MIB < MAX_FILE_BYTES <= limit * MIB  # the largest file the core reads, and no more


def test_a_viewer_gets_no_uploader_and_is_told_why(ui):  # noqa: F811
    app = session(VIEWER, page="data.py")
    assert app.get("file_uploader") == []
    assert any("Replacing the portfolio needs the editor role" in i.value for i in app.info)
    assert len(session(EDITOR, page="data.py").get("file_uploader")) == 2  # a portfolio; a register or MS Project


def test_nothing_a_viewer_sends_is_parsed(monkeypatch):
    parsed = []
    monkeypatch.setattr(uploads, "validate_uploads", lambda found: parsed.append(found))
    monkeypatch.setattr(identity, "current_user", lambda: User("Vic", "vic@example.com", "viewer"))
    with pytest.raises(AccessDenied, match="needs the editor role"):
        files.checked({"bomb.xlsx": b"PK" * 1000})
    assert parsed == []


class Session:
    """What Streamlit keeps for a session: its user info as the sign-in cookie gave it."""

    def __init__(self, user_info: dict):
        self._user_info = user_info


def runtime_with(sessions: dict[str, dict]) -> SimpleNamespace:
    def info(session_id: str):
        return None if session_id not in sessions else SimpleNamespace(session=Session(sessions[session_id]))

    return SimpleNamespace(
        _session_mgr=SimpleNamespace(get_active_session_info=info),
        uploaded_file_mgr=MemoryUploadedFileManager("/_stcore/upload_file"),
    )


def sent(runtime, session_id: str, size: int, number: int = 1) -> int:
    """`number` files of `size` bytes sent by the session: how many bytes it holds then."""
    manager = runtime.uploaded_file_mgr
    for index in range(number):
        manager.add_file(
            session_id, UploadedFileRec(file_id=f"{session_id}-{index}", name="x.csv", type="text/csv", data=b"x" * size)
        )
    return sum(len(f.data) for f in manager.file_storage.get(session_id, {}).values())


def test_the_upload_endpoint_keeps_nothing_for_a_session_whose_user_may_not_upload(monkeypatch, tmp_path):
    monkeypatch.setenv("VMO_SIGN_IN", "on")
    monkeypatch.setenv("VMO_ROLES", str(tmp_path / "roles.toml"))
    (tmp_path / "roles.toml").write_text('editor = ["edie@example.com"]\nviewer = ["@example.com"]\n', encoding="utf-8")
    runtime = runtime_with(
        {
            "signed-out": {"is_logged_in": False},
            "no-cookie": {},
            "viewer": {"is_logged_in": True, "email": "vic@example.com"},
            "no-role": {"is_logged_in": True, "email": "eve@elsewhere.org"},
            "editor": {"is_logged_in": True, "email": "edie@example.com"},
        }
    )
    monkeypatch.setattr("streamlit.runtime.Runtime.exists", lambda: True)
    monkeypatch.setattr("streamlit.runtime.Runtime.instance", lambda: runtime)
    uploading.guard()
    uploading.guard()  # once is enough: a second call wraps nothing again
    for who in ("signed-out", "no-cookie", "viewer", "no-role", "gone"):
        assert sent(runtime, who, 1_000_000, number=3) == 0, who
    assert sent(runtime, "editor", 1_000_000) == 1_000_000
    held = sent(runtime, "editor", MAX_FILE_BYTES // 4, number=12)  # far more than a session may hold
    assert uploading.SESSION_BYTES - MAX_FILE_BYTES // 4 < held <= uploading.SESSION_BYTES


def test_sign_in_off_the_local_editor_may_upload_up_to_the_sessions_bound(monkeypatch):
    monkeypatch.delenv("VMO_SIGN_IN", raising=False)
    runtime = runtime_with({"laptop": {}})
    monkeypatch.setattr("streamlit.runtime.Runtime.exists", lambda: True)
    monkeypatch.setattr("streamlit.runtime.Runtime.instance", lambda: runtime)
    uploading.guard()
    assert sent(runtime, "laptop", MAX_FILE_BYTES, number=3) == 2 * MAX_FILE_BYTES == uploading.SESSION_BYTES
