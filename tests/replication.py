"""A PostgreSQL primary of the tests' own with a real streaming replica, for the
session.

Self-contained on purpose: the shared server at 127.0.0.1:5432 does not allow
replication connections, and its configuration is not the tests' to change or
restart. ``initdb`` makes a primary in a temporary folder on a free port,
``pg_basebackup -R`` a replica of it, and both are stopped and removed after the
session. Needing only PostgreSQL's programs, the tests that use them run in the
SQLite pass of the suite as in the PostgreSQL one; where the programs are missing
they skip, and fail on CI (``tests/browser.py``'s rule).
"""

import time

import pytest

from bench.services import ServiceUnavailable, postgresql_cluster

from .browser import require


@pytest.fixture(scope="session")
def streaming_replica():
    """``(primary, replica)``: two running ``bench.services.PostgreSQL`` servers."""
    try:
        with postgresql_cluster(replicas=1) as (primary, replicas):
            yield primary, replicas[0]
    except ServiceUnavailable as missing:
        require(False, str(missing))


def caught_up(primary, replica, seconds=15):
    """Wait until the replica has replayed everything the primary has written."""
    target = primary.execute("SELECT pg_current_wal_lsn()")[0][0]
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        (done,) = replica.execute(
            "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]
        )[0]
        if done:
            return
        time.sleep(0.05)
    raise AssertionError(f"The replica did not replay up to {target} in {seconds} s")
