"""bench/processes.py: the servers that tests and benchmarks start are waited for,
and stopped with their children, even those that will not stop when asked."""

import os
import signal
import sys

import pytest

from bench.processes import NotAnswering, alive, start, stop, wait_until_answers

# A server that ignores SIGTERM, with a worker that ignores it too, and says its
# worker's pid once both are up.
STUBBORN = """
import signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
worker = subprocess.Popen([sys.executable, "-c", (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
    "time.sleep(120)"
)])
print(worker.pid, flush=True)
time.sleep(120)
"""


def test_a_server_that_ignores_sigterm_is_killed_with_its_workers(tmp_path):
    log = tmp_path / "stubborn.log"
    process = start([sys.executable, "-c", STUBBORN], log=log)
    worker = None
    try:
        worker = wait_until_answers(
            process,
            lambda: int(log.read_text()) if log.read_text().strip() else None,
            what="the stubborn server",
            every=0.05,
        )
        assert alive(worker)

        stop(process, timeout=1)

        assert process.returncode is not None
        assert not alive(worker)
    finally:
        for pid in [process.pid, worker]:
            if pid and alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_server_that_stops_as_it_starts_is_reported_at_once(tmp_path):
    process = start([sys.executable, "-c", "raise SystemExit(3)"])

    with pytest.raises(NotAnswering, match="the server stopped as it started"):
        wait_until_answers(process, lambda: None, what="the server", seconds=30)

    assert process.returncode == 3


def test_a_server_that_never_answers_is_stopped_when_the_wait_gives_up():
    process = start([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        with pytest.raises(NotAnswering, match="did not answer within 0.5 s"):
            wait_until_answers(process, lambda: None, what="the server", seconds=0.5)

        assert process.returncode is not None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
