"""The page cache's versions on disk, for a site without Redis, shared by its workers.

Django's ``FileBasedCache`` reads, then writes: its ``incr()`` and ``add()`` are two
steps each, and another process may write between them. For the versions of the
page cache's keys (``articles/caching.py``) that loses a purge: two changes given
the same number, or a reader's first version of a key written over the version a
change had just given it, so that a page rendered from the rows before the change
is kept under a version that says it is current. Here every write, and each
read-then-write, holds an exclusive lock on a file beside the entries, taken with
Django's ``locks``; reads take none, since each entry is replaced whole.

It also forgets nothing unless told (``MAX_ENTRIES`` defaults to a million, not
300): a culled sequence would start again below the versions still stored. Django
counts the entries before every write by listing the whole folder, which costs
nothing at 300 entries and grows with every key at a million: writing 100,000
stories slowed to a crawl, each write listing tens of thousands of files. Here the
folder is counted once every ``CULL_EVERY`` writes of a process, so the limit may be
passed by that many entries a process before the cull.
"""

import os
import threading
from contextlib import contextmanager

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

# Entries kept before any is culled: each is one small file per key of the page
# cache (a story, a list), so a newsroom with a million of those wants Redis.
MAX_ENTRIES = 1_000_000
# Writes of one process between two counts of the folder (see above).
CULL_EVERY = 1_000


class SharedFileCache(FileBasedCache):
    """A file-based cache whose ``add()``, ``incr()`` and writes are atomic across
    the processes sharing its folder."""

    def __init__(self, dir, params):
        options = params.get("OPTIONS", {})
        if "MAX_ENTRIES" not in options and "max_entries" not in params:
            params = {**params, "OPTIONS": {**options, "MAX_ENTRIES": MAX_ENTRIES}}
        super().__init__(dir, params)
        # Not a cache entry (those end in .djcache): never culled or cleared.
        self.lock_path = os.path.join(os.path.abspath(dir), "writes.lock")
        self._held = threading.local()
        self._writes_to_count = 0

    def _cull(self):
        """Django's cull, which lists the folder, at the first write and then once
        every ``CULL_EVERY`` writes."""
        self._writes_to_count -= 1
        if self._writes_to_count <= 0:
            self._writes_to_count = CULL_EVERY
            super()._cull()

    @contextmanager
    def _writing(self):
        """The folder's write lock, once per thread (add() and incr() call set())."""
        if getattr(self._held, "depth", 0):
            self._held.depth += 1
            try:
                yield
            finally:
                self._held.depth -= 1
            return
        os.makedirs(os.path.dirname(self.lock_path), exist_ok=True)
        with open(self.lock_path, "ab") as lock:
            locks.lock(lock, locks.LOCK_EX)
            self._held.depth = 1
            try:
                yield
            finally:
                self._held.depth = 0
                locks.unlock(lock)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._writing():
            return super().add(key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._writing():
            return super().set(key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        with self._writing():
            return super().touch(key, timeout, version)

    def delete(self, key, version=None):
        with self._writing():
            return super().delete(key, version)

    def incr(self, key, delta=1, version=None):
        with self._writing():
            return super().incr(key, delta, version)

    def clear(self):
        with self._writing():
            return super().clear()
