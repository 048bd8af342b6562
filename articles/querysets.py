"""Named sets of rows: what readers may see, what is due, what is in a section."""

import operator

from django.db import models
from django.utils import timezone

from . import rows, signals


def time_has_come(now):
    """Stories whose publication time has come at ``now``, and whose embargo, if any,
    has lifted: what both a published story and a due one must meet."""
    return models.Q(published_at__lte=now) & (
        models.Q(embargo_until__isnull=True) | models.Q(embargo_until__lte=now)
    )


_COMPARISONS = {
    "exact": operator.eq,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


class _Now:
    """The time a condition is read at, in a condition built once for any time:
    ``test_of(condition)(obj, now)`` reads it as ``now``."""

    def __repr__(self):
        return "NOW"


NOW = _Now()


def test_of(condition):
    """A function ``test(obj, now=None)``: whether the fields of ``obj`` meet
    ``condition`` (a ``Q``), read in Python, ``NOW`` in it standing for ``now``.

    So that ``Article.is_public`` reads the very condition ``published()`` sends to
    the database, instead of a copy of it. Reads the lookups of the story's own
    fields that such conditions use; as in SQL, a comparison with NULL is false.
    The condition is read once, when the function is made: a list checks each of
    its stories with one (``Article.public_among()``), where walking the
    condition's tree again for each story cost more than the check itself."""
    if condition.negated:
        # NOT over a NULL comparison is NULL in SQL, not true: refuse, not guess.
        raise ValueError("test_of() reads no negated condition.")
    tests = tuple(
        test_of(child) if isinstance(child, models.Q) else _test_of(*child)
        for child in condition.children
    )
    if condition.connector == models.Q.AND:

        def every(obj, now=None):
            for test in tests:
                if not test(obj, now):
                    return False
            return True

        return every

    def either(obj, now=None):
        for test in tests:
            if test(obj, now):
                return True
        return False

    return either


def _test_of(lookup, wanted):
    """A function ``test(obj, now=None)``: whether ``obj`` meets ``lookup`` of
    ``wanted`` (``NOW`` standing for ``now``)."""
    name, _, kind = lookup.partition("__")
    if kind == "isnull":
        return lambda obj, now=None: (getattr(obj, name) is None) == wanted
    if wanted is None:
        return lambda obj, now=None: False
    compare = _COMPARISONS[kind or "exact"]
    if wanted is NOW:

        def at_now(obj, now=None):
            if now is None:
                raise ValueError("test_of() reads a condition on NOW with no time.")
            value = getattr(obj, name)
            return value is not None and compare(value, now)

        return at_now

    def test(obj, now=None):
        value = getattr(obj, name)
        return value is not None and compare(value, wanted)

    return test


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see (``Article.visible_at()``), now or at ``now``."""
        return self.filter(self.model.visible_at(now or timezone.now()))

    def outside_trash(self):
        """Stories that are not in the trash: what the admin's lists and the desk show."""
        return self.filter(trashed_at__isnull=True)

    def in_trash(self):
        """Stories moved to the trash, which an editor may restore (``trash``)."""
        return self.filter(trashed_at__isnull=False)

    def due(self, now=None):
        """Scheduled stories whose time has come: their publication time, and the
        end of their embargo when it was moved later."""
        return self.filter(
            time_has_come(now or timezone.now()), status=self.model.Status.SCHEDULED
        )

    def in_section(self, section):
        """Stories of ``section`` and of its child sections.

        The sections are a subquery rather than a join with an OR across it, so the
        database can walk the stories' index on section and publication time.
        """
        sections = self.model._meta.get_field("section").related_model.objects
        family = sections.filter(models.Q(pk=section.pk) | models.Q(parent=section.pk))
        return self.filter(section__in=family.values("pk"))

    # Writes that send no model signals announce themselves (``signals``), for the
    # search index and the page cache.

    def bulk_create(self, objs, *args, **kwargs):
        objs = super().bulk_create(objs, *args, **kwargs)
        _written(self, len(objs), {obj.pk for obj in objs})
        return objs

    def update(self, **kwargs):
        watched = signals.watches(self.model, kwargs)
        ids = set(self.values_list("pk", flat=True)) if watched else set()
        _to_write(self, ids)
        updated = super().update(**kwargs)
        _written(self, updated, ids)
        return updated


def _to_write(queryset, stories):
    """Announce that ``queryset`` is about to write rows of the stories ``stories``."""
    if stories:
        signals.rows_to_write.send(
            sender=queryset.model, using=queryset.db, stories=stories
        )


def _written(queryset, count, stories):
    """Announce that ``queryset`` wrote ``count`` rows of the stories ``stories``."""
    signals.rows_written.send(
        sender=queryset.model, using=queryset.db, count=count, stories=stories
    )


class BodyPartQuerySet(models.QuerySet):
    # Writes that send no model signals announce themselves (``signals``); a
    # delete of many parts lets the search index rebuild each story once, not once
    # per part.

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.word_count = obj.count_words()
        objs = super().bulk_create(objs, *args, **kwargs)
        _written(self, len(objs), {obj.article_id for obj in objs})
        return objs

    def insert(self, objs):
        """``bulk_create()`` for new parts, for less of the processor
        (``rows.insert()``): counted and announced the same way."""
        objs = list(objs)
        for obj in objs:
            obj.word_count = obj.count_words()
        objs = rows.insert(objs, using=self.db)
        _written(self, len(objs), {obj.article_id for obj in objs})
        return objs

    def update(self, **kwargs):
        watched = signals.watches(self.model, kwargs)
        ids = set(self.values_list("article_id", flat=True)) if watched else set()
        _to_write(self, ids)
        recount = {"text", "title"} & kwargs.keys()
        part_ids = list(self.values_list("pk", flat=True)) if recount else []
        updated = super().update(**kwargs)
        if recount:
            self._recount(part_ids)
        if watched:
            moved_to = kwargs.get("article_id", kwargs.get("article"))
            ids.add(getattr(moved_to, "pk", moved_to))
        _written(self, updated, ids)
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
        with signals.deleting():
            return super().delete()


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        """What its recipient has not opened or marked read."""
        return self.filter(read_at__isnull=True)

    def inbox(self, user):
        """``user``'s notifications, with what each line shows, newest first."""
        return self.filter(recipient=user).select_related("actor", "article")
