"""Shared reads: what feeds, sitemaps, views, the admin and template tags all ask for.

Below the views and the admin, so that each of them, and the feeds and sitemaps,
reads a story, the sections or the tags the same way without importing another.
"""

import datetime
import functools

from taggit.models import Tag, TaggedItem

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import Count, DateTimeField, JSONField
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode

from . import caching
from .models import Article, BodyPart, Byline, Citation, Correction, Section
from .prepared import PreparedQuery, keep_as_prefetched

# ---- The site's sections and tags ----


class SiteSections:
    """Every section, read in one query: the navigation, parents and children.

    Read once per content version in each process (``site_sections()``) and shared by
    the requests between two changes: nothing here may change what it holds.
    """

    def __init__(self):
        sections = list(Section.objects.all())
        for section in sections:
            # Asked for by every card and the navigation: resolved once, kept
            # with the rows.
            url = section.get_absolute_url()
            section.get_absolute_url = functools.partial(str, url)
        by_id = {section.pk: section for section in sections}
        self.children = {section.pk: [] for section in sections}
        for section in sections:
            if section.parent_id is not None:
                # Set the parent from this list, so that ``section.parent`` is free.
                section.parent = by_id[section.parent_id]
                self.children[section.parent_id].append(section)
        self.top_level = [section for section in sections if section.parent_id is None]
        self.by_slug = {section.slug: section for section in sections}
        self.by_id = by_id

    def get(self, slug):
        try:
            return self.by_slug[slug]
        except KeyError:
            raise Http404("No such section.") from None

    def attach(self, stories):
        """Give each of ``stories`` its section (and parent) from these rows."""
        for story in stories:
            story.section = self.by_id[story.section_id]
        return stories


def site_sections():
    """The site's sections, read once per content version (a section's change moves it).

    Sections change a few times a year and every page shows them, in the navigation
    at least: read on each request, they cost every page a query.
    """
    return caching.remember("site-sections", SiteSections)


def published_tags():
    """The tags that at least one published story carries: the only tags with a
    page, a feed or a sitemap entry, since a name used only by unpublished stories
    could tell what they are about."""
    return Tag.objects.filter(
        taggit_taggeditem_items__article__in=Article.objects.published()
    ).distinct()


# ---- One story, whole: the article page and the previews ----


def _tag_rows_sql(connection):
    """SQL for a story's tags as one JSON array, ``[[id, name, slug], ...]``.

    Written out rather than built from a queryset: compiling a correlated subquery
    costs more than the query it saves.
    """
    tag, item = Tag._meta.db_table, TaggedItem._meta.db_table
    article = Article._meta.db_table
    if connection.vendor == "postgresql":
        rows = "JSONB_AGG(JSONB_BUILD_ARRAY(t.id, t.name, t.slug) ORDER BY i.id)"
    else:
        rows = "JSON_GROUP_ARRAY(JSON_ARRAY(t.id, t.name, t.slug))"
    return (
        f"SELECT {rows} FROM {tag} t INNER JOIN {item} i ON i.tag_id = t.id "
        f'WHERE i.content_type_id = %s AND i.object_id = "{article}"."id"'
    )


def _correction_rows_sql(connection):
    """SQL for a story's corrections as one JSON array of their columns, in order.

    Most stories have none: a query of their own cost each page a round trip to
    the database for an empty list.
    """
    fields = Correction._meta.concrete_fields
    table, article = Correction._meta.db_table, Article._meta.db_table
    columns = ", ".join(f"c.{connection.ops.quote_name(f.column)}" for f in fields)
    order = "c.created_at, c.id"
    where = f'c.article_id = "{article}"."id"'
    if connection.vendor == "postgresql":
        return (
            f"SELECT JSONB_AGG(JSONB_BUILD_ARRAY({columns}) ORDER BY {order}) "
            f"FROM {table} c WHERE {where}"
        )
    # SQLite aggregates the rows in the order its subquery gives them.
    return (
        f"SELECT JSON_GROUP_ARRAY(JSON_ARRAY({columns})) "
        f"FROM (SELECT * FROM {table} c WHERE {where} ORDER BY {order}) c"
    )


