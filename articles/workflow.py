"""The status map of a story and the functions that change its status.

Every status change goes through ``transition()``: admin actions, views and commands
call the verbs below, and ``Article.status`` is not editable anywhere else.
"""

from django.db import transaction
from django.utils import timezone

from .models import Article, ArticleTransition

Status = Article.Status

TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED, Status.SPIKED},
    Status.SUBMITTED: {Status.APPROVED, Status.DRAFT, Status.SPIKED},
    Status.APPROVED: {Status.SCHEDULED, Status.PUBLISHED, Status.DRAFT, Status.SPIKED},
    Status.SCHEDULED: {Status.PUBLISHED, Status.APPROVED, Status.SPIKED},
    Status.PUBLISHED: {Status.UNPUBLISHED},
    Status.UNPUBLISHED: {Status.PUBLISHED, Status.DRAFT, Status.SPIKED},
    Status.SPIKED: {Status.DRAFT},
}


class TransitionNotAllowed(Exception):
    """The story cannot move to that status from where it is."""


@transaction.atomic
def transition(article, target, *, by, note="", **fields):
    """Move ``article`` to ``target``, set ``fields``, and record who did it."""
    locked = Article.objects.select_for_update().get(pk=article.pk)
    source = locked.status
    if target not in TRANSITIONS[source]:
        raise TransitionNotAllowed(
            f"A {Status(source).label.lower()} story cannot become "
            f"{Status(target).label.lower()}."
        )
    article.status = target
    for name, value in fields.items():
        setattr(article, name, value)
    article.save(update_fields=["status", "updated_at", *fields])
    ArticleTransition.objects.create(
        article=article, source=source, target=target, by=by, note=note
    )
    return article


def submit(article, *, by, note=""):
    return transition(article, Status.SUBMITTED, by=by, note=note)


def approve(article, *, by, note=""):
    return transition(article, Status.APPROVED, by=by, note=note)


def send_back(article, *, by, note=""):
    return transition(article, Status.DRAFT, by=by, note=note)


def publish(article, *, by, at=None, now=None, note=""):
    """Publish now, or schedule for ``at`` when it lies in the future.

    A story published again after being unpublished keeps its first publication
    time, and so its address.
    """
    now = now or timezone.now()
    if at and at > now:
        return transition(article, Status.SCHEDULED, by=by, note=note, published_at=at)
    published_at = at or now
    if article.status in (Status.SCHEDULED, Status.UNPUBLISHED) and article.published_at:
        published_at = min(article.published_at, now)
    return transition(article, Status.PUBLISHED, by=by, note=note, published_at=published_at)


def unpublish(article, *, by, note=""):
    return transition(article, Status.UNPUBLISHED, by=by, note=note)


def spike(article, *, by, note=""):
    return transition(article, Status.SPIKED, by=by, note=note)


def publish_scheduled(now=None):
    """Publish every scheduled story whose time has come; return what was published."""
    now = now or timezone.now()
    published = []
    for article in Article.objects.due(now).order_by("published_at"):
        published.append(transition(article, Status.PUBLISHED, by=None, note="scheduled"))
    return published
