"""Share links: who let whom outside the newsroom read which unpublished story, and
until when."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token():
    """A random, unguessable token: 256 bits, as URL-safe text."""
    return secrets.token_urlsafe(32)


class ShareLinkQuerySet(models.QuerySet):
    def active(self, now=None):
        """Links that still open their story: not revoked, not yet expired."""
        return self.filter(revoked_at=None, expires_at__gt=now or timezone.now())


class ShareLink(models.Model):
    """A link that opens one unpublished story, without an account, until it expires
    or an editor revokes it."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="share_links",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="share_links",
    )
    created_at = models.DateTimeField(_("shared at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self):
        return f"{self.article} until {self.expires_at:%Y-%m-%d %H:%M}"

    def is_active(self, now=None):
        return self.revoked_at is None and self.expires_at > (now or timezone.now())
