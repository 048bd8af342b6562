"""What happened to a story: its status transitions and its published corrections."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ArticleTransition(models.Model):
    """One change of a story's status: who, when, from, to, and why."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="transitions"
    )
    source = models.CharField(_("from"), max_length=20)
    target = models.CharField(_("to"), max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="article_transitions",
    )
    note = models.TextField(_("note"), blank=True)
    desk_override = models.TextField(
        _("copy desk overridden"),
        blank=True,
        help_text=_(
            "Why the move went ahead despite blocking findings, and which they were."
        ),
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self):
        return f"{self.article}: {self.source} → {self.target}"


class Correction(models.Model):
    """A public note about a fix to a published story."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        UPDATE = "update", _("Update")
        EDITORS_NOTE = "editors_note", _("Editor's note")
        RETRACTION = "retraction", _("Retraction")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=Kind, default=Kind.CORRECTION
    )
    text = models.TextField(_("public text"))
    reason = models.TextField(
        _("internal reason"), blank=True, help_text=_("Never shown to readers.")
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revision = models.ForeignKey(
        "reversion.Revision",
        verbose_name=_("revision that made the fix"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class EditorialComment(models.Model):
    """A note editors leave each other on a story; never shown to readers."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="article_comments",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.author}: {self.text[:60]}"
