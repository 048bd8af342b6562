"""Shared reads: what feeds, sitemaps, views, the admin and template tags all ask for.

Below the views and the admin, so that each of them, and the feeds and sitemaps,
reads a story, the sections or the tags the same way without importing another.
"""

import datetime
import functools
import json

from taggit.models import Tag, TaggedItem

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    Field,
    IntegerField,
    JSONField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode

from . import addresses, caching
from .models import (
    Article,
    ArticleTransition,
    Author,
    BodyPart,
    Byline,
    CalloutKind,
    Citation,
    Correction,
    Section,
    Source,
    group_into_sections,
)
from .models.choices import label_of

# ---- What the importer and the copy desk read ----


def callout_lead_ins(kinds=None):
    """Every opening that marks a callout, mapped to its kind's name; where two
    kinds list the same opening, the first in the kinds' order wins.

    ``kinds`` are the callout kinds on file unless given (the shipped ones, before
    ``migrate`` has made the table: ``defaults.shipped_callout_kinds()``)."""
    lead_ins = {}
    for kind in CalloutKind.objects.all() if kinds is None else kinds:
        for lead_in in kind.all_lead_ins():
            lead_ins.setdefault(lead_in, kind.name)
    return lead_ins


# ---- The site's sections and tags ----


class SiteSections:
    """Every section, read in one query: the navigation, parents and children.

    Read once per change of a section in each process (``site_sections()``) and
    shared by the requests between two changes: nothing here may change what it holds.
    """

    def __init__(self):
        sections = list(Section.objects.all())
        for section in sections:
            # Asked for by every card and the navigation: resolved once, kept
            # with the rows.
            url = section.url = section.get_absolute_url()
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
    """The site's sections, read once per change to a section (key ``sections``).

    Sections change a few times a year and every page shows them, in the navigation
    at least: read on each request, they cost every page a query.
    """
    return caching.remember("site-sections", SiteSections, keys=("sections",))


def published_tags():
    """The tags that at least one published story carries: the only tags with a
    page, a feed or a sitemap entry, since a name used only by unpublished stories
    could tell what they are about."""
    # A tag whose slug is empty (stored before tags were checked) has no address.
    return (
        Tag.objects.filter(
            taggit_taggeditem_items__article__in=Article.objects.published()
        )
        .exclude(slug="")
        .distinct()
    )


def tag_index():
    """Every tag a published story carries, by name, with how many such stories do."""
    return (
        published_tags()
        .annotate(story_count=Count("taggit_taggeditem_items", distinct=True))
        .order_by("name", "pk")
    )


def author_index():
    """Every author bylined on a published story, by name, with how many."""
    return (
        Author.objects.filter(bylines__article__in=Article.objects.published())
        .annotate(story_count=Count("bylines__article", distinct=True))
        .only("name", "slug", "title")
        .order_by("name", "pk")
    )


# ---- One story, whole: the article page and the previews ----


@functools.cache
def _tag_rows_sql(vendor):
    """SQL for a story's tags as one JSON array, ``[[id, name, slug], ...]``.

    Written out rather than built from a queryset: compiling a correlated subquery
    costs more than the query it saves. On PostgreSQL, JSON as text (``_rows_sql()``).
    """
    tag, item = Tag._meta.db_table, TaggedItem._meta.db_table
    article = Article._meta.db_table
    if vendor == "postgresql":
        rows = "JSON_AGG(JSON_BUILD_ARRAY(t.id, t.name, t.slug) ORDER BY i.id)::text"
    else:
        rows = "JSON_GROUP_ARRAY(JSON_ARRAY(t.id, t.name, t.slug))"
    return (
        f"SELECT {rows} FROM {tag} t INNER JOIN {item} i ON i.tag_id = t.id "
        f'WHERE i.content_type_id = %s AND i.object_id = "{article}"."id"'
    )


