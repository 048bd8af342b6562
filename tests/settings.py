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

# A read replica as DATABASE_REPLICA_URLS makes one, in tests a mirror of the
# primary's test database (Django's TEST MIRROR: no database of its own). Routing
# to it is off for the suite, since a replica is a second connection, which does
# not see the rows a test has not committed; tests/test_replicas.py turns it on in
# tests that commit theirs.
if "replica_1" not in DATABASES:  # noqa: F405
    DATABASES["replica_1"] = {  # noqa: F405
        **DATABASES["default"],  # noqa: F405
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),  # noqa: F405
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = []
NEWSROOM_READ_REPLICAS = []
MIDDLEWARE = [  # noqa: F405
    name
    for name in MIDDLEWARE  # noqa: F405
    if name != "newsroom.replicas.ReadReplicaMiddleware"
]

# Static files under their plain names: the suite runs no collectstatic, which the
# hashed names of production need (tests/test_serve.py runs it, in a server).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# ... served from their source folders, as runserver serves them.
WHITENOISE_USE_FINDERS = True
