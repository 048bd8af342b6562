"""Named sets of rows: what readers may see, what is due, what is in a section."""

from django.apps import apps
from django.db import models
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see: published, whose publication time has come, and
        whose embargo, if any, has lifted."""
        now = now or timezone.now()
        return self.filter(
            models.Q(embargo_until__isnull=True) | models.Q(embargo_until__lte=now),
            status=self.model.Status.PUBLISHED,
            published_at__lte=now,
        )

    def due(self, now=None):
        """Scheduled stories whose publication time has come."""
        return self.filter(
            status=self.model.Status.SCHEDULED,
            published_at__lte=now or timezone.now(),
        )

    def in_section(self, section):
        """Stories of ``section`` and of its child sections."""
        return self.filter(models.Q(section=section) | models.Q(section__parent=section))

    def for_listing(self):
        """What a list of stories shows: section and bylines, in one query each."""
        byline = apps.get_model("articles", "Byline")
        return self.select_related("section").prefetch_related(
            models.Prefetch("bylines", queryset=byline.objects.select_related("author"))
        )


class BodyPartQuerySet(models.QuerySet):
    def in_reading_order(self):
        return self.order_by("position", "pk")

    def callouts(self):
        return self.filter(kind=self.model.Kind.CALLOUT)

    def quotes(self):
        return self.filter(kind=self.model.Kind.QUOTE)

    def subheads(self):
        return self.filter(kind=self.model.Kind.SUBHEAD)

    def paragraphs(self):
        return self.filter(kind=self.model.Kind.PARAGRAPH)