@functools.cache
def _rows_sql(alias, name):
    """SQL for a story's rows of the kind ``name`` (``_IN_ROW``) as one JSON array,
    in their order: each row its columns, then those of the rows its foreign keys
    ``joined`` point to (all None where a key is empty). Written once for each
    database.

    A story has a few of each (bylines, cited sources, corrections, often none):
    a query of their own cost each page a round trip to the database, and the ORM
    a millisecond to build and compile it.

    On PostgreSQL, JSON rather than JSONB, sent as text: JSONB is built as a tree
    and written out as text again, which cost the server a quarter of the article
    page's query; the text is the same. (psycopg would decode a JSON column
    itself, where the article page keeps the text as it came: ``_story_rows()``.)
    """
    model, order, joined = _IN_ROW[name]
    connection = connections[alias]
    quote = connection.ops.quote_name
    table, article = model._meta.db_table, Article._meta.db_table
    columns = [f"r.{quote(f.column)}" for f in model._meta.concrete_fields]
    tables = f"{quote(table)} r"
    for number, name in enumerate(joined):
        field = model._meta.get_field(name)
        other, alias = field.related_model, f"j{number}"
        columns += [f"{alias}.{quote(f.column)}" for f in other._meta.concrete_fields]
        tables += (
            f" LEFT OUTER JOIN {quote(other._meta.db_table)} {alias}"
            f" ON {alias}.{quote(field.target_field.column)} = r.{quote(field.column)}"
        )
    columns = ", ".join(columns)
    order = ", ".join(f"r.{quote(column)}" for column in order)
    where = f'r.article_id = "{article}"."id"'
    if connection.vendor == "postgresql":
        return (
            f"SELECT JSON_AGG(JSON_BUILD_ARRAY({columns}) ORDER BY {order})::text "
            f"FROM {tables} WHERE {where}"
        )
    # SQLite aggregates the rows in the order its subquery gives them.
    return (
        f"SELECT JSON_GROUP_ARRAY(JSON(r.row)) FROM (SELECT JSON_ARRAY({columns}) "
        f"AS row FROM {tables} WHERE {where} ORDER BY {order}) r"
    )


def _aware_datetime(value):
    """A datetime column read from JSON: the text SQLite gives (in UTC, without an
    offset) or the ISO text PostgreSQL gives, as an aware datetime."""
    value = parse_datetime(value)
    return (
        timezone.make_aware(value, datetime.UTC) if timezone.is_naive(value) else value
    )


def _reader(field):
    """How to turn ``field``'s value read from JSON into the one the database would
    have given: None where the JSON value is that already."""
    if isinstance(field, DateTimeField):
        return _aware_datetime
    if type(field).to_python in (Field.to_python, CharField.to_python):
        # A text column (or a file's name) comes from JSON as a string.
        return None
    return field.to_python


@functools.cache
def _columns(model):
    """``model``'s column names, and a reader (``_reader()``) for each, worked out
    once: a story of sixty parts reads some thousand values."""
    fields = model._meta.concrete_fields
    return [field.attname for field in fields], [_reader(field) for field in fields]


def _instances(model, values, using):
    names, readers = _columns(model)
    return model.from_db(
        using,
        names,
        [
            value if reader is None or value is None else reader(value)
            for reader, value in zip(readers, values, strict=True)
        ],
    )


def _rows_from(rows, model, using, joined=()):
    """``model`` instances from the JSON rows of ``_rows_sql()``, each with the rows
    its foreign keys ``joined`` point to set (None where a key is empty)."""
    found = []
    width = len(model._meta.concrete_fields)
    others = [model._meta.get_field(name).related_model for name in joined]
    for row in rows or ():
        instance = _instances(model, row[:width], using)
        start = width
        for name, other in zip(joined, others, strict=True):
            end = start + len(other._meta.concrete_fields)
            values = row[start:end]
            related = None if values[0] is None else _instances(other, values, using)
            setattr(instance, name, related)
            start = end
        found.append(instance)
    return found


def with_rows(queryset, *names):
    """``queryset`` with each story's rows of the kinds ``names`` (``_IN_ROW``) as
    ``<name>_rows``, JSON arrays inside the story's own row; ``keep_rows()`` turns
    them into instances.

    A list of twenty stories then reads their bylines with them, in one query:
    ``prefetch_related()`` costs a second query and a millisecond of the ORM's
    work, as much again as the stories themselves.
    """
    return queryset.annotate(
        **{
            f"{name}_rows": RawSQL(
                _rows_sql(queryset.db, name), [], output_field=JSONField()
            )
            for name in names
        }
    )


def keep_rows(story, *names):
    """Keep the rows ``with_rows()`` read as ``story.<name>_list``, the lists that
    ``listed_bylines()`` and the like read."""
    using = story._state.db
    for name in names:
        model, _order, joined = _IN_ROW[name]
        rows = _rows_from(getattr(story, f"{name}_rows"), model, using, joined)
        setattr(story, f"{name}_list", rows)
    return story


