"""Prepared queries give the rows their queryset gives, whatever the values."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, BodyPart
from articles.views.prepared import PreparedQuery

from .factories import (
    BodyPartFactory,
    CalloutKindFactory,
    PublishedArticleFactory,
    SectionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def parts_of(pk):
    return BodyPart.objects.filter(article_id=pk).select_related(
        "callout_kind", "quote_source"
    )


def test_a_prepared_query_gives_its_querysets_rows_for_each_value():
    section = SectionFactory()
    kind = CalloutKindFactory(slug="pro-tip", label="Pro Tip")
    source = SourceFactory(organisation="Harbour Authority")
    first = PublishedArticleFactory(section=section)
    second = PublishedArticleFactory(section=section)
    BodyPartFactory(article=first, position=2, text="<p>Second.</p>")
    BodyPartFactory(article=first, position=1, kind="callout", callout_kind=kind)
    BodyPartFactory(article=second, kind="quote", quote_source=source)
    prepared = PreparedQuery(parts_of)

    for story in (first, second, first):
        rows = prepared(story.pk)
        expected = list(parts_of(story.pk))
        assert [row.pk for row in rows] == [row.pk for row in expected]
        assert [row.text for row in rows] == [row.text for row in expected]
        assert [row.callout_kind for row in rows] == [r.callout_kind for r in expected]
        assert [row.quote_source for row in rows] == [r.quote_source for r in expected]
    assert prepared(second.pk)[0].quote_source.organisation == "Harbour Authority"
    assert prepared(first.pk + second.pk + 1) == []


def test_a_prepared_query_compares_times_and_strings_as_its_queryset_does():
    now = timezone.now()
    story = PublishedArticleFactory(
        slug="ferries-return", published_at=now - datetime.timedelta(hours=1)
    )
    prepared = PreparedQuery(
        lambda section_id, slug, moment: Article.objects.published(moment).filter(
            section_id=section_id, slug=slug
        ),
        int,
        str,
        datetime.datetime,
    )

    assert prepared(story.section_id, "ferries-return", now) == [story]
    earlier = now - datetime.timedelta(hours=2)
    assert prepared(story.section_id, "ferries-return", earlier) == []
    assert prepared(story.section_id, "other-story", now) == []
    assert prepared(story.section_id + 1, "ferries-return", now) == []


def test_postgresql_prepares_a_prepared_query_once_it_has_run_a_few_times():
    if connection.vendor != "postgresql":
        pytest.skip(
            "server-side prepared statements are PostgreSQL's; .ci/run runs this"
        )
    threshold = connection.connection.prepare_threshold
    assert threshold is not None, "the settings leave prepared statements on"
    story = PublishedArticleFactory()
    BodyPartFactory(article=story, text="<p>Once.</p>")
    prepared = PreparedQuery(parts_of)

    with CaptureQueriesContext(connection) as queries:
        for _ in range(threshold + 2):
            assert [part.text for part in prepared(story.pk)] == ["<p>Once.</p>"]

    # Each run is still a query Django sees and counts.
    assert len(queries) == threshold + 2
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    table = BodyPart._meta.db_table
    assert any(f'FROM "{table}"' in statement for statement in statements)


def test_a_prepared_query_runs_where_the_server_may_not_prepare(monkeypatch):
    story = PublishedArticleFactory()
    BodyPartFactory(article=story, text="<p>Pooled.</p>")
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        # As behind a pooler: DATABASE_PREPARED_STATEMENTS=off.
        monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    prepared = PreparedQuery(parts_of)

    for _ in range(8):
        assert [part.text for part in prepared(story.pk)] == ["<p>Pooled.</p>"]

    if connection.vendor == "postgresql":
        # Nothing was prepared on the server, for a pooler to lose.
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            assert cursor.fetchone()[0] == 0
