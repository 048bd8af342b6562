"""Revisions of a whole story: snapshots, comparison, restore, and edit conflicts."""

import pytest

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles import revisions, workflow
from articles.models import Article

from .factories import (
    ArticleFactory,
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    CalloutKindFactory,
    CitationFactory,
)

pytestmark = pytest.mark.django_db


def _story():
    article = ArticleFactory(headline="Harbour reopens after storm", dateline="KOBE")
    article.tags.add("ports", "weather")
    BodyPartFactory(article=article, position=0, text="<p>The harbour reopened.</p>")
    BodyPartFactory(
        article=article, position=1, kind="subhead", title="What comes next", text=""
    )
    BodyPartFactory(
        article=article,
        position=2,
        kind="callout",
        callout_kind=CalloutKindFactory(),
        text="<p>The port handles a fifth of exports.</p>",
    )
    BodyPartFactory(
        article=article,
        position=3,
        kind="quote",
        display="pull",
        speaker="Aiko Mori",
        text="<p>We are open.</p>",
    )
    BodyPartFactory(
        article=article,
        position=4,
        kind="quote",
        speaker="Aiko Mori",
        text="We are open.",
    )
    BylineFactory(article=article, author=AuthorFactory(name="Ken Sato"))
    CitationFactory(article=article, claim="A fifth of exports")
    return article


def _snapshot(article):
    article.refresh_from_db()
    return (
        article.headline,
        article.dateline,
        list(
            article.parts.values_list(
                "position", "kind", "title", "text", "speaker", "display"
            )
        ),
        list(article.bylines.values_list("author__name", "role")),
        list(article.citations.values_list("source__organisation", "claim")),
        sorted(article.tags.names()),
    )


def test_restoring_an_old_revision_gives_back_every_part_and_becomes_a_new_revision(
    editor,
):
    article = _story()
    revisions.save_revision(article, by=editor, comment="first")
    before = _snapshot(article)
    first = revisions.revisions_of(article).first()

    article.headline = "Harbour stays shut"
    article.save()
    article.parts.filter(kind="quote").delete()
    article.parts.filter(kind="paragraph").update(text="<p>Changed words.</p>")
    BodyPartFactory(article=article, position=9, text="<p>A new paragraph.</p>")
    article.bylines.all().delete()
    article.tags.set(["closures"])
    revisions.save_revision(article, by=editor, comment="second")

    restored = revisions.restore(first, by=editor)

    assert _snapshot(restored) == before
    history = list(revisions.revisions_of(article))
    assert len(history) == 3
    assert history[0].revision.comment.startswith("Restored the revision of")
    assert history[0].revision.user == editor


def test_a_revision_names_each_part_by_its_kind_and_first_words(editor):
    article = _story()

    revisions.save_revision(article, by=editor)

    names = {
        version.object_repr
        for version in revisions.revisions_of(article)
        .first()
        .revision.version_set.all()
    }
    assert {
        "Paragraph: The harbour reopened.",
        "Subhead: What comes next",
        "Callout: The port handles a fifth of exports.",
        "Quote: We are open.",
    } <= names


@pytest.mark.parametrize("just_saved", [False, True], ids=["read", "just saved"])
def test_a_snapshot_costs_the_same_queries_however_many_tags_the_story_has(
    editor, just_saved
):
    def snapshot_queries(article):
        with CaptureQueriesContext(connection) as queries:
            revisions.save_revision(article, by=editor, just_saved=just_saved)
        return len(queries.captured_queries)

    one, five = ArticleFactory(), ArticleFactory()
    one.tags.add("ports")
    five.tags.add("ports", "weather", "ferries", "trade", "storms")
    revisions.save_revision(one, by=editor)  # content types now cached

    assert snapshot_queries(five) == snapshot_queries(one)
    names = {
        version.object_repr
        for version in revisions.revisions_of(five).first().revision.version_set.all()
    }
    assert f"{five.headline} tagged with storms" in names


