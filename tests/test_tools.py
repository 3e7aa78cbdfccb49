"""The machine's tools: a missing one skips a test on a developer's machine and fails it under CI."""

import sys

import pytest

from tests.tools import in_ci, require_tool, tool_missing

NOWHERE = "/nonexistent/bin/chromium"


@pytest.mark.parametrize("value", ["true", "1", "yes", "True"])
def test_under_ci_a_missing_tool_fails(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    assert in_ci()
    for missing in (NOWHERE, "no-such-command-vmo", None):
        with pytest.raises(pytest.fail.Exception, match="CI needs Chromium"):
            require_tool("Chromium", missing)
    with pytest.raises(pytest.fail.Exception, match="no chart images"):
        tool_missing("Chromium", "no chart images")


@pytest.mark.parametrize("value", [None, "", "0", "false", "no"])
def test_without_ci_a_missing_tool_skips(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert not in_ci()
    for missing in (NOWHERE, "no-such-command-vmo", None):
        with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
            require_tool("Chromium", missing)


@pytest.mark.parametrize("ci", [None, "true"])
def test_a_tool_that_is_there_is_returned_by_path(monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert require_tool("Python", sys.executable) == sys.executable
    assert require_tool("a shell", "sh").endswith("/sh")