def _corrections_from(rows, using):
    """``Correction`` instances from the columns of ``_correction_rows_sql()``."""
    fields = Correction._meta.concrete_fields
    names = [field.attname for field in fields]
    found = []
    for row in rows or ():
        values = []
        for field, value in zip(fields, row, strict=True):
            if isinstance(field, DateTimeField) and value is not None:
                value = parse_datetime(value)
                if timezone.is_naive(value):
                    value = timezone.make_aware(value, datetime.UTC)
            values.append(value)
        found.append(Correction.from_db(using, names, values))
    return found


def _with_tag_rows(queryset):
    """``queryset`` with each story's tags as ``tag_rows`` (``[[id, name, slug], ...]``)
    and its corrections as ``correction_rows``.

    They come inside the story's own row: a page that shows a story whole then
    needs two queries fewer than with ``prefetch_related("tags", "corrections")``.
    """
    content_type = ContentType.objects.get_for_model(Article)
    connection = connections[queryset.db]
    return queryset.annotate(
        tag_rows=RawSQL(
            _tag_rows_sql(connection), [content_type.pk], output_field=JSONField()
        ),
        correction_rows=RawSQL(
            _correction_rows_sql(connection), [], output_field=JSONField()
        ),
    )


# The article page's queries, compiled once (``prepared``): the story by section and
# slug, with its tags and corrections; then its bylines, parts and cited sources.
_STORY = PreparedQuery(
    lambda section_id, slug, now: _with_tag_rows(Article.objects.published(now)).filter(
        section_id=section_id, slug=slug
    ),
    int,
    str,
    datetime.datetime,
)
_LISTS = {
    "bylines": PreparedQuery(
        lambda pk: Byline.objects.filter(article_id=pk).select_related("author")
    ),
    "parts": PreparedQuery(
        lambda pk: BodyPart.objects.filter(article_id=pk).select_related(
            "callout_kind", "quote_source"
        )
    ),
    "citations": PreparedQuery(
        lambda pk: Citation.objects.filter(article_id=pk).select_related("source")
    ),
}


def read_whole_story(article):
    """Give ``article`` (read with ``_with_tag_rows()``) all its page shows.

    What ``prefetch_related`` does, without the machinery it needs for many stories:
    for one story, that machinery costs more than the queries themselves. Three
    queries, however long the story: its bylines, its parts, its cited sources.
    Its section comes from ``site_sections()``; its tags and corrections came
    with its row.
    """
    site_sections().attach([article])
    using = article._state.db
    for name, query in _LISTS.items():
        keep_as_prefetched(article, name, query(article.pk, using=using))
    corrections = _corrections_from(article.correction_rows, using)
    keep_as_prefetched(article, "corrections", corrections)
    # Rows of the story's tags: the same set as ``article.tags.all()``, which taggit
    # would build with a join per request for nothing.
    rows = [
        Tag(id=pk, name=name, slug=slug) for pk, name, slug in article.tag_rows or ()
    ]
    tags = Tag.objects.filter(pk__in=[tag.pk for tag in rows])
    tags._result_cache, tags._prefetch_done = rows, True
    article._prefetched_objects_cache["tags"] = tags
    return article


def whole_story(pk):
    """The story ``pk``, whatever its status, read as the article page reads a
    published one: what a preview shows is what readers will get."""
    return read_whole_story(
        get_object_or_404(_with_tag_rows(Article.objects.all()), pk=pk)
    )


def published_story(section_id, slug, now):
    """The story ``slug`` of the section ``section_id``, whole, if readers may see
    it at ``now``; else None."""
    found = _STORY(section_id, slug, now)
    return read_whole_story(found[0]) if found else None


# ---- The desk ----


def story_counts():
    """``[(status, label, count, changelist url)]`` for every status, in workflow order."""
    rows = Article.objects.order_by().values("status").annotate(count=Count("pk"))
    counts = {row["status"]: row["count"] for row in rows}
    changelist = reverse("admin:articles_article_changelist")
    return [
        (
            status,
            label,
            counts.get(status, 0),
            f"{changelist}?{urlencode({'status__exact': status})}",
        )
        for status, label in Article.Status.choices
    ]
