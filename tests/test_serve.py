"""The site as `make serve` runs it: gunicorn with the project's config, DEBUG off,
static files collected with hashed, compressed names, logs one JSON object a line."""

import gzip
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import pytest

from bench.processes import NotAnswering
from bench.services import ServedSite

PROJECT_DIR = Path(__file__).resolve().parent.parent


class Server(ServedSite):
    """The site as `make serve` runs it, asked over HTTP, its log read line by line."""

    def get(self, path, headers=None, data=None):
        request = urllib.request.Request(
            self.base + path, headers=headers or {}, data=data
        )
        try:
            return urllib.request.urlopen(request, timeout=30)
        except urllib.error.HTTPError as error:
            return error

    def log_lines(self):
        """Every line of the log as JSON; a line that is not JSON fails the test."""
        lines = self.log.read_text().splitlines()
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "NEWSROOM_", "DATABASE_", "GUNICORN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        NEWSROOM_VAR_DIR=str(folder / "var"),
        # Behind a proxy, the proxy's X-Request-ID is taken.
        DJANGO_BEHIND_PROXY="1",
        DJANGO_LOG_LEVEL="WARNING",
        WEB_CONCURRENCY="1",
    )
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
    log = folder / "gunicorn.log"
    try:
        running = Server(env, log)
    except NotAnswering as error:
        pytest.fail(f"{error}:\n{log.read_text()}")
    with running:
        yield running


def lines_about(server, request_id, count=1, seconds=10):
    """The log's lines with ``request_id``, once there are ``count``: gunicorn writes
    the access line after the response is sent, a moment after the client has it."""
    stop = time.monotonic() + seconds
    while True:
        found = [
            line for line in server.log_lines() if line["request_id"] == request_id
        ]
        if len(found) >= count or time.monotonic() > stop:
            return found
        time.sleep(0.1)


def test_the_server_answers_healthz_and_logs_it_in_json_with_the_proxys_request_id(
    server,
):
    response = server.get("/healthz", {"X-Request-ID": "lb-7f3a9c21-0001"})

    assert response.status == 200
    assert json.loads(response.read()) == {"status": "ok"}
    assert response.headers["X-Request-ID"] == "lb-7f3a9c21-0001"
    (access,) = lines_about(server, "lb-7f3a9c21-0001")
    assert access["logger"] == "gunicorn.access"
    assert access["path"] == "/healthz"
    assert access["status"] == 200
    assert access["duration_ms"] >= 0


@pytest.mark.parametrize(
    "sent",
    ["short", "has spaces in it", "x" * 65, '"},{"level":"CRITICAL'],
    ids=["too short", "spaces", "too long", "json"],
)
def test_a_request_id_that_is_not_short_and_safe_is_replaced(server, sent):
    response = server.get("/healthz", {"X-Request-ID": sent})

    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert lines_about(server, request_id)
    assert not any(line["request_id"] == sent for line in server.log_lines())


def test_a_page_links_hashed_static_files_served_compressed_and_kept_for_good(
    server,
):
    page = server.get("/")
    assert page.status == 200
    html = page.read().decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, html[:2000]

    response = server.get(stylesheet[1], {"Accept-Encoding": "gzip"})

    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
    max_age = re.search(r"max-age=(\d+)", response.headers["Cache-Control"])
    assert int(max_age[1]) >= 365 * 24 * 3600
    css = gzip.decompress(response.read()).decode()
    plain = (PROJECT_DIR / "static" / "css" / "site.css").read_text()
    assert css.split("\n")[0] == plain.split("\n")[0]

    # A browser that takes Brotli gets the smaller Brotli copy.
    response = server.get(stylesheet[1], {"Accept-Encoding": "gzip, deflate, br"})

    assert response.status == 200
    assert response.headers["Content-Encoding"] == "br"
    brotli_css = brotli.decompress(response.read()).decode()
    assert brotli_css == css


def test_an_application_log_line_carries_the_id_of_its_request(server):
    report = json.dumps({"csp-report": {"blocked-uri": "https://evil.example"}})

    response = server.get(
        "/csp-report/",
        {"X-Request-ID": "lb-csp-report-0002", "Content-Type": "application/json"},
        data=report.encode(),
    )

    assert response.status == 204
    assert response.headers["X-Request-ID"] == "lb-csp-report-0002"
    lines = lines_about(server, "lb-csp-report-0002", count=2)
    by_logger = {line["logger"]: line for line in lines}
    assert set(by_logger) == {"newsroom.csp", "gunicorn.access"}
    assert by_logger["newsroom.csp"]["level"] == "WARNING"
    assert "evil.example" in by_logger["newsroom.csp"]["message"]


def test_a_not_found_page_is_logged_by_django_with_the_id_of_its_request(server):
    response = server.get("/no-such-page/here/", {"X-Request-ID": "lb-404-0003"})

    assert response.status == 404
    assert response.headers["X-Request-ID"] == "lb-404-0003"
    lines = lines_about(server, "lb-404-0003", count=2)
    by_logger = {line["logger"]: line for line in lines}
    assert set(by_logger) == {"django.request", "gunicorn.access"}
    assert by_logger["django.request"]["status_code"] == 404
    assert by_logger["gunicorn.access"]["status"] == 404
