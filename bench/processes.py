"""Servers started as processes of their own: a free port to put one on, starting it,
waiting until it answers, and stopping it with its children.

The benchmarks and the tests that run real servers (gunicorn, varnishd, nginx,
redis-server, moto's S3 server) share this. It lives under ``bench/``, which the
tests already import (``bench.services``); nothing here imports from ``tests/``.
"""

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path


class NotAnswering(RuntimeError):
    """A server stopped as it started, or did not answer in time."""


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid):
    """The ids of the processes whose parent is ``pid``."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    if path.exists():
        return [int(child) for child in path.read_text().split()]
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                # The parent's pid is the second field after the command's ")".
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.append(int(entry.name))
    return found


def start(command, *, log=None, append=False, **options):
    """``command`` started, its output (and errors) going to the file ``log``, or
    nowhere; ``options`` go to ``subprocess.Popen`` (``cwd``, ``env``)."""
    if log is None:
        return subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **options
        )
    # The process keeps its own copy of the file; this one is closed at once.
    with open(log, "ab" if append else "wb") as output:
        return subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, **options
        )


def wait_until_answers(process, answer, *, what, seconds=30, every=0.2, log=None):
    """What ``answer()`` returns, once it returns something other than None without
    an ``OSError`` (a refused connection, an HTTP error); ``NotAnswering`` if
    ``process`` stops first, or ``seconds`` go by, when it is stopped: a server that
    does not answer is of no use, and nobody else holds it to stop it. ``log`` is
    named in the error."""
    see = f"; see {log}" if log else ""
    stop_at = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise NotAnswering(f"{what} stopped as it started{see}")
        with contextlib.suppress(OSError):
            found = answer()
            if found is not None:
                return found
        if time.monotonic() > stop_at:
            stop(process)
            raise NotAnswering(f"{what} did not answer within {seconds:g} s{see}")
        time.sleep(every)


def stop(process, timeout=10):
    """Stop ``process``: SIGTERM, which a server passes on to its workers, and
    after ``timeout`` seconds SIGKILL, to its children too, since a killed parent
    passes nothing on."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        killed = children(process.pid)
        for child in killed:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        process.kill()
        process.wait()
        # A signal is delivered, not obeyed at once: on a busy machine a killed
        # child may still hold its port a moment later. Stopped means gone.
        gone_by = time.monotonic() + timeout
        while any(map(alive, killed)) and time.monotonic() < gone_by:
            time.sleep(0.02)


def alive(pid):
    """Whether ``pid`` still runs: a process that has ended, reaped by its parent or
    not yet (a zombie), does not."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return not any(
        line.startswith("State:") and "zombie" in line for line in status.splitlines()
    )


@contextlib.contextmanager
def running(process, timeout=10):
    """``process``, stopped however the block ends."""
    try:
        yield process
    finally:
        stop(process, timeout)
