"""Varnish in front of a live Django server, for the tests of the caching proxy.

``varnish`` starts Debian's ``varnishd`` (with the xkey vmod from varnish-modules)
on a free port, in the foreground as a child of the test (``-F``), with a working
folder of its own and the repository's VCL pointed at a Django server running in
a thread of the test process, and stops both afterwards. Without varnishd or the
vmod the tests are skipped, except on CI (``CI=true``), where they fail.
"""

import http.client
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.processes import NotAnswering, running, wait_until_answers
from bench.services import start_varnish

from .browser import require

VMOD_DIRS = [
    Path("/usr/lib/x86_64-linux-gnu/varnish/vmods"),
    Path("/usr/lib/aarch64-linux-gnu/varnish/vmods"),
    Path("/usr/lib/varnish/vmods"),
]


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str


def request(port, path, method="GET", headers=None):
    """One HTTP request to 127.0.0.1:``port``, whatever its status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read().decode())
    finally:
        connection.close()


@pytest.fixture
def backend(transactional_db):
    """The site, served by a thread of the test process; ``stop()`` takes it down."""
    from pytest_django.live_server_helper import LiveServer

    # 127.0.0.1 is one of the allowed hosts by default.
    server = LiveServer("127.0.0.1:0")
    yield server
    if server.thread.is_alive():
        server.stop()


class Varnish:
    def __init__(self, port, process):
        self.port, self.process = port, process
        self.url = f"http://127.0.0.1:{port}/"

    def get(self, path, headers=None):
        return request(self.port, path, headers=headers)


@pytest.fixture
def varnish(backend, tmp_path, settings):
    """varnishd in front of ``backend``, its purge address in ``VARNISH_PURGE_URLS``."""
    require(shutil.which("varnishd"), "varnishd (Debian's varnish)")
    require(
        any((folder / "libvmod_xkey.so").exists() for folder in VMOD_DIRS),
        "The xkey vmod (Debian's varnish-modules)",
    )
    host, port = backend.thread.host, backend.thread.port
    # The first requests of a process are slow (templates, URLs): made here, so
    # that Varnish's health probe finds the site well from its first try.
    for path in ("/healthz", "/"):
        request(port, path)
    listen, process = start_varnish((host, port), tmp_path, memory="32m")
    with running(process):
        try:
            wait_until_answers(
                process,
                lambda: request(listen, "/", method="PURGE"),
                what="varnishd",
                every=0.1,
            )
        except NotAnswering as error:
            pytest.fail(f"{error}: {(tmp_path / 'varnishd.log').read_text()}")
        proxy = Varnish(listen, process)
        settings.VARNISH_PURGE_URLS = [proxy.url]
        yield proxy
