"""Contributors and the bylines that credit them on a story."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import addresses
from .choices import label_of
from .fields import SizedImageField


class Author(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, allow_unicode=True)
    title = models.CharField(
        _("title"),
        max_length=150,
        blank=True,
        help_text=_('Such as "Tokyo correspondent".'),
    )
    bio = models.TextField(_("short bio"), blank=True)
    photo = SizedImageField(
        _("photo"),
        upload_to="authors/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        permissions = [
            ("edit_own_author", _("Can make and edit one's own author profile")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return addresses.with_slug("articles:author_detail", self.slug)

    @property
    def url(self):
        """``get_absolute_url()``, as a story's card reads it (an attribute: a
        list's authors have it worked out once, ``addresses.settle()``)."""
        return self.get_absolute_url()


class Byline(models.Model):
    class Role(models.TextChoices):
        WRITTEN = "written", _("written by")
        REPORTED = "reported", _("reported by")
        TRANSLATED = "translated", _("translated by")
        PHOTOS = "photos", _("photos by")
        ADDITIONAL = "additional", _("additional reporting by")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="bylines",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role, default=Role.WRITTEN
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author", "role"], name="byline_once_per_role"
            )
        ]

    def __str__(self):
        return f"{label_of(self.Role, self.role)} {self.author}"

    @property
    def is_lead(self):
        """Written or reported by: the names after "By" at the top of the story."""
        return self.role in (self.Role.WRITTEN, self.Role.REPORTED)


def display_name(user):
    """How the newsroom names a person: their full name, else their username."""
    return user.get_full_name() or user.get_username()
