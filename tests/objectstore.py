"""A real S3-compatible server for the tests: moto in server mode, on 127.0.0.1.

``object_store`` starts one for the session on a free port and stops it at the
end; ``own_object_store`` starts one for a single test, which may kill it.
``bucket`` points the site's media at a fresh bucket of the session's server.
"""

import uuid

import pytest

from bench import services
from bench.processes import NotAnswering

from .browser import require

REGION = services.ObjectStore.REGION
CREDENTIALS = {
    "access_key": services.ObjectStore.CREDENTIALS["AWS_ACCESS_KEY_ID"],
    "secret_key": services.ObjectStore.CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
}


class ObjectStore(services.ObjectStore):
    """The benchmarks' moto server, holding the buckets the tests make, none of its
    own: ``listen()`` starts it."""

    def new_bucket(self):
        name = f"newsroom-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def keys(self, bucket):
        """Every object's name in ``bucket``, listed by the S3 API."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(
            item["Key"] for page in pages for item in page.get("Contents", [])
        )

    def start_again(self):
        """A new server at the same address, after ``stop()``. moto keeps its
        objects in memory: the new one holds no bucket."""
        self.listen()


def start_object_store():
    """moto's server on a free port, once it answers."""
    try:
        store = ObjectStore()
    except services.ServiceUnavailable as missing:
        require(False, str(missing))
    try:
        store.listen()
    except NotAnswering as error:
        pytest.fail(str(error))
    return store


@pytest.fixture(scope="session")
def object_store():
    store = start_object_store()
    try:
        yield store
    finally:
        store.stop()


@pytest.fixture
def own_object_store():
    store = start_object_store()
    try:
        yield store
    finally:
        store.stop()


CDN = "https://cdn.example.org/media/"


def use_bucket(settings, store, bucket):
    """Point the site's media at ``bucket`` of ``store``, public pages at the CDN."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "articles.storage.MediaStorage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": store.endpoint,
                "region_name": REGION,
                "addressing_style": "path",
                **CREDENTIALS,
            },
        },
    }
    settings.MEDIA_PUBLIC_URL = CDN


@pytest.fixture
def bucket(settings, object_store):
    """A fresh bucket that the site's media go to; its name."""
    name = object_store.new_bucket()
    use_bucket(settings, object_store, name)
    return name
