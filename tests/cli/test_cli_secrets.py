"""Every command that names a store, or is handed a URL where it writes a file, keeps the
URL's password out of what it prints, whatever the password holds, and creates nothing."""

from __future__ import annotations

import pytest

from tests.cli_support import SAMPLE, call
from tests.passwords import PASSWORDS, shows_none_of

SCENARIO = SAMPLE.parent / "scenarios" / "accept-atlas.json"
SCHEMES = ["postgresql://", "POSTGRESQL://", "postgres://"]


def commands(url: str) -> dict[str, list]:
    """Each command with a store's URL where it takes a store, or where it writes a file."""
    return {
        "snapshots": ["snapshots", "--db", url],
        "changes --db": ["changes", "--db", url],
        "changes URL@1 URL@2": ["changes", f"{url}@1", f"{url}@2"],
        "decisions": ["decisions", "--db", url],
        "adopt": ["adopt", "--db", url, "--scenario", SCENARIO],
        "import": ["import", SAMPLE, "--db", url],
        "import URL": ["import", url, "--db", "copy.duckdb"],
        "sample-history": ["sample-history", "--db", url],
        "schedule URL": ["schedule", url],
        "schedule URL@2": ["schedule", f"{url}@2"],
        "report --db": ["report", "--db", url, "--out", "pack.pdf"],
        "report --out URL": ["report", SAMPLE, "--out", url],
        "export --db": ["export", "--db", url, "--to", "out"],
        "export --to URL": ["export", SAMPLE, "--to", url],
        "template URL": ["template", url],
    }


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("password", PASSWORDS)
@pytest.mark.parametrize("command", sorted(commands("")))
def test_no_command_shows_a_url_password_or_writes_anything(capsys, tmp_path, monkeypatch, command, password, scheme):
    monkeypatch.chdir(tmp_path)  # a URL taken for a path would be created here
    url = f"{scheme}vmo:{password}@127.0.0.1:1/vmo"  # nothing listens on port 1: refused at once
    code, out, err = call(capsys, *commands(url)[command])
    assert code == 2, err
    assert err.strip() and "internal error" not in err and "Traceback" not in err
    assert shows_none_of(out + err, password), err
    assert list(tmp_path.iterdir()) == []
