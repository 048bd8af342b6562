"""The trash: a deleted story is kept for ``TRASH_DAYS`` days, then purged.

Nothing readers have seen is deleted: a published or scheduled story cannot go to the
trash; it is unpublished (or its schedule cancelled) first. A story in the trash
keeps every part, byline, revision and history entry, leaves the admin's lists and
the desk, and moves no further through the workflow until an editor restores it.
``purge()`` deletes for good what has been in the trash longer than ``TRASH_DAYS``.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import Article, ArticleTransition

Status = Article.Status
TRASH_DAYS = 30
# A story in one of these statuses is, or is about to be, in front of readers.
NOT_TRASHABLE = {Status.PUBLISHED, Status.SCHEDULED}


class CannotTrash(Exception):
    """The story may not go to the trash, or come back from it."""


def may_trash(story):
    """Whether ``story`` may be moved to the trash (it is not live or about to be)."""
    return story.status not in NOT_TRASHABLE and story.trashed_at is None


def purge_date(story):
    """When ``purge()`` deletes a story in the trash for good."""
    return story.trashed_at + datetime.timedelta(days=TRASH_DAYS)


@transaction.atomic
def trash(story, *, by, now=None):
    """Move ``story`` to the trash, on its locked row; raises ``CannotTrash``."""
    locked = Article.objects.select_for_update().get(pk=story.pk)
    if locked.status in NOT_TRASHABLE:
        raise CannotTrash(
            f"A {Status(locked.status).label.lower()} story cannot be deleted: "
            "unpublish it (or cancel its schedule) first."
        )
    if locked.trashed_at is not None:
        raise CannotTrash("The story is in the trash already.")
    story.trashed_at = now or timezone.now()
    story.trashed_by = by
    story.save(update_fields=["trashed_at", "trashed_by", "updated_at"])
    _record(story, by, "Moved to the trash.")
    return story


@transaction.atomic
def restore(story, *, by):
    """Take ``story`` out of the trash, as it was when it went in."""
    locked = Article.objects.select_for_update().get(pk=story.pk)
    if locked.trashed_at is None:
        raise CannotTrash("The story is not in the trash.")
    story.trashed_at = None
    story.trashed_by = None
    story.save(update_fields=["trashed_at", "trashed_by", "updated_at"])
    _record(story, by, "Restored from the trash.")
    return story


def purge(now=None, *, dry_run=False):
    """Delete for good the stories in the trash longer than ``TRASH_DAYS``; return them."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=TRASH_DAYS)
    due = list(
        Article.objects.in_trash()
        .filter(trashed_at__lte=cutoff)
        .exclude(status__in=NOT_TRASHABLE)
        .order_by("trashed_at", "pk")
    )
    if not dry_run:
        Article.objects.filter(pk__in=[story.pk for story in due]).delete()
    return due


def _record(story, by, note):
    ArticleTransition.objects.create(
        article=story, source=story.status, target=story.status, by=by, note=note
    )
