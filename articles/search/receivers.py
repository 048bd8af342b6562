"""Signal receivers that keep the search index in step with every save and delete.

Connected in ``ArticlesConfig.ready()``, so the admin, the importer, ``load_demo``,
revision restores and the workflow all pass through them without knowing of search.
Writes that send no model signals (``bulk_create()``, ``update()``) are announced by
the querysets through ``articles.signals``, and heard here too.
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from .. import signals
from ..models import Article, BodyPart
from . import index


def article_saved(sender, instance, created, update_fields, using, **kwargs):
    # A status change (the workflow saves only its fields) leaves the words alone:
    # who may see a story is asked at query time.
    if created or update_fields is None or index.ARTICLE_FIELDS & set(update_fields):
        index.reindex([instance.pk], using=using)


def article_deleted(sender, instance, using, **kwargs):
    index.remove([instance.pk], using=using)


def _is_part(sender):
    return issubclass(sender, BodyPart)  # Callout and Quote are proxies of it


def part_saved(sender, instance, using, **kwargs):
    if _is_part(sender):
        index.reindex([instance.article_id], using=using)


def _deletes_story(origin):
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return issubclass(model, Article)


def part_deleted(sender, instance, using, origin=None, **kwargs):
    # The parts of a story being deleted go with it: its own receiver drops the
    # document, instead of rebuilding it once for every part first.
    if _is_part(sender) and not _deletes_story(origin):
        index.reindex([instance.article_id], using=using)


def rows_written(sender, stories, using, **kwargs):
    index.reindex(stories, using=using)


def connect():
    post_save.connect(
        article_saved, sender=Article, dispatch_uid="search-article-saved"
    )
    post_delete.connect(
        article_deleted, sender=Article, dispatch_uid="search-article-deleted"
    )
    post_save.connect(part_saved, dispatch_uid="search-part-saved")
    post_delete.connect(part_deleted, dispatch_uid="search-part-deleted")
    # Updates of the words ask for the stories they touch; deletes of many parts
    # rebuild each story once, at the end.
    signals.watch(Article, index.ARTICLE_FIELDS)
    signals.watch(BodyPart, index.PART_FIELDS)
    signals.around_deletes("search", index.deferred)
    signals.rows_written.connect(rows_written, dispatch_uid="search-rows-written")