def _with_tag_rows(queryset):
    """``queryset`` with each story's tags as ``tag_rows`` (``[[id, name, slug], ...]``),
    and its bylines, cited sources and corrections as ``byline_rows``,
    ``citation_rows`` and ``correction_rows`` (``with_rows()``).

    They come inside the story's own row: a page that shows a story whole then
    needs four queries fewer than with ``prefetch_related()``.
    """
    content_type = ContentType.objects.get_for_model(Article)
    vendor = connections[queryset.db].vendor
    return with_rows(queryset, *_IN_ROW).annotate(
        tag_rows=RawSQL(
            _tag_rows_sql(vendor), [content_type.pk], output_field=JSONField()
        )
    )


# What comes inside the story's row besides its tags: name, (model, order, the
# foreign keys whose rows come along).
_IN_ROW = {
    "byline": (Byline, ["position", "id"], ("author",)),
    "citation": (Citation, ["position", "id"], ("source",)),
    "correction": (Correction, ["created_at", "id"], ()),
    "part": (BodyPart, ["position", "id"], ("callout_kind", "quote_source")),
}


def read_whole_story(article, rows=None):
    """Give ``article`` (read with ``_with_tag_rows()``) all its page shows.

    No query, however long the story: its section comes from ``site_sections()``;
    its parts (with their callout kinds and quoted sources), bylines, cited
    sources, tags and corrections came with its row, and are kept as
    ``part_list``, ``byline_list`` and so on (read through ``listed_parts()`` and
    the like); or they are ``rows``, made from that row already (``_story_rows()``).
    """
    caching.shows_stories([article])
    site_sections().attach([article])
    if rows is not None:
        for name, found in rows.items():
            setattr(article, name, found)
        return article
    keep_rows(article, *_IN_ROW)
    using = article._state.db
    article.tag_list = [
        Tag.from_db(using, ["id", "name", "slug"], row)
        for row in article.tag_rows or ()
    ]
    return article


def whole_story(pk):
    """The story ``pk``, whatever its status, read as the article page reads a
    published one: what a preview shows is what readers will get."""
    return read_whole_story(
        get_object_or_404(_with_tag_rows(Article.objects.all()), pk=pk)
    )


@functools.cache
def _story_in_section_sql(alias):
    """SQL for the story of a section and slug (unique together), with every row
    its page shows, as ``_with_tag_rows()`` reads them. Written once for each
    database, for a cursor of its own (``_story_from_row()``).

    The article page asks for nothing else, and building and compiling the same
    query through the ORM took a quarter of its time. The ORM's query stays the
    reference: tests compare the two and pin the Django version this was
    measured on.
    """
    connection = connections[alias]
    quote = connection.ops.quote_name
    table = quote(Article._meta.db_table)
    columns = [
        f"({table}.{quote(f.column)} AT TIME ZONE 'UTC')"
        if _times_as_utc(connection, f)
        else f"{table}.{quote(f.column)}"
        for f in Article._meta.concrete_fields
    ]
    columns += [
        f"({_rows_sql(alias, name)}) AS {quote(f'{name}_rows')}" for name in _IN_ROW
    ]
    # The content type of a story, looked up by the server with the tags: asking
    # Django's cache of content types for the database read from copied a manager
    # on every page, and cost the page as much as loading the story's row.
    content_types = quote(ContentType._meta.db_table)
    content_type = (
        f"(SELECT {quote('id')} FROM {content_types} "
        f"WHERE {quote('app_label')} = '{Article._meta.app_label}' "
        f"AND {quote('model')} = '{Article._meta.model_name}')"
    )
    tags = _tag_rows_sql(connection.vendor).replace("%s", content_type)
    columns.append(f"({tags}) AS {quote('tag_rows')}")
    section = quote(Article._meta.get_field("section").column)
    slug = quote(Article._meta.get_field("slug").column)
    # Parameters by name: Django's SQLite backend turns each ``%s`` into ``?`` with
    # a regular expression run over the whole query, some 3,000 characters, on
    # every page; named ones are put in with one ``%``, several times cheaper.
    return (
        f"SELECT {', '.join(columns)} FROM {table} "
        f"WHERE {table}.{section} = %(section)s AND {table}.{slug} = %(slug)s"
    )


def published_story(section, slug, now=None):
    """The story ``slug`` of ``section``, whole, if readers may see it (now or at
    ``now``); else None.

    Read with ``_story_in_section_sql()``, whatever its status, and then checked
    with the rule ``published()`` filters by (``Article.is_public_at()``).
    """
    using = router.db_for_read(Article)
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            _story_in_section_sql(using), {"section": section.pk, "slug": slug}
        )
        row = cursor.fetchone()
    if row is None:
        return None
    article = _story_from_row(connection, row)
    if not article.is_public_at(now):
        return None
    # The rows as the database driver gives them: JSON text (or None for none).
    texts = tuple(getattr(article, name) for name in _ROW_COLUMNS)
    if not all(text is None or isinstance(text, str) for text in texts):
        # Decoded already (a driver that reads JSON itself): built as ever.
        return read_whole_story(article)
    return read_whole_story(article, rows=_story_rows(using, texts))


