"""Shared fixtures: users, and the seed story the importer is tested against."""

import os
from pathlib import Path

import pytest

from articles.search import index

from .factories import UserFactory
from .replication import streaming_replica  # noqa: F401  (a session fixture)
from .varnish import backend, varnish  # noqa: F401  (fixtures for the proxy's tests)

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEED_STORY = Path(
    os.environ.get(
        "NEWSROOM_SEED_STORY",
        PROJECT_DIR.parent / "shared" / "seeds" / "us-japan-alliance.txt",
    )
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads made by a test land in its own folder, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _caches_of_its_own(settings):
    """Each test starts with empty caches in this process: no page, list or key
    version left by another test, nor by another process sharing the versions file."""
    from django.core.cache import caches

    from articles import caching

    local = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {
        "default": {"BACKEND": local, "LOCATION": "test-default"},
        "versions": {"BACKEND": local, "LOCATION": "test-versions"},
    }
    for cache in caches.all():
        cache.clear()
    # Lists this process remembers, and changes a test rolled back without commit.
    caching.forget()


@pytest.fixture
def seed_story_path():
    if not SEED_STORY.is_file():
        pytest.fail(
            f"The seed story is missing at {SEED_STORY}; set NEWSROOM_SEED_STORY."
        )
    return SEED_STORY


@pytest.fixture
def staff_user(db):
    return UserFactory(username="desk", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _member_of(role, username):
    from django.contrib.auth.models import Group

    from articles.roles import setup_roles

    setup_roles()
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reporter(db):
    from articles.roles import REPORTER

    return _member_of(REPORTER, "reporter")


@pytest.fixture
def other_reporter(db):
    from articles.roles import REPORTER

    return _member_of(REPORTER, "other-reporter")


@pytest.fixture
def editor(db):
    from articles.roles import EDITOR

    return _member_of(EDITOR, "editor")


@pytest.fixture
def site_administrator(db):
    from articles.roles import SITE_ADMINISTRATOR

    return _member_of(SITE_ADMINISTRATOR, "site-admin")


@pytest.fixture
def chromium():
    """The path of Debian's Chromium, for Playwright's ``executable_path``."""
    from .browser import CHROMIUM, require

    require(CHROMIUM.exists(), f"Chromium ({CHROMIUM})")
    return str(CHROMIUM)


@pytest.fixture
def document_writes(monkeypatch):
    """The ids each write of search documents was given, in order: a rebuild read
    from the database, or a story its writer stored whole (``index.written``)."""
    calls = []
    real_write, real_written = index._write, index.written

    def counted(ids, using, *args, **kwargs):
        calls.append(sorted(ids))
        return real_write(ids, using, *args, **kwargs)

    def counted_whole(article, *args, **kwargs):
        calls.append([article.pk])
        return real_written(article, *args, **kwargs)

    monkeypatch.setattr(index, "_write", counted)
    monkeypatch.setattr(index, "written", counted_whole)
    return calls


# A real S3-compatible server (moto), for the media-in-object-storage tests.
from .objectstore import bucket, object_store, own_object_store  # noqa: E402, F401