def test_a_just_saved_story_is_snapshot_without_reading_its_row_again(editor):
    article = ArticleFactory()
    article.tags.add("ports")
    revisions.save_revision(article, by=editor)  # content types now cached

    with CaptureQueriesContext(connection) as read:
        revisions.save_revision(article, by=editor)
    with CaptureQueriesContext(connection) as just_saved:
        revisions.save_revision(article, by=editor, just_saved=True)

    assert len(just_saved.captured_queries) == len(read.captured_queries) - 1
    first, second, _warm_up = revisions.revisions_of(article)
    assert [v.serialized_data for v in first.revision.version_set.order_by("pk")] == [
        v.serialized_data for v in second.revision.version_set.order_by("pk")
    ]


def test_restoring_keeps_the_status_and_publication_time_the_workflow_gave(editor):
    article = _story()
    revisions.save_revision(article, by=editor)
    old = revisions.revisions_of(article).first()
    workflow.submit(article, by=editor)
    workflow.approve(article, by=editor)
    workflow.publish(article, by=editor)
    published_at = article.published_at

    revisions.restore(old, by=editor)

    # As stored, not only as the returned object says.
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == published_at


def test_comparing_two_revisions_shows_the_words_that_changed(editor):
    article = _story()
    revisions.save_revision(article, by=editor)
    article.headline = "Harbour reopens after typhoon"
    article.save()
    article.parts.filter(kind="paragraph").update(
        text="<p>The harbour reopened on Monday.</p>"
    )
    revisions.save_revision(article, by=editor)
    newer, older = list(revisions.revisions_of(article))[:2]

    diff = revisions.compare(older, newer)

    changed = [(op, line) for op, line in diff if op != "equal"]
    assert changed == [
        ("delete", "Headline: Harbour reopens after storm"),
        ("insert", "Headline: Harbour reopens after typhoon"),
        ("delete", "[paragraph] The harbour reopened."),
        ("insert", "[paragraph] The harbour reopened on Monday."),
    ]
    assert ("equal", "[subhead] What comes next") in diff


def test_a_save_based_on_an_unseen_edit_is_refused_and_says_what_changed(editor):
    article = _story()
    revisions.save_revision(article, by=editor)
    seen_by_both = Article.objects.get(pk=article.pk).lock_version

    first = Article.objects.get(pk=article.pk)
    with transaction.atomic():
        revisions.check_not_stale(first.pk, seen_by_both)
        first.headline = "First editor's headline"
        first.save()
        revisions.save_revision(first, by=editor)

    with pytest.raises(revisions.EditConflict) as refused:
        with transaction.atomic():
            revisions.check_not_stale(article.pk, seen_by_both)

    assert ("insert", "Headline: First editor's headline") in refused.value.changes
    assert "Someone else saved" in str(refused.value)
    assert Article.objects.get(pk=article.pk).headline == "First editor's headline"


def test_a_status_change_does_not_count_as_an_edit_of_the_text(editor):
    article = _story()
    seen = Article.objects.get(pk=article.pk).lock_version

    workflow.submit(article, by=editor)

    with transaction.atomic():
        assert (
            revisions.check_not_stale(article.pk, seen).status
            == Article.Status.SUBMITTED
        )


def test_comparing_covers_every_field_and_row_and_shows_a_one_letter_fix_by_word(
    editor,
):
    from django.utils import timezone

    from .factories import SectionFactory, SourceFactory

    article = ArticleFactory(slug="harbour", section=SectionFactory(name="World"))
    paragraph = BodyPartFactory(
        article=article, kind="paragraph", text="<p>The harbour reopend on Monday.</p>"
    )
    byline = BylineFactory(article=article, author=AuthorFactory(name="Ana Lima"))
    citation = CitationFactory(
        article=article, source=SourceFactory(organisation="Port Authority")
    )
    revisions.save_revision(article, by=editor)
    article.slug = "harbour-reopens"
    article.section = SectionFactory(name="Business")
    article.embargo_until = timezone.make_aware(timezone.datetime(2030, 1, 2, 7, 30))
    article.budget_line = "Port back in business"
    article.assigned_editor = editor
    article.save()
    paragraph.text = "<p>The harbour reopened on Monday.</p>"
    paragraph.save()
    byline.role = "additional"
    byline.save()
    citation.claim = "Ships docked"
    citation.save()
    revisions.save_revision(article, by=editor)
    newer, older = list(revisions.revisions_of(article))[:2]

    rows = revisions.with_word_changes(revisions.compare(older, newer))

    changed = {
        (
            op,
            line
            if op != "change"
            else "".join(w if o == "equal" else f"[{o}:{w}]" for o, w in line),
        )
        for op, line in rows
        if op != "equal"
    }
    assert ("change", "Slug: harbour[insert:-reopens]") in changed
    assert ("change", "Section: [delete:World][insert:Business]") in changed
    assert ("insert", "Embargoed until: 2030-01-02 07:30") in changed
    assert ("insert", "Budget line: Port back in business") in changed
    assert ("insert", f"Assigned editor: {editor.get_username()}") in changed
    # A one-letter fix strikes one word, not the paragraph.
    assert (
        "change",
        "[paragraph] The harbour [delete:reopend][insert:reopened] on Monday.",
    ) in changed
    assert (
        "change",
        "Byline: Ana Lima ([delete:written][insert:additional reporting] by)",
    ) in changed
    assert (
        "change",
        "Cites: Port Authority: Annual report[insert: for “Ships docked”]",
    ) in changed


