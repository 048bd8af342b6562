"""The secret key: where it comes from, and who refuses to go on without one.

Settings take ``DJANGO_SECRET_KEY``; a local site (DEBUG on) makes a key of its own
in ``var/`` instead. With DEBUG off and no key, ``SECRET_KEY`` is left empty, and
what needs it refuses in one line: the web server on start (``newsroom.wsgi``,
``runserver``) and any command that signs something. A command that signs nothing,
such as ``import_article --dry-run``, runs: a key nobody set cannot leak.
"""

import secrets
import sys

from django.core.exceptions import ImproperlyConfigured

from .private_files import kept_secret

MISSING = (
    'DJANGO_SECRET_KEY is not set: export DJANGO_SECRET_KEY="$(python3 -c '
    "'import secrets; print(secrets.token_urlsafe(64))')\" (or DJANGO_DEBUG=1 "
    "for a local site with a key kept in var/)."
)

# What Django says when something asks for an empty SECRET_KEY.
DJANGOS_COMPLAINT = "The SECRET_KEY setting must not be empty."


def local_secret_key(var_dir):
    """The development site's key: made on the first run, kept in var/ for its owner."""
    return kept_secret(var_dir / "secret-key.txt", lambda: secrets.token_urlsafe(64))


def is_missing_key(error):
    """Whether ``error`` is Django refusing an empty SECRET_KEY."""
    return isinstance(error, ImproperlyConfigured) and str(error) == DJANGOS_COMPLAINT


def refuse_without_key():
    """Exit with the one-line message unless the settings hold a key."""
    from django.conf import settings

    try:
        settings.SECRET_KEY  # noqa: B018 (asking is the check)
    except ImproperlyConfigured as error:
        if is_missing_key(error):
            sys.exit(MISSING)
        raise
