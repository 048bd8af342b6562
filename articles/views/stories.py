"""The article page, and the previews that show an unpublished story the same way."""

import datetime
import html
import re
from difflib import SequenceMatcher

from taggit.models import Tag, TaggedItem

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import (
    DateTimeField,
    JSONField,
    Prefetch,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .. import preview
from ..caching import public_page
from ..models import Article, BodyPart, Byline, Citation, Correction
from .listings import site_sections


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


def _rows_sql(connection, model, order, joined=None):
    """SQL for a story's rows of ``model`` as one JSON array, in ``order``: each row
    its columns, then those of the row its foreign key ``joined`` points to.

    A story has a few of each (bylines, cited sources, corrections, often none):
    a query of their own cost each page a round trip to the database, and the ORM
    a millisecond to build and compile it.
    """
    quote = connection.ops.quote_name
    table, article = model._meta.db_table, Article._meta.db_table
    columns = [f"r.{quote(f.column)}" for f in model._meta.concrete_fields]
    tables = f"{quote(table)} r"
    if joined:
        field = model._meta.get_field(joined)
        other = field.related_model
        columns += [f"j.{quote(f.column)}" for f in other._meta.concrete_fields]
        tables += (
            f" INNER JOIN {quote(other._meta.db_table)} j"
            f" ON j.{quote(field.target_field.column)} = r.{quote(field.column)}"
        )
    columns = ", ".join(columns)
    order = ", ".join(f"r.{quote(column)}" for column in order)
    where = f'r.article_id = "{article}"."id"'
    if connection.vendor == "postgresql":
        return (
            f"SELECT JSONB_AGG(JSONB_BUILD_ARRAY({columns}) ORDER BY {order}) "
            f"FROM {tables} WHERE {where}"
        )
    # SQLite aggregates the rows in the order its subquery gives them.
    return (
        f"SELECT JSON_GROUP_ARRAY(JSON(r.row)) FROM (SELECT JSON_ARRAY({columns}) "
        f"AS row FROM {tables} WHERE {where} ORDER BY {order}) r"
    )


def _value(field, value):
    """A column's value read from JSON, as the database would have given it."""
    if value is None:
        return None
    if isinstance(field, DateTimeField):
        value = parse_datetime(value)
        return (
            timezone.make_aware(value, datetime.UTC)
            if timezone.is_naive(value)
            else value
        )
    return field.to_python(value)


def _instances(model, values, using):
    fields = model._meta.concrete_fields
    return model.from_db(
        using,
        [field.attname for field in fields],
        [_value(field, value) for field, value in zip(fields, values, strict=True)],
    )


def _rows_from(rows, model, using, joined=None):
    """``model`` instances from the JSON rows of ``_rows_sql()``, each with its
    ``joined`` row set."""
    found = []
    width = len(model._meta.concrete_fields)
    for row in rows or ():
        instance = _instances(model, row[:width], using)
        if joined:
            other = model._meta.get_field(joined).related_model
            setattr(instance, joined, _instances(other, row[width:], using))
        found.append(instance)
    return found


def _with_tag_rows(queryset):
    """``queryset`` with each story's tags as ``tag_rows`` (``[[id, name, slug], ...]``),
    and its bylines, cited sources and corrections as ``byline_rows``,
    ``citation_rows`` and ``correction_rows`` (``_rows_sql()``).

    They come inside the story's own row: a page that shows a story whole then
    needs four queries fewer than with ``prefetch_related()``.
    """
    content_type = ContentType.objects.get_for_model(Article)
    connection = connections[queryset.db]
    return queryset.annotate(
        tag_rows=RawSQL(
            _tag_rows_sql(connection), [content_type.pk], output_field=JSONField()
        ),
        **{
            f"{name}_rows": RawSQL(
                _rows_sql(connection, model, order, joined),
                [],
                output_field=JSONField(),
            )
            for name, (model, order, joined) in _IN_ROW.items()
        },
    )


# What comes inside the story's row besides its tags: name, (model, order, joined).
_IN_ROW = {
    "byline": (Byline, ["position", "id"], "author"),
    "citation": (Citation, ["position", "id"], "source"),
    "correction": (Correction, ["created_at", "id"], None),
}


def read_whole_story(article):
    """Give ``article`` (read with ``_with_tag_rows()``) all its page shows.

    One query, however long the story: its parts. Its section comes from
    ``site_sections()``; its bylines, cited sources, tags and corrections came
    with its row, and are kept as ``byline_list``, ``citation_list``, ``tag_list``
    and ``correction_list`` (read through ``listed_bylines()`` and the like).
    """
    site_sections().attach([article])
    prefetch_related_objects(
        [article],
        Prefetch(
            "parts",
            queryset=BodyPart.objects.select_related("callout_kind", "quote_source"),
        ),
    )
    using = article._state.db
    for name, (model, _order, joined) in _IN_ROW.items():
        rows = _rows_from(getattr(article, f"{name}_rows"), model, using, joined)
        setattr(article, f"{name}_list", rows)
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


@public_page
def article_detail(request, section, year, month, day, slug):
    """One published story, with every part, in two queries."""
    found = _with_tag_rows(Article.objects.published()).filter(
        section=site_sections().get(section), slug=slug
    )
    article = next(iter(found), None)
    if article is None:
        raise Http404("No published story at this address.")
    article = read_whole_story(article)
    published = timezone.localtime(article.published_at)
    if (published.year, published.month, published.day) != (year, month, day):
        return redirect(article, permanent=True)
    return render_article(request, article)


def render_article(request, article, *, preview_note=""):
    """The article page for ``article``; ``preview_note`` says why an unpublished one shows.

    The admin's preview and share links use this too, so a draft looks exactly as
    it will when published.
    """
    parts = article.parts.all()
    first_paragraph = next(
        (part for part in parts if part.kind == BodyPart.Kind.PARAGRAPH), None
    )
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "current_section": article.section.parent or article.section,
            "sections": article.body_sections(),
            "first_paragraph_id": first_paragraph.pk if first_paragraph else None,
            "repeated_pull_quote_ids": _pull_quotes_repeating_text(parts),
            "preview_note": preview_note,
        },
    )
    if preview_note:
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Cache-Control"] = "private, no-store"
    return response


