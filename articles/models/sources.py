"""What stories cite: reports, studies, interviews, datasets, reusable across stories."""

import datetime
import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        REPORT = "report", _("Report")
        STUDY = "study", _("Study")
        INTERVIEW = "interview", _("Interview")
        DATASET = "dataset", _("Dataset")
        STATEMENT = "statement", _("Statement")
        ARTICLE = "article", _("Article")
        BOOK = "book", _("Book")
        OTHER = "other", _("Other")

    class Standing(models.TextChoices):
        SOUND = "sound", _("Sound")
        DISPUTED = "disputed", _("Disputed")
        RETRACTED = "retracted", _("Retracted")

    class Precision(models.TextChoices):
        YEAR = "year", _("Year")
        MONTH = "month", _("Month")
        DAY = "day", _("Day")

    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        help_text=_(
            "Who published it, such as Center for Strategic and International Studies."
        ),
    )
    abbreviation = models.CharField(
        _("abbreviation"), max_length=30, blank=True, help_text=_("Such as CSIS.")
    )
    title = models.CharField(
        _("title"),
        max_length=300,
        blank=True,
        help_text=_(
            "The work's title; empty when the story cites the organisation itself."
        ),
    )
    url = models.URLField(_("URL"), max_length=500, blank=True)
    published_on = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_(
            "When only the month is known, any day of it, with precision Month."
        ),
    )
    published_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=Precision,
        default=Precision.DAY,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.REPORT)
    standing = models.CharField(
        _("standing"),
        max_length=10,
        choices=Standing,
        default=Standing.SOUND,
        help_text=_(
            "Retracted or disputed: every story citing it is listed here, published "
            "ones go on the desk as corrections to consider, and the copy desk holds "
            "back any story not yet published that cites it."
        ),
    )
    standing_changed_on = models.DateField(_("since"), null=True, blank=True)
    standing_note = models.TextField(
        _("what happened"),
        blank=True,
        help_text=_(
            "Who retracted or disputed it and why, with a link if there is one."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        indexes = [models.Index(Lower("organisation"), name="source_organisation_ci")]

    def __str__(self):
        name = self.organisation
        if self.abbreviation:
            name = f"{name} ({self.abbreviation})"
        if self.title:
            name = f"{name}: {self.title}"
        if self.published_on:
            name = f"{name}, {self.published_display}"
        return name

    def save(self, *args, **kwargs):
        # A date known to the month or year is stored on its first day, so that
        # two records of "September 2025" compare equal.
        if self.published_on and self.published_precision != self.Precision.DAY:
            month = (
                self.published_on.month if self.published_precision == "month" else 1
            )
            self.published_on = self.published_on.replace(month=month, day=1)
        super().save(*args, **kwargs)

    @property
    def is_in_doubt(self):
        return self.standing != self.Standing.SOUND

    def clean(self):
        if self.is_in_doubt and not self.standing_note.strip():
            raise ValidationError(
                {"standing_note": _("Say who retracted or disputed it, and why.")}
            )
        if self.published_on and self.published_on > datetime.date.today():
            raise ValidationError(
                {"published_on": _("A source cannot be from the future.")}
            )

    @property
    def published_display(self):
        """The publication date as precisely as it is known: "September 2025"."""
        if not self.published_on:
            return ""
        if self.published_precision == self.Precision.YEAR:
            return str(self.published_on.year)
        return _date_shown(
            self.published_on,
            "F Y" if self.published_precision == self.Precision.MONTH else "j F Y",
            get_language(),
        )


# The article page shows each cited source's date, and the date filter parses its
# format on every call: kept by date, format and the language it is shown in.
@functools.lru_cache(maxsize=1024)
def _date_shown(day, format, language):
    """``date_format(day, format)`` in ``language``, the language active when asked."""
    return date_format(day, format)


class Citation(models.Model):
    """A story citing a source, with the claim the source supports."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="citations"
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="citations",
    )
    claim = models.TextField(
        _("claim"), blank=True, help_text=_("What in the story this source supports.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(fields=["article", "source"], name="citation_once")
        ]

    def __str__(self):
        return str(self.source)
