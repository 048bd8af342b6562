"""Liveness and readiness, for load balancers and process managers.

``/healthz`` says the process answers: it touches nothing. ``/readyz`` says the
process can serve: the database answers, every migration is applied, the caches
and the media storage are reachable. Each check is timed and named, so that a 503
says what failed, and each gives up within seconds when what it asks hangs.
Neither goes near the page cache, and neither is cached by a browser or a proxy.

A load balancer asks ``/readyz`` every few seconds: a process that is not ready
logs one warning when it stops being ready (or when what fails changes) and one
when it is ready again, not Django's error line for each 503.
"""

import logging
import os
import time
import uuid
from pathlib import Path

from redis.exceptions import RedisError

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.storage import STORAGE_ERRORS, MediaStorage

from .logs import mark_answered

log = logging.getLogger("newsroom.health")

# How long the media storage is given to answer: a store that hangs makes the
# process not ready in this long, not in the minute an upload may wait. The
# database's connect timeout (settings) and Redis's (a quarter of a second) bound
# the others.
STORAGE_SECONDS = 2

# Once the migrations are found applied, a process does not read the migration graph
# again (it takes a tenth of a second): the code it runs cannot change under it.
_migrated = set()

# The checks that failed when this process last answered ``/readyz``.
_failing = {"checks": frozenset()}


@require_safe
@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def readyz(request):
    checks, ready = {}, True
    for name, check in (
        ("database", _database),
        ("migrations", _migrations),
        ("cache", _caches),
        ("storage", _storage),
    ):
        started = time.perf_counter()
        if name == "migrations" and not checks["database"]["ok"]:
            # Not asked: connecting again would wait out the timeout once more.
            checks[name] = {
                "ok": False,
                "ms": 0.0,
                "problem": "not checked: no database",
            }
            continue
        try:
            problem = check()
        except (
            DatabaseError,
            RedisError,
            ImproperlyConfigured,
            *STORAGE_ERRORS,
        ) as error:
            problem = f"{type(error).__name__}: {error}"
        took = round((time.perf_counter() - started) * 1000, 1)
        checks[name] = {"ok": problem is None, "ms": took}
        if problem is not None:
            checks[name]["problem"] = str(problem)[:300]
            ready = False
    _say_what_changed(checks)
    if not ready:
        mark_answered(request)
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )


def _say_what_changed(checks):
    """Log when the checks that fail are not the ones that failed last time."""
    failing = frozenset(name for name, check in checks.items() if not check["ok"])
    if failing == _failing["checks"]:
        return
    if failing:
        log.warning(
            "Not ready, /readyz answers 503: %s.",
            "; ".join(
                f"{name}: {checks[name]['problem'].rstrip('.')}"
                for name in sorted(failing)
            ),
        )
    else:
        log.warning("Ready again: every check of /readyz passes.")
    _failing["checks"] = failing


def _database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _migrations():
    if DEFAULT_DB_ALIAS in _migrated:
        return None
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        waiting = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:5])
        return f"{len(plan)} not applied: {waiting}"
    _migrated.add(DEFAULT_DB_ALIAS)
    return None


def _caches():
    for alias in ("default", "versions"):
        cache = caches[alias]
        key = f"newsroom:readyz:{uuid.uuid4().hex}"
        cache.set(key, "1", 5)
        found = cache.get(key)
        cache.delete(key)
        if found != "1":
            return f"the {alias} cache did not keep a value"
    return None


def _storage():
    """Uploads can be stored: the media folder, or the folder it will be made in
    on the first upload, can be written. Storage elsewhere is asked directly."""
    if isinstance(default_storage, MediaStorage):
        default_storage.probe(STORAGE_SECONDS)  # raises when it cannot be reached
        return None
    if not isinstance(default_storage, FileSystemStorage):
        default_storage.exists("readyz")
        return None
    folder = Path(default_storage.location)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        return f"uploads cannot be written under {folder}"
    return None