# The columns of a story's own row that hold its other rows as JSON.
_ROW_COLUMNS = (*(f"{name}_rows" for name in _IN_ROW), "tag_rows")


def _story_from_row(connection, row):
    """The story of a row of ``_story_in_section_sql()``, as ``Manager.raw()`` would
    make it: its fields' values converted as the ORM converts them (``from_db()``),
    and the columns of its other rows as they came.

    ``Manager.raw()`` works out again, for every page, which column is which field
    and how each field's value is converted; that took the article page as long as
    running its query did. Here each is worked out once per connection
    (``_field_converters()``).
    """
    fields = Article._meta.concrete_fields
    values = list(row[: len(fields)])
    for index, converters, column in _field_converters(connection):
        value = values[index]
        for converter in converters:
            value = converter(value, column, connection)
        values[index] = value
    article = Article.from_db(connection.alias, _FIELD_NAMES, values)
    for name, value in zip(_ROW_COLUMNS, row[len(fields) :], strict=True):
        setattr(article, name, value)
    return article


_FIELD_NAMES = [field.attname for field in Article._meta.concrete_fields]


def _times_as_utc(connection, field):
    """Whether the article page's SQL reads ``field``, a time, as the time of day in
    UTC (``AT TIME ZONE 'UTC'``), made aware again by ``_utc_time()``.

    On PostgreSQL with times in UTC, as Django keeps them: Django reads a
    ``timestamptz`` through a loader of its own, in Python, which cost the
    article page some 40,000 instructions for each of a story's times, more than
    the rest of its row; psycopg reads a plain ``timestamp`` in C.
    """
    return (
        connection.vendor == "postgresql"
        and settings.USE_TZ
        and connection.timezone is datetime.UTC
        and field.get_internal_type() == "DateTimeField"
    )


def _utc_time(value, expression, connection):
    """A time read with ``_times_as_utc()``, as Django's loader gives it: aware, in UTC."""
    return value if value is None else value.replace(tzinfo=datetime.UTC)


# By connection (one for each thread and database): its converters are bound to it.
@functools.lru_cache(maxsize=32)
def _field_converters(connection):
    """``(index, converters, column)`` of each of the story's fields whose value
    the database gives in another form than the field's (SQLite's times, times
    read as UTC's time of day: ``_times_as_utc()``), with the converters the ORM's
    compiler applies to it: the backend's, then the field's."""
    table = Article._meta.db_table
    found = []
    for index, field in enumerate(Article._meta.concrete_fields):
        column = field.get_col(table)
        converters = [
            *([_utc_time] if _times_as_utc(connection, field) else []),
            *connection.ops.get_db_converters(column),
            *column.get_db_converters(connection),
        ]
        if converters:
            found.append((index, tuple(converters), column))
    return tuple(found)


# Stories read often, their rows unchanged: decoding sixty parts and making them
# instances again on every page cost the article page more than its query. Kept
# by the rows' text itself, as read with the story, so that a story whose parts,
# bylines, sources, corrections or tags changed (or whose callout kinds or
# sources did: their columns are in the text) is read afresh, with nothing to
# retire. What is kept is shared by the requests that read the same text: kept
# as tuples, and nothing may change the instances.
@functools.lru_cache(maxsize=256)
def _story_rows(using, texts):
    """``{"part_list": (...), ..., "tag_list": (...), "section_list": (...)}`` from
    ``texts``, the JSON text of each of ``_ROW_COLUMNS`` (None for no rows)."""
    *in_row, tags = (None if text is None else json.loads(text) for text in texts)
    rows = {
        f"{name}_list": tuple(_rows_from(found, model, using, joined))
        for (name, (model, _order, joined)), found in zip(
            _IN_ROW.items(), in_row, strict=True
        )
    }
    rows["tag_list"] = tuple(
        Tag.from_db(using, ["id", "name", "slug"], row) for row in tags or ()
    )
    # The body as the page shows it (``Article.body_sections()``), its blocks worked
    # out here, before the requests that share them read them.
    rows["section_list"] = tuple(group_into_sections(rows["part_list"]))
    for section in rows["section_list"]:
        section.block_list  # noqa: B018
    return rows