def shared_preview(request, token):
    """One unpublished story, for whoever holds its unexpired signed link."""
    article_id = preview.article_id_from(token)
    if article_id is None:
        raise Http404("This preview link is not valid or has expired.")
    article = whole_story(article_id)
    expires = timezone.localtime(preview.expiry_of(token))
    return render_article(
        request,
        article,
        preview_note=f"Preview shared until {expires:%Y-%m-%d %H:%M %Z}",
    )


# A tag of sanitized rich text, whose attributes clean_html() writes in double quotes.
_TAG = re.compile(r'<(?:[^>"]|"[^"]*")*>')


def _words(text):
    return re.findall(r"\w+", text.casefold())


def _words_of(part):
    """The words of a part's sanitized text, read with a regular expression.

    ``part.plain_text`` runs the sanitizer over the text again; for words alone,
    dropping the tags of HTML that ``clean_html()`` wrote is enough.
    """
    return _words(html.unescape(_TAG.sub(" ", part.text)))


def _pull_quotes_repeating_text(parts, share=0.9):
    """The ids of pull quotes whose words the story's text already says.

    Such a pull quote is display type only, hidden from screen readers so that they
    do not read the words twice. "Already says" allows a spelling or two to differ
    ("honour" in the pull quote, "honor" in the paragraph): at least ``share`` of the
    pull quote's words must appear, in order, within a stretch of the text hardly
    longer than the quote itself.
    """
    pull_quotes = [part for part in parts if part.is_pull_quote]
    if not pull_quotes:
        return set()
    text = [
        word for part in parts if not part.is_pull_quote for word in _words_of(part)
    ]
    # Most pull quotes repeat a sentence word for word: a search of the text finds
    # them; the word-by-word comparison is for those that differ.
    joined = f" {' '.join(text)} "
    repeated = set()
    for quote in pull_quotes:
        words = _words_of(quote)
        if not words:
            continue
        if f" {' '.join(words)} " in joined or _appears_in(words, text, share):
            repeated.add(quote.pk)
    return repeated


def _appears_in(words, text, share):
    needed = max(1, round(len(words) * share))
    slack = len(words) - needed
    openings = set(words[: slack + 1])
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(words)
    for start, word in enumerate(text):
        if word not in openings:
            continue
        matcher.set_seq1(text[start : start + len(words) + slack])
        if sum(block.size for block in matcher.get_matching_blocks()) >= needed:
            return True
    return False
