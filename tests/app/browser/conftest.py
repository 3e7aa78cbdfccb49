"""Fixtures of the browser tests: Debian's Chromium (skipped without it; failed under CI) and one
browser for a module's tests."""

from __future__ import annotations

import pytest

from tests.app.browser.serving import ARGS, CHROMIUM
from tests.tools import require_tool


@pytest.fixture(scope="module", autouse=True)
def chromium():
    """Skipped without Debian's chromium; under CI, which installs it, failed."""
    return require_tool("Debian's chromium", CHROMIUM)


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()
