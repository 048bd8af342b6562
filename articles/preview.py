"""Share links that let someone without an account read one unpublished story.

Each link is a row (``ShareLink``): a random token, the story, who made it and until
when. It opens that story and nothing else, and answers 404 once it has expired or an
editor has revoked it; the time it expires is the one chosen when it was made, never
later.
"""

import re

from django.utils import timezone

from .models import ShareLink

_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
DEFAULT_LIFETIME = timezone.timedelta(days=2)
# What an editor may choose, in hours; the longest is a week.
LIFETIME_CHOICES = {1: "1 hour", 24: "1 day", 48: "2 days", 168: "1 week"}


def share(article, *, by, lifetime=DEFAULT_LIFETIME, now=None):
    """A new link that opens ``article`` until ``lifetime`` from now."""
    now = now or timezone.now()
    return ShareLink.objects.create(
        article=article, created_by=by, created_at=now, expires_at=now + lifetime
    )


def link_for(token, *, now=None):
    """The active link with ``token``, or None for one unknown, expired or revoked."""
    if not _TOKEN.fullmatch(token):
        return None  # not one of ours; PostgreSQL would refuse a NUL in it
    return ShareLink.objects.active(now).filter(token=token).first()


def revoke(links, *, by, now=None):
    """Revoke the active links among ``links``; return how many were revoked."""
    now = now or timezone.now()
    return links.active(now).update(revoked_at=now, revoked_by=by)
