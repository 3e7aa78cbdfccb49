"""A real PostgreSQL server for the tests, started by the test suite itself.

One server per test session (`postgres_server`, started on first use, stopped at the end),
in a temporary folder (in memory, where the system has /dev/shm) on a free port, with
durability turned off (a test's data need not survive a crash); a fresh, empty database per
test (`new_database()`, CREATE DATABASE from template0 in a few tens of milliseconds).
PostgreSQL refuses to run as root: as root, the server runs as `nobody`. The binaries are
PostgreSQL's own (`/usr/lib/postgresql/N/bin`); `make postgres` installs them where missing.
Without them the tests that need a server skip, or under CI fail (tests/tools.py).
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

from tests.tools import require_tool

INSTALL = "`make postgres` installs it, as root"
USER = "vmo"
# A session's databases are some 30,000 files; on a disk mounted with `discard` removing them took
# 45-58 s at the session's end, in memory a moment. Durability is off anyway: nothing need reach a disk.
IN_MEMORY = Path("/dev/shm")
IN_MEMORY_ROOM = 2 * 2**30  # bytes free there at least: a session's databases take some 700 MB (a container's 64 MB would not do)


def scratch() -> str | None:
    """Where the server's folder goes: in memory if the system offers room enough, else the usual temporary folder."""
    if not (IN_MEMORY.is_dir() and os.access(IN_MEMORY, os.W_OK)):
        return None
    return str(IN_MEMORY) if shutil.disk_usage(IN_MEMORY).free >= IN_MEMORY_ROOM else None


def find_bindir() -> Path | None:
    """PostgreSQL's programs: the newest /usr/lib/postgresql/N/bin, else initdb on PATH."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0
    )
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A PostgreSQL server of its own in a temporary folder: start(), new_database(), stop()."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="vmo-postgres-", dir=scratch()))
        self.data = self.folder / "data"
        self.port = free_port()
        self._names = itertools.count(1)
        self._as = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
        if self._as:
            shutil.chown(self.folder, user="nobody")

    def _run(self, program: str, *args: str) -> None:
        command = [*self._as, str(self.bindir / program), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr or done.stdout}")

    def start(self) -> Server:
        self._run("initdb", "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "server.log"), "-w", "-t", "60", "start")
        return self

    def url(self, database: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database (each test its own)."""
        name = f"test_{next(self._names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 STRATEGY FILE_COPY')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the whole test session, stopped at its end."""
    bindir = find_bindir()
    require_tool("PostgreSQL", None if bindir is None else bindir / "initdb", install=INSTALL)
    server = Server(bindir).start()
    yield server
    server.stop()