def published_story_by_id(pk, now=None):
    """The story ``pk``, whole, if readers may see it (now or at ``now``); else None."""
    found = _with_tag_rows(Article.objects.published(now)).filter(pk=pk)
    article = next(iter(found), None)
    return read_whole_story(article) if article is not None else None


def story_cards(queryset):
    """The stories of ``queryset`` (already limited), each with its section, bylines
    and tags, in one query: for lists that show a story's card, such as the API's."""
    content_type = ContentType.objects.get_for_model(Article)
    vendor = connections[queryset.db].vendor
    stories = list(
        with_rows(queryset, "byline").annotate(
            tag_rows=RawSQL(
                _tag_rows_sql(vendor), [content_type.pk], output_field=JSONField()
            )
        )
    )
    caching.shows_stories(stories)
    site_sections().attach(stories)
    for story in stories:
        keep_rows(story, "byline")
        story.tag_list = [
            Tag.from_db(queryset.db, ["id", "name", "slug"], row)
            for row in story.tag_rows or ()
        ]
    return stories


def stories_by_id(ids, *, using=None):
    """The stories among ``ids`` that readers may see, ready for their cards, in one
    query (in any order): each a ``CardStory`` made from its row, with its section
    (``site_sections()``), its bylines (inside its row, kept as ``byline_list``),
    and its address and its authors' worked out once (``addresses.settle()``).

    For lists, the front page and search, whose ids come from ``published()`` or
    the search index: each story is checked again with the same rule
    (``Article.public_among()``). Asking ``prefetch_related()`` for the bylines
    and ``select_related()`` for the section costs a second query and a
    millisecond more of the ORM's work.
    """
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    using = using or router.db_for_read(Article)
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_stories_by_ids_sql(using), {"ids": _array_text(ids)})
        else:
            cursor.execute(_stories_by_id_sql(using, len(ids)), ids)
        stories = Article.public_among([CardStory(row) for row in cursor.fetchall()])
    # Each story's bylines come as JSON text (None for none): decoded together,
    # in one call rather than one a story.
    texts = ",".join([story.byline_rows or "null" for story in stories])
    authors = {}
    for story, rows in zip(stories, json.loads(f"[{texts}]"), strict=True):
        story.byline_list = _card_bylines(rows, authors)
    return addresses.settle(site_sections().attach(stories))


class CardAuthor:
    """An author as a card shows them: their name, slug and address (``url``, set
    by ``addresses.settle()``). Read-only, as the page only shows it; one for each
    author on a page, however many of its stories they are on."""

    __slots__ = ("name", "slug", "url")

    def __init__(self, name, slug):
        self.name, self.slug, self.url = name, slug, None

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.url


class CardByline:
    """A byline as a card reads it (``Article.credit_lines()``): its role and its
    author (a ``CardAuthor``). Read-only."""

    __slots__ = ("role", "author")

    def __init__(self, role, author):
        self.role, self.author = role, author

    @property
    def is_lead(self):
        return self.role in (Byline.Role.WRITTEN, Byline.Role.REPORTED)

    def get_role_display(self):
        return label_of(Byline.Role, self.role)


def _card_bylines(rows, authors):
    """A story's bylines for its card, from its JSON rows (``_card_bylines_sql()``),
    each author made once among ``authors`` (by id).

    Making Byline and Author instances of them (``keep_rows()``) cost a list page
    more than its query: some forty models set up field by field, for a name and
    an address."""
    found = []
    for role, author_id, name, slug in rows or ():
        author = authors.get(author_id)
        if author is None:
            author = authors[author_id] = CardAuthor(name, slug)
        found.append(CardByline(role, author))
    return found


# What a story's card reads (``_cards.html``, the front page's lead picture), what
# ``public_among()`` checks and what its address is made of: a list's stories are
# read with these columns alone (the rest, from the desk's to the trash's, would
# be converted and set on each instance for nothing).
CARD_FIELDS = (
    "id",
    "headline",
    "slug",
    "dek",
    "section_id",
    "language",
    "lead_image",
    "lead_image_width",
    "lead_image_height",
    "lead_image_alt",
    "lead_image_credit",
    "status",
    "published_at",
    "embargo_until",
    "created_at",
)
# Where a ``CardStory`` keeps each column of its row: the lead image's name beside
# the ``lead_image`` that answers it as a file, as the model's field does.
_CARD_COLUMNS = (
    *(("lead_image_name" if name == "lead_image" else name) for name in CARD_FIELDS),
    "byline_rows",
)
_CARD_TIMES = tuple(
    name
    for name in CARD_FIELDS
    if isinstance(Article._meta.get_field(name), DateTimeField)
)


