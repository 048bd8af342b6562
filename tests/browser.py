"""What every browser test shares: Debian's Chromium, its flags, and the rule for
when it is missing (skip here, fail on CI)."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling out to hosts this
# machine cannot reach.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require(present, what):
    """Skip when ``what`` is missing here; on CI (CI=true) that is a failure."""
    if present:
        return
    message = f"{what} is missing."
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} CI must run the browser and page checks: install it.")
    pytest.skip(message)
