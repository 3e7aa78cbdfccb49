"""The one command line the app is served with, by `make run`, the browser tests and the browser
benchmark: `python -m vmo_app` puts `SERVED` first (headless, no usage statistics, no Deploy
button), then the options given, which win over it (`--server.port 8600`, say)."""

from __future__ import annotations

import sys
from collections.abc import Mapping

from vmo_app.identity import sign_in_on

LOCAL = "localhost"  # the address the app listens on unless told otherwise
LOCAL_ADDRESSES = (LOCAL, "127.0.0.1", "::1")
MAX_UPLOAD_MB = 48  # as .streamlit/config.toml: a portfolio file of vmo_core.io.schema.MAX_FILE_BYTES at most
SERVED = [
    "--server.headless",
    "true",
    "--browser.gatherUsageStats",
    "false",
    "--client.toolbarMode",
    "viewer",
    "--server.maxUploadSize",
    str(MAX_UPLOAD_MB),
]


def command(port: int, *, python: str = sys.executable) -> list[str]:
    """How to serve the app on `port` from another process (the browser tests and benchmark)."""
    return [python, "-m", "vmo_app", "--server.port", str(port)]


def where(given: list[str], env: Mapping[str, str]) -> list[str]:
    """`--server.address localhost` unless the options given or STREAMLIT_SERVER_ADDRESS name an address."""
    return [] if _address(given, env) is not None else ["--server.address", LOCAL]


def bound_to(given: list[str], env: Mapping[str, str]) -> str:
    """What the app says on start: where it listens, and whether that is this machine only."""
    address = _address(given, env) or LOCAL
    if address in LOCAL_ADDRESSES:
        return (
            f"The VMO listens on {address} only: this machine. To serve a team, switch sign-in on and "
            "start it with --server.address 0.0.0.0 (README, Deployment)."
        )
    warning = "" if sign_in_on() else " Sign-in is off: anyone who reaches it is an editor (README, Sign-in and roles)."
    return f"The VMO listens on {address}: other machines may reach it.{warning}"


def _address(given: list[str], env: Mapping[str, str]) -> str | None:
    for index, option in enumerate(given):
        if option == "--server.address" and index + 1 < len(given):
            return given[index + 1]
        if option.startswith("--server.address="):
            return option.partition("=")[2]
    return env.get("STREAMLIT_SERVER_ADDRESS") or None