class CardStory:
    """A story as its card shows it, made from its row (``_stories_by_id_query()``):
    the columns of ``CARD_FIELDS`` as attributes, as an Article has them, and what
    ``stories_by_id()`` adds (``section``, ``byline_list``, ``url``,
    ``local_published_at``, ``card_credits``; search adds ``search_snippet``).

    A list's twenty Article instances, each set up field by field (the columns not
    read marked deferred, one by one), cost it more than its query; what a card,
    the front page's lead picture or ``public_among()`` read of a story this
    answers alike. Read-only, as the page only shows it.
    """

    local_published_at = None
    search_snippet = None

    def __init__(self, row):
        values = self.__dict__
        values.update(zip(_CARD_COLUMNS, row, strict=True))
        self.pk = self.id
        for name in _CARD_TIMES:
            # What the ORM makes of a time SQLite stores without an offset (UTC).
            moment = values[name]
            if moment is not None and moment.tzinfo is None:
                values[name] = moment.replace(tzinfo=datetime.UTC)

    def __repr__(self):
        return f"<CardStory {self.pk}: {self.headline}>"

    def __eq__(self, other):
        """The same story, as a card or as an Article: equal as models are, by
        primary key (an Article asked first defers to this)."""
        if not isinstance(other, (CardStory, Article)):
            return NotImplemented
        return self.pk == other.pk

    def __hash__(self):
        return hash(self.pk)

    @property
    def lead_image(self):
        """The lead image as a file, as ``Article.lead_image`` is (its address, its
        size from ``lead_image_width`` and ``lead_image_height``)."""
        field = Article._meta.get_field("lead_image")
        return field.attr_class(self, field, self.lead_image_name)

    def get_absolute_url(self):
        return self.url

    def listed_bylines(self):
        return self.byline_list

    # The rule the article page's credits follow: it reads ``listed_bylines()``.
    credit_lines = Article.credit_lines


def _stories_by_id_query(ids, using):
    """The ORM's query for ``stories_by_id()``: the columns of the stories ``ids``
    that their cards read (``CARD_FIELDS``), then their bylines
    (``_card_bylines_sql()``), as the rows of a ``CardStory``."""
    bylines = RawSQL(_card_bylines_sql(using), [], output_field=Field())
    return (
        Article.objects.using(using)
        .filter(pk__in=ids)
        # Any order: the list puts them in its own.
        .order_by()
        .annotate(byline_rows=bylines)
        .values_list(*CARD_FIELDS, "byline_rows")
    )


@functools.cache
def _card_bylines_sql(alias):
    """SQL for a story's bylines as its card reads them, one JSON array of
    ``[role, author id, name, slug]`` in their order. Written once for each
    database.

    What ``_rows_sql()`` reads of a byline and its author is every column (an
    author's bio among them): built into JSON by the database, sent and decoded
    on every list page, for the four a card shows. On PostgreSQL, JSON rather
    than JSONB, which the database would build and then write out as text again;
    and each byline's author read by its key in a subquery of its own, where a
    join was planned as a hash of the story's bylines built again for each story
    of the page, the authors' table read through for each: two fifths of the
    query's time.
    """
    connection = connections[alias]
    quote = connection.ops.quote_name
    byline, author = Byline._meta, Author._meta
    article = quote(Article._meta.db_table)
    columns, order, tables = _card_byline_sql_parts(connection)
    where = (
        f"r.{quote(byline.get_field('article').column)} = "
        f"{article}.{quote(Article._meta.pk.column)}"
    )
    if connection.vendor == "postgresql":
        # Every byline has its author (a key that cannot be empty, an author
        # that cannot be deleted while bylined): the subquery finds one row.
        author_id = f"r.{quote(byline.get_field('author').column)}"
        row = (
            f"(SELECT JSON_BUILD_ARRAY({columns}) FROM {quote(author.db_table)} a "
            f"WHERE a.{quote(author.pk.column)} = {author_id})"
        )
        return (
            f"SELECT JSON_AGG({row} ORDER BY {order}) "
            f"FROM {quote(byline.db_table)} r WHERE {where}"
        )
    # SQLite aggregates the rows in the order its subquery gives them.
    return (
        f"SELECT JSON_GROUP_ARRAY(JSON(r.row)) FROM (SELECT JSON_ARRAY({columns}) "
        f"AS row FROM {tables} WHERE {where} ORDER BY {order}) r"
    )


