"""Who is told what: a story submitted, sent back, approved, scheduled or published,
a comment, a mention.

``workflow.transition()`` calls ``story_moved()`` for every move, and a comment's
``post_save`` calls ``comment_added()``; each writes one notification a person to
their inbox, never to whoever did it. Email follows once the transaction commits,
to whoever has not turned it off; a mail server that fails is logged and never
undoes the move or the comment.
"""

import logging
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Article, Byline, EditorialComment, Notification

logger = logging.getLogger(__name__)
Status = Article.Status
Kind = Notification.Kind

# Writers are told of these moves of their story; the desk, of submissions.
_MOVES = {
    Status.SUBMITTED: Kind.SUBMITTED,
    Status.APPROVED: Kind.APPROVED,
    Status.SCHEDULED: Kind.SCHEDULED,
    Status.PUBLISHED: Kind.PUBLISHED,
    Status.DRAFT: Kind.SENT_BACK,
}
# "@rita", "@ana.ortiz": a username as Django allows it, a trailing full stop apart.
MENTION = re.compile(r"(?<![\w@])@([\w.@+-]+)")
_MOST_MENTIONS = 20


def writers(article):
    """The ids of the people a story is by: who made it, and its bylined accounts."""
    ids = set(
        Byline.objects.filter(article=article, author__user__isnull=False).values_list(
            "author__user", flat=True
        )
    )
    if article.created_by_id:
        ids.add(article.created_by_id)
    return ids


def desk(article):
    """The ids of the editors a submission goes to: the story's assigned editor, or
    everyone who may approve stories when it has none."""
    if article.assigned_editor_id:
        return {article.assigned_editor_id}
    return set(
        get_user_model()
        .objects.with_perm(
            "articles.approve_article",
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .values_list("pk", flat=True)
    )


def kind_of_move(source, target):
    """The notification a move makes, or None (spiking, unpublishing, restoring)."""
    if target == Status.DRAFT and source == Status.SPIKED:
        return None
    if target == Status.APPROVED and source != Status.SUBMITTED:
        return None  # a schedule cancelled
    return _MOVES.get(target)


def story_moved(article, *, source, target, by, note=""):
    """Tell the people concerned that ``article`` moved; return the notifications."""
    kind = kind_of_move(source, target)
    if kind is None:
        return []
    recipients = desk(article) if kind == Kind.SUBMITTED else writers(article)
    return _write(article, kind, recipients, actor=by, text=note)


def mentioned(text):
    """The active staff accounts ``@named`` in ``text``, whatever the case of the
    name: only people who use the admin can be told there."""
    names = {name.rstrip(".") for name in MENTION.findall(text)}
    names = sorted(name for name in names if name)[:_MOST_MENTIONS]
    if not names:
        return set()
    match = Q()
    for name in names:
        match |= Q(username__iexact=name)
    return set(
        get_user_model()
        .objects.filter(match, is_active=True, is_staff=True)
        .values_list("pk", flat=True)
    )


def comment_added(comment):
    """Tell the people named in a comment, and the story's writers, its assigned
    editor and the others in the conversation that there is a new one."""
    article = comment.article
    named = mentioned(comment.text)
    concerned = writers(article) | set(
        EditorialComment.objects.filter(article=article, author__isnull=False)
        .exclude(pk=comment.pk)
        .values_list("author", flat=True)
    )
    if article.assigned_editor_id:
        concerned.add(article.assigned_editor_id)
    actor = comment.author
    written = _write(article, Kind.MENTION, named, actor=actor, text=comment.text)
    written += _write(
        article, Kind.COMMENT, concerned - named, actor=actor, text=comment.text
    )
    return written


def _write(article, kind, recipients, *, actor, text):
    recipients = set(recipients) - {actor.pk if actor else None}
    if not recipients:
        return []
    active = get_user_model().objects.filter(pk__in=recipients, is_active=True)
    written = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk, article=article, kind=kind, actor=actor, text=text
            )
            for pk in sorted(active.values_list("pk", flat=True))
        ]
    )
    ids = [notification.pk for notification in written]
    if ids:
        transaction.on_commit(lambda: send_emails(ids))
    return written


def open_link(notification):
    """The address that marks ``notification`` read and opens its story."""
    path = reverse("admin:articles_notification_open", args=[notification.pk])
    return settings.NEWSROOM_SITE_URL.rstrip("/") + path


def email(notification):
    """The email of one notification, ready to send."""
    context = {
        "notification": notification,
        "summary": notification.summary,
        "link": open_link(notification),
        "site_name": settings.NEWSROOM_SITE_NAME,
        "settings_link": settings.NEWSROOM_SITE_URL.rstrip("/")
        + reverse("admin:articles_staffpreferences_changelist"),
    }
    body = render_to_string("admin/articles/notification/email.txt", context)
    subject = f"[{settings.NEWSROOM_SITE_NAME}] {notification.summary}"
    return EmailMessage(
        " ".join(subject.split()), body, to=[notification.recipient.email]
    )


def send_emails(ids):
    """Email the notifications ``ids`` to whoever has an address and wants them.

    One connection for the lot. Failures are logged, one by one: the inbox holds
    every notification whatever the mail server did. Returns how many went.
    """
    wanted = (
        Notification.objects.filter(pk__in=ids)
        .exclude(recipient__email="")
        .exclude(recipient__preferences__email_notifications=False)
        .select_related("recipient", "actor", "article")
        .order_by("pk")
    )
    sent = 0
    try:
        with get_connection() as connection:
            for notification in wanted:
                message = email(notification)
                message.connection = connection
                try:
                    message.send()
                except (OSError, ValueError) as error:
                    logger.warning(
                        "Notification %s not emailed: %s", notification.pk, error
                    )
                else:
                    sent += 1
    except OSError as error:
        logger.warning("Notifications %s not emailed: %s", ids, error)
    return sent


def _comment_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        comment_added(instance)


def connect():
    post_save.connect(
        _comment_saved,
        sender=EditorialComment,
        dispatch_uid="articles.notifications.comment",
    )
