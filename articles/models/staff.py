"""The newsroom's people as accounts: staff members and what each one prefers."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffMember(get_user_model()):
    """A user account seen as a member of the newsroom: a role, an author profile,
    an invitation. The same rows as the users; a page of its own in the admin, for
    whoever runs the newsroom rather than the framework."""

    class Meta:
        proxy = True
        verbose_name = _("staff member")
        verbose_name_plural = _("newsroom staff")


class StaffPreferences(models.Model):
    """What one person chose for themselves; a row only once they change something."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preferences",
    )
    email_notifications = models.BooleanField(
        _("notify me by email too"),
        default=True,
        help_text=_(
            "Notifications always wait in your inbox in the admin; untick this to "
            "stop getting them by email as well."
        ),
    )

    class Meta:
        verbose_name = _("your settings")
        verbose_name_plural = _("your settings")

    def __str__(self):
        return str(self.user)
