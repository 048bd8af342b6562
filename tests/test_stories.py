"""articles.stories: a parsed story written into the database, whoever parsed it."""

import dataclasses
import datetime

import pytest

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles import revisions, stories
from articles.importing import CitedSource, Credit, Part, Story
from articles.models import Article, Author, BodyPart, Byline, Correction, Source
from articles.sanitize import html_to_text

from .factories import (
    ArticleFactory,
    AuthorFactory,
    CalloutKindFactory,
    SectionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

Kind = BodyPart.Kind
# What importing one story costs: the duplicate check, the article and its slug,
# its callout kinds, authors and sources (one query each), its parts, bylines,
# citations, corrections and tags, the search document and its first revision. The
# document and the revision are made from the rows written, not read back: only the
# tagged items, which taggit writes, are read for the revision. A draft has no
# page-cache keys, and the story saved whole says it is one: its lists are not read.
QUERIES_PER_IMPORT = 31
INSTITUTE = CitedSource(
    organisation="Institute for Harbour Studies",
    abbreviation="IHS",
    published_on=datetime.date(2025, 10, 1),
    precision="month",
    claim="Ferries carried a third more people.",
)


@pytest.fixture
def section():
    return SectionFactory(name="World", slug="world")


@pytest.fixture
def did_you_know():
    return CalloutKindFactory()


def harbour_story(headline="Ferries return to the harbour", **changes):
    """A story with one part of every kind, a byline, a cited source and a note."""
    fields = {
        "headline": headline,
        "dek": "The night crossings start again on Monday.",
        "dateline": "OSLO",
        "bylines": [Credit("Jane Doe", "written", "Harbour reporter")],
        "parts": [
            Part(
                "paragraph",
                "The ferries are back, the Institute for Harbour Studies says.",
            ),
            Part(
                "callout", "Ferries here date from 1850.", callout_kind="Did You Know?"
            ),
            Part("subhead", "What changes"),
            Part("list_item", "Later sailings", list_style="bulleted"),
            Part("list_item", "Cheaper fares", list_style="numbered"),
            Part(
                "quote",
                "We missed them.",
                speaker="Ola Nordmann",
                speaker_title="mayor",
            ),
            Part("pull_quote", "The sea is ours again.", speaker="Kari Nordmann"),
            Part("caption", "The first ferry leaves at dawn", credit="Lars Holm"),
            Part(
                "note", "An earlier version misnamed the ferry.", note_kind="correction"
            ),
        ],
        "sources": [INSTITUTE],
        "tags": ["ferries", "harbours"],
    }
    return Story(**{**fields, **changes})


def test_a_story_becomes_a_draft_with_each_part_in_order_and_of_its_kind(
    section, did_you_know
):
    written = stories.write_story(harbour_story(), section=section)

    article = Article.objects.get()
    assert written.article == article and written.created
    assert (article.headline, article.dateline, article.section) == (
        "Ferries return to the harbour",
        "OSLO",
        section,
    )
    assert article.status == Article.Status.DRAFT
    parts = list(article.parts.order_by("position"))
    assert [part.kind for part in parts] == [
        Kind.PARAGRAPH,
        Kind.CALLOUT,
        Kind.SUBHEAD,
        Kind.BULLETED_ITEM,
        Kind.NUMBERED_ITEM,
        Kind.QUOTE,
        Kind.QUOTE,
        Kind.IMAGE,
    ]
    paragraph, callout, subhead, _bullet, _numbered, quote, pull, image = parts
    assert html_to_text(paragraph.text).startswith("The ferries are back")
    assert paragraph.word_count == 10
    assert callout.callout_kind == did_you_know
    assert subhead.title == "What changes" and subhead.text == ""
    assert (quote.speaker, quote.speaker_title, quote.is_pull_quote) == (
        "Ola Nordmann",
        "mayor",
        False,
    )
    assert pull.is_pull_quote and pull.speaker == "Kari Nordmann"
    assert (image.caption, image.credit, image.text) == (
        "The first ferry leaves at dawn",
        "Lars Holm",
        "",
    )
    assert article.corrections.get().kind == Correction.Kind.CORRECTION
    assert sorted(article.tags.names()) == ["ferries", "harbours"]
    byline = article.bylines.select_related("author").get()
    assert (byline.author.name, byline.author.title, byline.role) == (
        "Jane Doe",
        "Harbour reporter",
        Byline.Role.WRITTEN,
    )


def test_a_part_keeps_only_the_fields_its_kind_uses(section, did_you_know):
    story = harbour_story(
        parts=[Part("subhead", "Tides", speaker="Nobody", credit="Nobody", title="X")]
    )

    part = stories.write_story(story, section=section).article.parts.get()

    assert (part.title, part.speaker, part.credit, part.text) == ("Tides", "", "", "")


def test_writing_a_story_again_over_its_article_updates_it_rather_than_duplicating(
    section, did_you_know
):
    first = stories.write_story(harbour_story(), section=section).article

    again = stories.write_story(
        harbour_story("Ferries are back in the harbour"),
        section=section,
        article=first,
    )

    article = Article.objects.get()
    assert again.article.pk == article.pk == first.pk and not again.created
    assert article.headline == "Ferries are back in the harbour"
    assert article.parts.count() == 8
    assert article.bylines.count() == article.citations.count() == 1
    assert article.corrections.count() == 1
    assert Author.objects.count() == Source.objects.count() == 1


def test_a_new_story_stores_its_document_without_deleting_one_first(
    section, did_you_know
):
    """A story created in the transaction has no document yet (SQLite never gives
    an id twice); one written over an article replaces its document."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite index")

    def documents():
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid, headline FROM articles_search_fts")
            return cursor.fetchall()

    with CaptureQueriesContext(connection) as queries:
        first = stories.write_story(harbour_story(), section=section).article
    deletes = [q for q in queries if q["sql"].startswith("DELETE FROM articles_search")]
    assert not deletes
    assert documents() == [(first.pk, first.headline)]

    stories.write_story(harbour_story("Ferries back"), section=section, article=first)

    assert documents() == [(first.pk, "Ferries back")]


def test_writing_over_an_article_drops_what_the_story_no_longer_has(
    section, did_you_know
):
    article = stories.write_story(harbour_story(), section=section).article

    stories.write_story(
        harbour_story(parts=[Part("paragraph", "Short now.")], sources=[], tags=[]),
        section=section,
        article=article,
    )

    assert [html_to_text(part.text) for part in article.parts.all()] == ["Short now."]
    assert not article.citations.exists() and not article.corrections.exists()
    assert not article.tags.exists()


def test_sources_and_authors_on_file_are_reused_across_stories(section, did_you_know):
    first = stories.write_story(harbour_story(), section=section)
    second = stories.write_story(harbour_story("Second"), section=section)

    assert first.sources[0][2] and not second.sources[0][2]
    assert first.sources[0][1] == second.sources[0][1] == Source.objects.get()
    assert Author.objects.count() == 1
    assert second.article.citations.get().claim == INSTITUTE.claim


def test_a_source_on_file_is_found_by_its_abbreviation_in_any_case(
    section, did_you_know
):
    on_file = SourceFactory(organisation="Harbour institute", abbreviation="ihs")

    written = stories.write_story(harbour_story(), section=section)

    assert written.sources == [(INSTITUTE, on_file, False)]
    assert Source.objects.count() == 1


def test_rows_the_caller_already_has_are_used_as_given(section, did_you_know):
    author = AuthorFactory(name="J. Doe", slug="jd")
    source = SourceFactory(organisation="Another name entirely")
    credit = Credit("Jane Doe", "written")
    quoted = Part("quote", "Aye.", speaker="Ola Nordmann", source=INSTITUTE)
    story = harbour_story(bylines=[credit], parts=[quoted])

    written = stories.write_story(
        story, section=section, authors={credit: author}, sources={INSTITUTE: source}
    )

    article = written.article
    assert article.bylines.get().author == author
    assert article.citations.get().source == source
    assert article.parts.get().quote_source == source
    assert written.sources == [(INSTITUTE, source, False)]
    assert Author.objects.count() == Source.objects.count() == 1


def test_a_new_story_without_tags_leaves_the_tags_alone(
    section, did_you_know, django_assert_max_num_queries
):
    with django_assert_max_num_queries(QUERIES_PER_IMPORT) as queries:
        written = stories.write_story(harbour_story(tags=[]), section=section)

    assert written.created is True
    assert not written.article.tags.exists()
    assert not [q for q in queries.captured_queries if "taggit_" in q["sql"]]


def test_the_search_document_is_written_once_for_the_whole_story(
    section, did_you_know, document_writes
):
    written = stories.write_story(harbour_story(), section=section)

    assert document_writes == [[written.article.pk]]
    document_writes.clear()

    stories.write_story(
        harbour_story("Again"), section=section, article=written.article
    )

    assert document_writes == [[written.article.pk]]


def test_a_story_that_cannot_be_written_leaves_nothing_behind(section, did_you_know):
    story = harbour_story(parts=[Part("callout", "Hm.", callout_kind="No such kind")])

    with pytest.raises(KeyError):
        stories.write_story(story, section=section)

    assert not Article.objects.exists()
    assert not Source.objects.exists() and not Author.objects.exists()


def test_stories_written_in_bulk_have_the_same_parts_as_one_written_alone(
    section, did_you_know
):
    source = SourceFactory(organisation=INSTITUTE.organisation)
    story = harbour_story(
        parts=[
            part
            for part in harbour_story().body
            if part.kind != "quote" or part.speaker != "Ola Nordmann"
        ]
        + [Part("quote", "Aye.", speaker="Ola Nordmann", source=INSTITUTE)]
    )
    alone = stories.write_story(
        story, section=section, sources={INSTITUTE: source}
    ).article

    (in_bulk,) = stories.write_new_stories(
        [stories.NewStory(Article(headline="In bulk", section=section), story.body)],
        callout_kinds={did_you_know.name: did_you_know},
        sources={INSTITUTE: source},
    )

    columns = [
        "kind",
        "title",
        "text",
        "callout_kind",
        "speaker",
        "speaker_title",
        "quote_source",
        "display",
        "caption",
        "credit",
        "word_count",
    ]
    assert list(in_bulk.parts.values_list(*columns)) == list(
        alone.parts.values_list(*columns)
    )
    assert in_bulk.parts.count() == 8


def _long_story(headline, size):
    """A story ``size`` times as long as ``harbour_story()``: as many parts of each
    kind, bylines and cited sources."""
    story = harbour_story(headline)
    story.parts = [
        dataclasses.replace(part, text=f"{part.text} ({copy})")
        for copy in range(size)
        for part in story.parts
    ]
    story.bylines = [
        Credit(f"Jane Doe {copy}", "written", "Harbour reporter")
        for copy in range(size)
    ]
    story.sources = [
        dataclasses.replace(INSTITUTE, organisation=f"Harbour Institute {copy}")
        for copy in range(size)
    ]
    return story


def test_an_import_costs_the_same_queries_however_long_the_story(
    section, did_you_know, django_assert_max_num_queries
):
    # Authors and sources already on file are found with one query each.
    for copy in range(4):
        AuthorFactory(name=f"Jane Doe {copy}")
        SourceFactory(organisation=f"Harbour Institute {copy}")
    stories.import_story(_long_story("Warm-up", 1), section=section)

    # PostgreSQL saves one query (the database gives new rows' ids back).
    with django_assert_max_num_queries(QUERIES_PER_IMPORT) as short:
        stories.import_story(_long_story("Short", 1), section=section, source="a.txt")
    with django_assert_max_num_queries(QUERIES_PER_IMPORT) as long:
        written, _replaced = stories.import_story(
            _long_story("Long", 4), section=section, source="b.txt"
        )
    assert len(long.captured_queries) == len(short.captured_queries)

    article = written.article
    assert article.parts.count() == 4 * 8
    assert article.bylines.count() == article.citations.count() == 4
    assert Author.objects.count() == Source.objects.count() == 4
    assert article.corrections.count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_run_keeps_the_authors_and_kinds_of_committed_stories_only():
    section = SectionFactory(name="World", slug="world")
    CalloutKindFactory()
    lookups = stories.Lookups()
    credit = Credit("Jane Doe", "written")
    boxed = Part(
        "callout",
        "Ferries date from 1850.",
        callout_kind="Fast facts",
        is_new_kind=True,
    )
    story = harbour_story(bylines=[credit], parts=[boxed], sources=[], tags=[])

    with pytest.raises(RuntimeError):
        with transaction.atomic():
            stories.import_story(story, section=section, lookups=lookups)
            raise RuntimeError("the story fails after it was written")

    assert lookups.authors([credit]) == {}
    assert "Fast facts" not in lookups.callout_kinds()

    written, _replaced = stories.import_story(story, section=section, lookups=lookups)

    author = written.article.bylines.get().author
    assert lookups.authors([credit]) == {credit: author}
    assert lookups.callout_kinds()["Fast facts"].pk == (
        written.article.parts.get().callout_kind_id
    )


@pytest.mark.parametrize(
    "headline",
    ["Ferries return to the harbour", "Les ferrys reviennent — « enfin » ; 港に船"],
)
def test_an_imports_first_revision_is_the_story_as_read_back_from_the_database(
    headline, section, did_you_know
):
    written, _replaced = stories.import_story(
        harbour_story(headline), section=section, source="harbour.txt"
    )
    article = written.article
    # The long way: the story and every row it follows read again.
    revisions.save_revision(Article.objects.get(pk=article.pk), by=None)

    def snapshot(version):
        return sorted(
            (row.content_type_id, row.object_id, row.object_repr, row.serialized_data)
            for row in version.revision.version_set.all()
        )

    read_back, imported = revisions.revisions_of(article)
    assert snapshot(imported) == snapshot(read_back)
    assert len(snapshot(imported)) == 1 + 8 + 1 + 1 + 2  # parts, byline, source, tags


def _stored_document(pk):
    from django.db import connection

    from articles.search.backends import DOCUMENT_TABLE, FTS_TABLE

    table, key = (
        (FTS_TABLE, "rowid")
        if connection.vendor == "sqlite"
        else (DOCUMENT_TABLE, "article_id")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT headline, dek, body FROM {table} WHERE {key} = %s", [pk]
        )
        return cursor.fetchall()


def test_an_imports_search_document_is_the_one_rebuilt_from_the_database(section):
    from articles.search import index

    first, _replaced = stories.import_story(
        harbour_story(), section=section, source="harbour.txt"
    )
    story = harbour_story(parts=[*harbour_story().parts[::-1]])
    again, replaced = stories.import_story(
        story, section=section, source="harbour.txt", update=True
    )
    assert replaced and again.article.pk == first.article.pk
    imported = _stored_document(again.article.pk)

    index.reindex([again.article.pk])

    assert len(imported) == 1 and "Ferries return" in imported[0][0]
    assert imported == _stored_document(again.article.pk)


@pytest.mark.parametrize("base", ["ferry_fares", "fares-50%-up", "back\\slash"])
def test_a_new_storys_slug_is_numbered_past_its_sections_whatever_it_holds(
    section, base
):
    for slug in [base, f"{base}-2", "ferry-fares", "ferryxfares"]:
        ArticleFactory(section=section, slug=slug)
    ArticleFactory(section=SectionFactory(slug="elsewhere"), slug=f"{base}-3")
    new, saved = Article(section=section), Article.objects.get(slug=f"{base}-2")

    assert new.free_slug(base) == f"{base}-3"
    assert new.free_slug("ferry-fares") == "ferry-fares-2"
    # A story keeps its own slug: it is not among the others.
    assert saved.free_slug(f"{base}-2") == f"{base}-2"
