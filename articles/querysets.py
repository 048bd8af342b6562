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
        return self.filter(
            models.Q(section=section) | models.Q(section__parent=section)
        )

    def for_listing(self):
        """What a list of stories shows: section and bylines, in one query each."""
        byline = apps.get_model("articles", "Byline")
        return self.select_related("section").prefetch_related(
            models.Prefetch("bylines", queryset=byline.objects.select_related("author"))
        )

    # Writes that send no signals keep the search index and the public pages in
    # step themselves.

    def bulk_create(self, objs, *args, **kwargs):
        from .search import index

        objs = super().bulk_create(objs, *args, **kwargs)
        index.reindex([obj.pk for obj in objs], using=self.db)
        _public_pages_changed(self.db)
        return objs

    def update(self, **kwargs):
        from .search import index

        if not index.ARTICLE_FIELDS & kwargs.keys():
            updated = super().update(**kwargs)
        else:
            ids = list(self.values_list("pk", flat=True))
            updated = super().update(**kwargs)
            index.reindex(ids, using=self.db)
        if updated:
            _public_pages_changed(self.db)
        return updated


def _public_pages_changed(using):
    """What readers see may have changed: retire every cached public page."""
    from . import caching

    caching.changed(using=using)


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

    # Writes that send no signals keep the search index in step themselves; a
    # delete of many parts rebuilds each story once, not once per part.

    def bulk_create(self, objs, *args, **kwargs):
        from .search import index

        objs = list(objs)
        for obj in objs:
            obj.word_count = obj.count_words()
        objs = super().bulk_create(objs, *args, **kwargs)
        index.reindex({obj.article_id for obj in objs}, using=self.db)
        _public_pages_changed(self.db)
        return objs

    def update(self, **kwargs):
        from .search import index

        if not index.PART_FIELDS & kwargs.keys():
            updated = super().update(**kwargs)
            if updated:
                _public_pages_changed(self.db)
            return updated
        ids = set(self.values_list("article_id", flat=True))
        recount = {"text", "title"} & kwargs.keys()
        part_ids = list(self.values_list("pk", flat=True)) if recount else []
        updated = super().update(**kwargs)
        if recount:
            self._recount(part_ids)
        moved_to = kwargs.get("article_id", kwargs.get("article"))
        ids.add(getattr(moved_to, "pk", moved_to))
        index.reindex(ids, using=self.db)
        if updated:
            _public_pages_changed(self.db)
        return updated

    def _recount(self, part_ids):
        """Count the words of the parts ``part_ids`` again, after their words changed."""
        parts = list(
            self.model.objects.using(self.db)
            .filter(pk__in=part_ids)
            .only("pk", "title", "text", "word_count")
        )
        for part in parts:
            part.word_count = part.count_words()
        self.model.objects.using(self.db).bulk_update(parts, ["word_count"])

    def delete(self):
        from .search import index

        with index.deferred():
            return super().delete()
