"""What an editor typed on a story's page and has not saved: kept, for them alone.

Not a revision: a revision (django-reversion) holds a story as it was saved, valid
and whole, and is shared with the newsroom. An autosave holds the form as it was
being typed, perhaps half-done or invalid (a paragraph without its text, a date
being typed), belongs to the person who typed it and is offered to them alone when
they come back. It is the form's fields as sent, names and values; saving the story
deletes it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Autosave(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="autosaves",
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("story"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="autosaves",
        help_text=_("Empty for a new story, not yet saved."),
    )
    fields = models.JSONField(
        _("fields"), help_text=_("The form's fields as typed: [name, value] pairs.")
    )
    chosen_files = models.JSONField(
        _("chosen files"),
        default=list,
        blank=True,
        help_text=_(
            "[field, file name] of the files chosen but not uploaded: a browser "
            "cannot choose them again by itself."
        ),
    )
    lock_version = models.PositiveIntegerField(
        _("edit number seen"),
        null=True,
        blank=True,
        help_text=_("The story's edit number when the page was opened."),
    )
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], name="autosave_once_per_story_and_user"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(article__isnull=True),
                name="autosave_once_per_new_story",
            ),
        ]

    def __str__(self):
        return f"{self.user} on {self.article or _('a new story')}"
