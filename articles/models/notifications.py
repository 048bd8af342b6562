"""Notifications: what happened to a story, told to the people it concerns."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import NotificationQuerySet
from .people import display_name


class Notification(models.Model):
    """One thing one person is told: a story moved, a comment, a mention."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        SENT_BACK = "sent_back", _("sent back")
        APPROVED = "approved", _("approved")
        SCHEDULED = "scheduled", _("scheduled")
        PUBLISHED = "published", _("published")
        COMMENT = "comment", _("comment")
        MENTION = "mention", _("mention")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("inbox")
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"], name="notification_inbox"
            ),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self):
        return self.summary

    @property
    def is_read(self):
        return self.read_at is not None

    @property
    def summary(self):
        """One line that says who did what to which story."""
        who = display_name(self.actor) if self.actor_id else _("The newsroom")
        verbs = {
            self.Kind.SUBMITTED: _("submitted"),
            self.Kind.SENT_BACK: _("sent back"),
            self.Kind.APPROVED: _("approved"),
            self.Kind.SCHEDULED: _("scheduled"),
            self.Kind.PUBLISHED: _("published"),
            self.Kind.COMMENT: _("commented on"),
            self.Kind.MENTION: _("mentioned you on"),
        }
        return f"{who} {verbs[self.kind]} “{self.article.headline}”"
