"""``/healthz`` and ``/readyz``: what a load balancer asks, answered in milliseconds,
and in seconds at most when what ``/readyz`` asks hangs."""

import contextlib
import json
import socket
import time
from types import SimpleNamespace

import pytest

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from bench.services import ServiceUnavailable, Site, site_environment
from newsroom import health

from .browser import require
from .objectstore import use_bucket

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def migrations_not_yet_seen():
    health._migrated.clear()
    health._failing["checks"] = frozenset()
    yield
    health._migrated.clear()
    health._failing["checks"] = frozenset()


def test_healthz_answers_without_touching_anything(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response.headers["Cache-Control"]


def test_readyz_checks_the_database_migrations_caches_and_storage(client):
    response = client.get(reverse("readyz"))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "migrations", "cache", "storage"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "no-store" in response.headers["Cache-Control"]


def test_readyz_reads_the_migrations_once_a_process(
    client, django_assert_max_num_queries
):
    client.get(reverse("readyz"))

    with django_assert_max_num_queries(1):  # SELECT 1, no migration table
        assert client.get(reverse("readyz")).status_code == 200


def test_a_migration_not_applied_makes_the_process_not_ready(client):
    recorder = MigrationRecorder(connection)
    last = max(name for app, name in recorder.applied_migrations() if app == "articles")
    recorder.record_unapplied("articles", last)

    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    check = response.json()["checks"]["migrations"]
    assert check["ok"] is False
    assert check["problem"] == f"1 not applied: articles.{last}"


def test_an_unreachable_cache_makes_the_process_not_ready(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }

    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


def test_a_process_not_ready_logs_once_until_it_is_ready_again(
    client, settings, caplog
):
    """A load balancer asks every few seconds: one warning as the process stops
    being ready, one as it is ready again, and no error line for each 503."""
    caches = settings.CACHES
    settings.CACHES = {
        **caches,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    caplog.set_level("INFO")

    answers = [client.get(reverse("readyz")).status_code for _ in range(3)]
    settings.CACHES = caches
    answers.append(client.get(reverse("readyz")).status_code)

    assert answers == [503, 503, 503, 200]
    said = [
        (record.name, record.levelname, record.getMessage())
        for record in caplog.records
    ]
    assert [line[:2] for line in said] == [
        ("newsroom.health", "WARNING"),
        ("newsroom.health", "WARNING"),
    ], said
    assert said[0][2].startswith("Not ready, /readyz answers 503: cache: ")
    assert said[1][2] == "Ready again: every check of /readyz passes."


def test_a_media_folder_that_cannot_be_made_makes_the_process_not_ready(
    client, settings, tmp_path
):
    (tmp_path / "a-file").write_text("not a folder")
    settings.MEDIA_ROOT = tmp_path / "a-file" / "media"

    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    storage = response.json()["checks"]["storage"]
    assert storage["ok"] is False
    assert (
        storage["problem"] == f"uploads cannot be written under {tmp_path / 'a-file'}"
    )


def test_a_media_folder_not_made_yet_is_ready_to_be(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

    assert client.get(reverse("readyz")).status_code == 200


@contextlib.contextmanager
def server_that_hangs():
    """A port that takes connections and never answers on them: a hung server.

    The kernel completes each connection (the listen backlog) for a process that
    never accepts it, so a client connects, asks, and waits.
    """
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


def test_a_media_store_that_hangs_makes_the_process_not_ready_within_seconds(
    client, settings
):
    with server_that_hangs() as port:
        store = SimpleNamespace(endpoint=f"http://127.0.0.1:{port}")
        use_bucket(settings, store, "newsroom-hung")
        started = time.monotonic()
        response = client.get(reverse("readyz"))
        took = time.monotonic() - started

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["storage"]["ok"] is False
    assert checks["storage"]["problem"].startswith("ReadTimeoutError")
    assert checks["database"]["ok"] is True
    # An upload's client waits 20 s for an answer, twice; readiness asks once, briefly.
    assert took < 10


def test_a_database_that_hangs_makes_the_process_not_ready_within_seconds(tmp_path):
    with server_that_hangs() as port:
        env = site_environment(
            tmp_path / "var", f"postgres://postgres@127.0.0.1:{port}/newsroom"
        )
        try:
            site = Site(env, workers=1)
        except ServiceUnavailable as missing:
            require(False, str(missing))
        with site:
            started = time.monotonic()
            status, body = site.get("/readyz", timeout=25)
            took = time.monotonic() - started

    assert status == 503
    checks = json.loads(body)["checks"]
    assert checks["database"]["ok"] is False
    assert "timeout" in checks["database"]["problem"]
    # Not asked again: it would wait out the timeout a second time.
    assert checks["migrations"] == {
        "ok": False,
        "ms": 0.0,
        "problem": "not checked: no database",
    }
    assert checks["cache"]["ok"] is True
    assert checks["storage"]["ok"] is True
    assert took < 10
