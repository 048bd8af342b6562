"""The project's settings for the test suite: a key made for this run.

With DEBUG off and no DJANGO_SECRET_KEY the site refuses to serve; the tests run
with DEBUG off, as production does, so they bring a key of their own.
"""

import os
import secrets

os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))

from newsroom.settings import *  # noqa: E402, F403

# Logins in tests check a password in microseconds, not the production hasher's
# deliberate second.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Static files under their plain names: the suite runs no collectstatic, which the
# hashed names of production need (tests/test_serve.py runs it, in a server).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
