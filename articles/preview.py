"""Signed share links that let someone without an account read one unpublished story.

A link carries the story's id and its expiry, signed with the site's secret key; it
opens that story and nothing else, and answers 404 once it has expired or if anyone
alters it.
"""

import datetime

from django.core import signing
from django.utils import timezone

SALT = "articles.preview"
DEFAULT_LIFETIME = timezone.timedelta(days=2)


def make_token(article, *, lifetime=DEFAULT_LIFETIME, now=None):
    """A token for ``article`` that stops working after ``lifetime``."""
    expires = (now or timezone.now()) + lifetime
    return signing.dumps({"a": article.pk, "e": int(expires.timestamp())}, salt=SALT)


def expiry_of(token):
    """When a token stops working, or None for a token that is not ours."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return datetime.datetime.fromtimestamp(data["e"], tz=datetime.UTC)


def article_id_from(token, *, now=None):
    """The story a valid, unexpired token opens, or None."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if (now or timezone.now()).timestamp() >= data["e"]:
        return None
    return data["a"]
