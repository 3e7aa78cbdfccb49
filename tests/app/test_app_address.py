"""The app listens on this machine only unless told otherwise, and says where it listens as it
starts: with sign-in off, everyone who reaches it is an editor."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from vmo_app.serving import bound_to, command, where

ROOT = Path(__file__).resolve().parents[2]


def test_the_config_binds_to_this_machine():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "localhost"


@pytest.mark.parametrize(
    ("given", "env", "added"),
    [
        ([], {}, ["--server.address", "localhost"]),
        (["--server.port", "8600"], {}, ["--server.address", "localhost"]),
        (["--server.address", "0.0.0.0"], {}, []),
        (["--server.address=10.0.0.5"], {}, []),
        ([], {"STREAMLIT_SERVER_ADDRESS": "0.0.0.0"}, []),
    ],
)
def test_python_m_vmo_app_adds_localhost_unless_an_address_is_given(given, env, added):
    assert where(given, env) == added


def test_it_says_where_it_listens_and_warns_when_others_may_reach_it_without_sign_in(monkeypatch):
    monkeypatch.delenv("VMO_SIGN_IN", raising=False)
    assert "listens on localhost only: this machine" in bound_to([], {})
    shared = bound_to(["--server.address", "0.0.0.0"], {})
    assert "other machines may reach it" in shared and "Sign-in is off: anyone who reaches it is an editor" in shared
    monkeypatch.setenv("VMO_SIGN_IN", "on")
    assert "Sign-in is off" not in bound_to(["--server.address", "0.0.0.0"], {})


def other_address() -> str | None:
    """An address of this machine that is not the loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: only the route is looked up
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def reachable(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


def test_started_it_is_reachable_from_this_machine_only(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "streamlit.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            command(port, python=sys.executable),
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )  # from another folder: the project's config.toml is not read, the start says it all
        try:
            for _ in range(240):
                if reachable("127.0.0.1", port):
                    break
                time.sleep(0.25)
            assert reachable("127.0.0.1", port), log.read_text()
            other = other_address()
            if other is not None:
                assert not reachable(other, port)
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert "The VMO listens on localhost only: this machine" in log.read_text()