def _card_byline_sql_parts(connection):
    """A card's byline rows in SQL, for ``_card_bylines_sql()`` and
    ``_stories_by_ids_sql()`` alike: the columns of each (role, author id, name,
    slug), their order, and the bylines joined to their authors (``r`` and ``a``)."""
    quote = connection.ops.quote_name
    byline, author = Byline._meta, Author._meta
    columns = ", ".join(
        [
            f"r.{quote(byline.get_field('role').column)}",
            f"r.{quote(byline.get_field('author').column)}",
            f"a.{quote(author.get_field('name').column)}",
            f"a.{quote(author.get_field('slug').column)}",
        ]
    )
    order = ", ".join(
        f"r.{quote(byline.get_field(name).column)}" for name in ("position", "id")
    )
    tables = (
        f"{quote(byline.db_table)} r INNER JOIN {quote(author.db_table)} a"
        f" ON a.{quote(author.pk.column)} = r.{quote(byline.get_field('author').column)}"
    )
    return columns, order, tables


@functools.cache
def _stories_by_ids_sql(alias):
    """On PostgreSQL, SQL for the rows of ``_stories_by_id_query()`` (the same
    columns, the same values), the ids given as the text of one array,
    ``%(ids)s`` (``_array_text()``). Written once for each database.

    The ORM's query reads each story's bylines in a subquery of its own, twenty
    walks of the bylines' index and twenty aggregates a page; here the page's
    bylines are read in one walk, their authors joined once and aggregated by
    story, then joined to the stories: a sixth less of the server's time on a
    list page. One array rather than a parameter for each id, so that one
    statement, prepared once, serves every count; and the server is given one
    value to read, not twenty (and then twenty again for the bylines). Tests
    compare its rows with the ORM's query's, but for the bylines: JSON text,
    as SQLite gives them, not decoded by the driver story by story.
    """
    connection = connections[alias]
    quote = connection.ops.quote_name
    story, byline = Article._meta, Byline._meta
    table = quote(story.db_table)
    columns = ", ".join(
        f"{table}.{quote(story.get_field(name).column)}" for name in CARD_FIELDS
    )
    key = f"{table}.{quote(story.pk.column)}"
    ids = f"%(ids)s::{story.pk.db_type(connection)}[]"
    article_id = f"r.{quote(byline.get_field('article').column)}"
    row, order, tables = _card_byline_sql_parts(connection)
    bylines = (
        f"SELECT {article_id} AS story, JSON_AGG(JSON_BUILD_ARRAY({row}) "
        f"ORDER BY {order}) AS rows "
        f"FROM {tables} "
        f"WHERE {article_id} = ANY({ids}) GROUP BY {article_id}"
    )
    return (
        f"SELECT {columns}, b.rows::text FROM {table} "
        f"LEFT OUTER JOIN ({bylines}) b ON b.story = {key} "
        f"WHERE {key} = ANY({ids})"
    )


def _array_text(numbers):
    """``numbers`` as the text of a PostgreSQL array, ``{1,2,3}``, for a parameter
    the SQL casts to an array: the driver adapts a list number by number, in
    Python, which cost a list page more than the server's reading of the text."""
    return "{" + ",".join(map(str, numbers)) + "}"


@functools.lru_cache(maxsize=128)
def _stories_by_id_sql(alias, count):
    """The SQL the ORM compiles for ``_stories_by_id_query()`` of ``count`` ids,
    compiled once for each database and count, to run with the ids as its
    parameters; its rows make ``CardStory`` objects.

    A page of twenty cards is one such query; building and compiling it through
    the ORM cost a list page a tenth of its time, on every request. The SQL is the
    ORM's own, so it cannot drift from the query it stands for; lists ask for at
    most a page of ids (a search page, the front page's few dozen), so the counts
    seen are few.
    """
    marks = list(range(-count, 0))
    sql, params = _stories_by_id_query(marks, alias).query.sql_with_params()
    if list(params) != marks:
        raise ValueError("The stories' query takes parameters other than their ids.")
    return sql


def moved_story(path, now=None):
    """The story readers may see that once answered at ``path`` (a decoded
    ``request.path_info``), with its section for its address now; else None."""
    if "\x00" in path:
        # No address was ever stored with a NUL, and PostgreSQL refuses to compare
        # text with one: such a path led nowhere.
        return None
    return (
        Article.objects.published(now)
        .filter(former_addresses__path=path)
        .select_related("section")
        .only("slug", "published_at", "created_at", "section__slug")
        .first()
    )


# ---- The desk ----