def test_a_choice_is_named_in_the_language_in_use_each_time():
    from django.db import models
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    from articles.models.choices import label_of

    class Answer(models.TextChoices):
        YES = "yes", gettext_lazy("Yes")

    with translation.override("fr"):
        assert label_of(Answer, "yes") == "Oui"
    with translation.override("en"):
        assert label_of(Answer, "yes") == "Yes"
    with translation.override("de"):
        assert label_of(Answer, "yes") == "Ja"
    assert label_of(Answer, "maybe") == "maybe"


def test_a_written_revision_serializes_each_row_as_djangos_serializer_does(editor):
    """``save_written_revision`` writes each row's JSON itself: the same text as
    Django's JSON serializer, whatever the values (times with and without
    fractions of a second, nothing, choices, files, numbers of other types,
    text beyond ASCII, JSON documents, dates) and whichever fields are asked for."""
    import datetime
    import decimal
    import enum
    import types

    from reversion.revisions import _get_options
    from taggit.models import TaggedItem

    from django.core import serializers

    from articles.models import Autosave, BodyPart, Source

    article = _story()
    article.headline = 'Les ferrys reviennent — « enfin » ; 港に船 "quoted"\n'
    article.published_at = datetime.datetime(2026, 3, 3, 5, 52, 7, 123456, datetime.UTC)
    article.embargo_until = datetime.datetime(2026, 3, 4, 6, 0, tzinfo=datetime.UTC)
    article.planned_words = decimal.Decimal("12.50")  # held, not yet saved
    article.status = Article.Status.PUBLISHED  # a choice, not its text
    part = BodyPart(article=article, kind=BodyPart.Kind.IMAGE, image="a/b.jpg")
    part.position = enum.IntEnum("Rank", "FIRST SECOND").SECOND  # a number, named
    part.pk = 7

    class Shouted(str):  # text that str() makes other text: Django writes that
        def __str__(self):
            return self.upper()

    shouted = BodyPart(article=article, kind=BodyPart.Kind.IMAGE, image="a/c.jpg")
    shouted.pk, shouted.position, shouted.caption = 8, 3, Shouted("at dawn")
    source = Source.objects.get()
    source.published_on = datetime.date(2025, 10, 1)
    autosave = Autosave(
        pk=3,
        user=editor,
        article=article,
        fields=[["headline", "Ferries — «enfin»"], ["count", 1.5]],
        lock_version=None,
    )
    json = types.SimpleNamespace(
        format="json", fields=None, use_natural_foreign_keys=False
    )
    rows_and_options = [
        ([article], _get_options(Article)),
        ([*article.parts.all(), part, shouted], _get_options(BodyPart)),
        (list(article.bylines.all()), _get_options(type(article.bylines.first()))),
        (list(article.citations.all()), _get_options(type(article.citations.first()))),
        (list(TaggedItem.objects.all()), _get_options(TaggedItem)),
        ([source], json),
        ([autosave], json),
        (
            [article],
            types.SimpleNamespace(**{**vars(json), "fields": ("headline", "section")}),
        ),
    ]
    for rows_of_model, options in rows_and_options:
        django = [
            serializers.serialize("json", (row,), fields=options.fields)
            for row in rows_of_model
        ]
        assert revisions._serialized(rows_of_model, options) == django
