"""The one command line the app is served with, by `make run`, the browser tests and the browser
benchmark: `python -m vmo_app` puts `SERVED` first (headless, no usage statistics, no Deploy
button), then the options given, which win over it (`--server.port 8600`, say)."""

from __future__ import annotations

import sys

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