def story_counts():
    """``[(status, label, count, changelist url)]`` for every status, in workflow order."""
    rows = (
        Article.objects.outside_trash()
        .order_by()
        .values("status")
        .annotate(count=Count("pk"))
    )
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


# Stories the desk still has to get out: the scheduled ones have their time already.
NOT_YET_PUBLISHED = (
    Article.Status.DRAFT,
    Article.Status.SUBMITTED,
    Article.Status.APPROVED,
)
IN_FLIGHT = (*NOT_YET_PUBLISHED, Article.Status.SCHEDULED)


def desk_stories(*, now=None, section=None, writer=None, byline=None, assignee=None):
    """Every story in flight, for the desk: drafts, submitted, approved and scheduled
    stories, and published ones still under embargo, outside the trash.

    Each carries ``words`` (the sum of the counts its parts keep, so no part's text
    is read), ``submitted_at`` (its latest move to submitted), its section, the
    people on it and its bylines: one query and one for the bylines, however many.
    ``section`` includes its child sections; ``writer`` is the user who filed the
    story, ``byline`` an author on it, ``assignee`` its assigned editor.
    """
    now = now or timezone.now()
    words = (
        BodyPart.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(total=Sum("word_count"))
        .values("total")
    )
    # A subquery rather than a join, which would repeat the story once per move
    # under the words' subquery and the bylines' filter.
    submitted_at = (
        ArticleTransition.objects.filter(
            article=OuterRef("pk"), target=Article.Status.SUBMITTED
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    stories = Article.objects.outside_trash().filter(
        Q(status__in=IN_FLIGHT)
        | Q(status=Article.Status.PUBLISHED, embargo_until__gt=now)
    )
    stories = _on_the_desk(
        stories, section=section, writer=writer, byline=byline, assignee=assignee
    )
    return list(
        stories.select_related(
            "section", "section__parent", "assigned_editor", "created_by"
        )
        .prefetch_related(
            Prefetch(
                "bylines",
                queryset=Byline.objects.select_related("author").order_by(
                    "position", "pk"
                ),
            )
        )
        .annotate(
            words=Coalesce(Subquery(words, output_field=IntegerField()), 0),
            submitted_at=Subquery(submitted_at, output_field=DateTimeField()),
        )
        .order_by("created_at", "pk")
    )


def _on_the_desk(stories, *, section=None, writer=None, byline=None, assignee=None):
    """``stories`` filtered as the desk's filters say."""
    if section is not None:
        stories = stories.in_section(section)
    if writer is not None:
        stories = stories.filter(created_by=writer)
    if byline is not None:
        stories = stories.filter(
            pk__in=Byline.objects.filter(author=byline).values("article")
        )
    if assignee is not None:
        stories = stories.filter(assigned_editor=assignee)
    return stories


def calendar_stories(start, end, **filters):
    """Stories with a scheduled publication, an embargo or a deadline in
    ``[start, end)``, in one query: what the desk's calendar shows, filtered as
    ``desk_stories()`` is.

    A deadline counts while the story is not yet published; an embargo while the
    story is in flight or published, not once it is spiked or taken down.
    """
    return list(
        _on_the_desk(Article.objects.outside_trash(), **filters)
        .filter(
            Q(
                status=Article.Status.SCHEDULED,
                published_at__gte=start,
                published_at__lt=end,
            )
            | Q(
                status__in=(*IN_FLIGHT, Article.Status.PUBLISHED),
                embargo_until__gte=start,
                embargo_until__lt=end,
            )
            | Q(status__in=NOT_YET_PUBLISHED, deadline__gte=start, deadline__lt=end)
        )
        .select_related("section", "section__parent")
        .order_by("pk")
    )


# ---- Sources in doubt ----


def corrections_to_consider():
    """Published stories that cite a source marked retracted or disputed, with no
    correction since it was marked: ``[(story, [source, ...])]``, most recent
    mark first. A correction added to the story takes it off the list."""
    citations = (
        Citation.objects.filter(
            article__status=Article.Status.PUBLISHED,
            source__standing__in=[Source.Standing.RETRACTED, Source.Standing.DISPUTED],
        )
        .select_related("article", "source")
        .annotate(last_correction=Max("article__corrections__created_at"))
        .order_by("-source__standing_changed_on", "article__headline", "pk")
    )
    waiting = {}
    for citation in citations:
        marked = citation.source.standing_changed_on
        corrected = citation.last_correction
        if corrected and (marked is None or corrected.date() >= marked):
            continue
        story, sources = waiting.setdefault(citation.article_id, (citation.article, []))
        sources.append(citation.source)
    return list(waiting.values())
