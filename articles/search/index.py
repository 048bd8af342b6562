"""Keeping the search index in step with the stories.

``reindex()`` rebuilds the documents of some stories from what the database holds now;
the receivers in ``receivers.py`` call it whenever a story or one of its parts is saved
or deleted, and after the querysets' ``bulk_create()`` and ``update()``, which send
no model signals (``articles.signals``). Inside ``deferred()`` the work waits for the
end of the block, so replacing forty parts rebuilds the story once, not forty times;
a writer that has a whole story in hand stores its document with ``written()``.
``rebuild()`` redoes the whole index, for ``manage.py rebuild_search_index``.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from itertools import islice

from django.db import DEFAULT_DB_ALIAS, transaction

from .. import caching
from ..models import Article, BodyPart
from .backends import index_for
from .text import document

BATCH_SIZE = 500

# The fields whose words are in a story's document, by their names in ``update()``.
ARTICLE_FIELDS = frozenset({"headline", "dek"})
PART_FIELDS = frozenset(
    {"article", "article_id", "position", "title", "text", "speaker", "caption"}
)

_pending = ContextVar("articles_search_pending", default=None)


def _batched(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def reindex(article_ids, *, using=DEFAULT_DB_ALIAS):
    """Rebuild the documents of the stories ``article_ids`` (dropping those of stories
    that no longer exist)."""
    _now_or_at_end(article_ids, using, lambda ids: _write(ids, using))


def remove(article_ids, *, using=DEFAULT_DB_ALIAS):
    """Drop the documents of deleted stories."""
    _now_or_at_end(article_ids, using, index_for(using).remove)


def _now_or_at_end(article_ids, using, act):
    """``act(ids)`` now, or inside ``deferred()`` at the end of its block.

    At the end, removals and rebuilds are one: ``_write()`` rebuilds the stories
    that exist and drops the documents of those that do not.
    """
    ids = {pk for pk in article_ids if pk is not None}
    if not ids:
        return
    pending = _pending.get()
    if pending is not None:
        pending.setdefault(using, set()).update(ids)
        return
    act(ids)


def written(article, parts, *, using=DEFAULT_DB_ALIAS, created=False):
    """Store the document of a story its writer has just written whole, from the
    rows in hand: ``article`` as saved, ``parts`` every part it has, in order;
    ``created`` when the story was created in this transaction (it has no
    document to replace).

    Nothing is read again; inside ``deferred()`` the story is no longer left to
    rebuild at the block's end (a change to it after this asks again).
    """
    pending = _pending.get()
    if pending is not None and using in pending:
        pending[using].discard(article.pk)
    index_for(using).store([(article.pk, *document(article, parts))], new=created)


@contextmanager
def deferred():
    """Collect the stories to reindex in this block; rebuild each once at its end.

    Nothing is written when the block raises: its transaction is on the way back.
    """
    if _pending.get() is not None:
        yield
        return
    pending = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for using, ids in pending.items():
        if ids:
            _write(ids, using)


def rebuild(*, using=DEFAULT_DB_ALIAS, batch_size=BATCH_SIZE):
    """Empty the index and write every story's document again; return how many."""
    index = index_for(using)
    with transaction.atomic(using=using):
        index.clear()
        ids = Article.objects.using(using).values_list("pk", flat=True)
        written = _write(list(ids), using, batch_size=batch_size)
        index.optimize()
        # Search pages are cached like the others: retire those of the old index.
        caching.changed(using=using, keys={"search"})
    return written


def _write(ids, using, batch_size=BATCH_SIZE):
    index = index_for(using)
    written = 0
    for chunk in _batched(sorted(ids), batch_size):
        stories = (
            Article.objects.using(using)
            .filter(pk__in=chunk)
            .only("headline", "dek")
            .order_by()
        )
        parts = {}
        for part in (
            BodyPart.objects.using(using)
            .filter(article_id__in=chunk)
            .only("article_id", "title", "text", "speaker", "caption")
            .order_by("article_id", "position", "pk")
        ):
            parts.setdefault(part.article_id, []).append(part)
        documents = [
            (story.pk, *document(story, parts.get(story.pk, []))) for story in stories
        ]
        if documents:
            index.store(documents)
        if gone := set(chunk) - {pk for pk, *_texts in documents}:
            index.remove(gone)
        written += len(documents)
    return written
