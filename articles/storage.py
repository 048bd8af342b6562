"""Media in an S3-compatible bucket (django-storages, boto3), keeping media's promises.

With ``MEDIA_STORAGE_URL`` set, uploads, renditions and social cards are stored in
a bucket that no one reads directly: every object is private. Readers still ask
the site's ``/media/`` addresses (``views.images``), which decide who may see an
image, as they do with files on disk:

- an image readers may see (a published story's, an author's photo) is sent by
  the site with ``Cache-Control: public, max-age=31536000, immutable``; with
  ``MEDIA_PUBLIC_URL`` set, public pages name the CDN's host instead, a CDN whose
  origin is the site's ``/media/``: it keeps those and asks the site once for each;
- an image only unpublished stories use is 404 to everyone else, and is sent by
  the site to the newsroom and to a share link's holder with ``Cache-Control:
  private, no-store``. No address of the bucket is ever given out: a presigned one
  would be another origin for the pages' Content-Security-Policy, and would work for
  anyone who had it until it ran out.

Pages that may show unpublished images (the admin, previews, anything a signed-in
member of the newsroom is shown) name the site's own ``/media/`` addresses, not the
CDN's: the CDN has no cookie to show it who is asking.
"""

import contextlib
import contextvars
import functools

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    HTTPClientError,
)
from botocore.exceptions import ConnectionError as StoreConnectionError
from storages.backends.s3 import S3Storage

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri

# What a storage raises when it cannot be reached or refuses: the disk's errors,
# and boto3's (a connection refused or timed out, an access denied).
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)
# Of those, what says the store is not there: no connection, or no answer in time.
# A missing file is not one of them (on disk it is an OSError too).
STORAGE_UNREACHABLE = (StoreConnectionError, HTTPClientError)

_on_site = contextvars.ContextVar("media_on_site", default=False)


@contextlib.contextmanager
def media_on_site():
    """Within this block, media addresses are the site's own, never the CDN's."""
    token = _on_site.set(True)
    try:
        yield
    finally:
        _on_site.reset(token)


def public_url(name):
    """The address pages give stored file ``name``: the CDN's or the site's own."""
    base = settings.MEDIA_PUBLIC_URL
    if not base or _on_site.get():
        base = f"/{settings.MEDIA_URL.lstrip('/')}"
    return f"{base.rstrip('/')}/{filepath_to_uri(name)}"


def is_remote(storage):
    """Whether ``storage`` keeps its files somewhere other than this machine's disk."""
    return isinstance(storage, MediaStorage)


class MediaStorage(S3Storage):
    """A private bucket whose files are named by the site's addresses.

    A name is never reused (``file_overwrite`` off), as on disk: an upload that
    meets an existing name gets another. ``url()`` costs nothing: no signing, no
    request to the store.
    """

    def __init__(self, **options):
        super().__init__(**options)
        # A store that does not answer fails a request in seconds, not minutes.
        self.client_config = self.client_config.merge(
            Config(
                signature_version="s3v4",
                connect_timeout=3,
                read_timeout=20,
                retries={"mode": "standard", "max_attempts": 2},
            )
        )

    def get_default_settings(self):
        defaults = super().get_default_settings()
        defaults.update(
            default_acl="private",
            file_overwrite=False,
            querystring_auth=True,
        )
        return defaults

    def url(self, name, parameters=None, expire=None, http_method=None):
        return public_url(name)

    def probe(self, seconds):
        """Ask the store for the bucket once, giving up after ``seconds``.

        Raises what boto3 raises when the store cannot be reached or refuses.
        For ``/readyz``, which must answer at once whatever the store does: the
        storage's own client waits longer and tries twice, as an upload should.
        The probing client is made once per process (and time limit): a balancer
        asks ``/readyz`` every few seconds, and making a boto3 client costs more
        than the question.
        """
        client = self._probes.get(seconds)
        if client is None:
            client = self._probes[seconds] = self._probe_client(seconds)
        client.head_bucket(Bucket=self.bucket_name)

    @functools.cached_property
    def _probes(self):
        return {}

    def _probe_client(self, seconds):
        session = boto3.Session(
            aws_access_key_id=self.access_key or None,
            aws_secret_access_key=self.secret_key or None,
            aws_session_token=self.security_token or None,
            profile_name=self.session_profile or None,
        )
        return session.client(
            "s3",
            region_name=self.region_name,
            use_ssl=self.use_ssl,
            endpoint_url=self.endpoint_url,
            verify=self.verify,
            config=self.client_config.merge(
                Config(
                    connect_timeout=seconds,
                    read_timeout=seconds,
                    retries={"mode": "standard", "total_max_attempts": 1},
                )
            ),
        )


class LocalMediaStorage(FileSystemStorage):
    """The media folder on disk, whose files public pages may name at the CDN too."""

    def url(self, name):
        return public_url(name)


class MediaOnSiteMiddleware:
    """Someone signed in to the newsroom is shown the site's own media addresses.

    Only a request with a session cookie is asked who it is, so a reader's page is
    neither read from the session nor marked as varying with the cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (
            settings.MEDIA_PUBLIC_URL
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and getattr(request, "user", None) is not None
            and request.user.is_active
            and request.user.is_staff
        ):
            return self.get_response(request)
        with media_on_site():
            return self.get_response(request)
