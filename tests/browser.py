"""What every browser test shares: Debian's Chromium, its flags, the rule for when
it is missing (skip here, fail on CI), and logging in to the admin."""

import os
from pathlib import Path

import pytest

from django.urls import reverse

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


def log_in(page, live_server, username, password):
    """Log in to the admin on ``page`` through its login form, as a person does, and
    wait for the admin's header."""
    page.goto(live_server.url + reverse("admin:login") + "?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-form [type=submit]")
    page.wait_for_selector("#user-tools")
