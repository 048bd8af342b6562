"""``/healthz`` and ``/readyz``: what a load balancer asks, answered in milliseconds."""

import pytest

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from newsroom import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def migrations_not_yet_seen():
    health._migrated.clear()
    yield
    health._migrated.clear()


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
