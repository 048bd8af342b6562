"""Site sections (desks): World, Politics, and one level of children."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .. import addresses

# First path segments the public site uses for its own pages; a section with one
# of these slugs would be hidden behind them.
RESERVED_SLUGS = {
    "admin",
    "api",
    "archive",
    "authors",
    "corrections",
    "feed",
    "latest",
    "media",
    "preview",
    "robots.txt",
    "search",
    "sitemap.xml",
    "static",
    "tags",
}


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Used in the section's address."),
    )
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Leave empty for a top-level section, such as World."),
    )
    requires_dek = models.BooleanField(
        _("stories need a dek"),
        default=False,
        help_text=_("The copy desk holds back a story of this section without one."),
    )
    position = models.PositiveSmallIntegerField(
        _("position in navigation"), default=0, help_text=_("Lower comes first.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def get_absolute_url(self):
        return addresses.with_slug("articles:section_detail", self.slug)

    @cached_property
    def url(self):
        """``get_absolute_url()``, as a story's card reads it (an attribute, which
        ``selectors.SiteSections`` sets once for the site's sections)."""
        return self.get_absolute_url()

    def feed_url(self, format):
        """The address of the section's feed in ``format`` ("rss" or "atom"),
        made as its own address is (``addresses.with_slug()``), not matched
        against the URL patterns again on every page of the section."""
        return addresses.with_slug("articles:section_feed", self.slug, format=format)

    @classmethod
    def from_db(cls, db, field_names, values):
        """The section as read, remembering the slug it had then.

        ``redirects`` compares it after a save: a changed slug moves the address
        of every story in the section, and their old addresses must lead on.
        """
        section = super().from_db(db, field_names, values)
        section.loaded_slug = section.slug if "slug" in field_names else None
        return section

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _("“%(slug)s” is an address the site already uses.")
                    % {"slug": self.slug}
                }
            )
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": _("A section cannot be its own parent.")})
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("Sections nest one level deep: pick a top-level parent.")}
            )
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": _("This section has children, so it must stay top-level.")}
            )
