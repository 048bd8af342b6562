"""A real S3-compatible server for the tests: moto in server mode, on 127.0.0.1.

``object_store`` starts one for the session on a free port and stops it at the
end; ``own_object_store`` starts one for a single test, which may kill it.
``bucket`` points the site's media at a fresh bucket of the session's server.
"""

import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.processes import NotAnswering, free_port, start, stop, wait_until_answers
from bench.services import responds

from .browser import require

MOTO_SERVER = Path(sys.executable).with_name("moto_server")
CREDENTIALS = {"access_key": "newsroom-test", "secret_key": "newsroom-test-secret"}
REGION = "us-east-1"


@dataclass
class ObjectStore:
    process: subprocess.Popen
    endpoint: str

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["access_key"],
            aws_secret_access_key=CREDENTIALS["secret_key"],
        )

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

    def stop(self):
        stop(self.process)

    def start_again(self):
        """A new server at the same address, after ``stop()``. moto keeps its
        objects in memory: the new one holds no bucket."""
        self.process = start_object_store(int(self.endpoint.rpartition(":")[2])).process


def start_object_store(port=None):
    """moto's server on ``port`` (a free one by default), once it answers."""
    require(MOTO_SERVER.exists(), f"moto's S3 server ({MOTO_SERVER})")
    port = port or free_port()
    process = start([str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)])
    store = ObjectStore(process, f"http://127.0.0.1:{port}")
    try:
        wait_until_answers(
            process,
            lambda: responds(store.endpoint + "/"),
            what="moto's S3 server",
            every=0.1,
        )
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
