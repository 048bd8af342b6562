"""``rows.insert()``: new rows stored exactly as ``bulk_create()`` stores them
(and the parts' own ``insert()``, as their ``bulk_create()``)."""

import datetime

import pytest
from reversion.models import Revision, Version

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils.functional import lazy

from articles import rows
from articles.models import Article, Autosave, BodyPart, Correction, ShareLink

from .factories import ArticleFactory, CalloutKindFactory, SourceFactory

pytestmark = pytest.mark.django_db

Kind = BodyPart.Kind
lazy_text = lazy(str, str)
NOON = datetime.datetime(2026, 3, 3, 12, 0, tzinfo=datetime.UTC)


def stored(model, pk):
    """The row as the database holds it, column by column, its id left out."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        names = [column[0] for column in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
    row.pop("id")
    return row


def parts(article, kind, source):
    """One part of each kind, with every sort of value a part holds: text and
    choices, keys, numbers, a file's name, nothing at all."""
    return [
        BodyPart(article=article, position=0, kind=Kind.PARAGRAPH, text="<p>Tide.</p>"),
        BodyPart(article=article, position=1, kind=Kind.SUBHEAD, title="Quay"),
        BodyPart(
            article=article, position=2, kind=Kind.CALLOUT, callout_kind=kind, text="x"
        ),
        BodyPart(
            article=article,
            position=3,
            kind=Kind.QUOTE,
            text="<p>Ferries run.</p>",
            speaker="Ana Ruiz",
            quote_source=source,
            display=BodyPart.Display.PULL,
        ),
        BodyPart(
            article=article,
            position=4,
            kind="image",
            image="photos/ferry.jpg",
            caption="At dawn",
            credit="Jon Berg",
            image_width=True,  # a truth value in a number field: made a number
        ),
    ]


def test_rows_are_stored_as_bulk_create_stores_them():
    article, kind, source = ArticleFactory(), CalloutKindFactory(), SourceFactory()
    made = Correction(
        article=article, kind="correction", text="Fixed.", created_at=NOON
    )
    again = Correction(
        article=article, kind="correction", text="Fixed.", created_at=NOON
    )
    ours = [
        *BodyPart.objects.insert(parts(article, kind, source)),
        *rows.insert([made]),
    ]
    django = [
        *BodyPart.objects.bulk_create(parts(article, kind, source)),
        *Correction.objects.bulk_create([again]),
    ]

    for mine, theirs in zip(ours, django, strict=True):
        assert mine.pk is not None and mine.pk != theirs.pk
        assert not mine._state.adding and mine._state.db == "default"
        assert stored(type(mine), mine.pk) == stored(type(theirs), theirs.pk)
    assert stored(Correction, made.pk)["created_at"] is not None


def test_a_revision_and_its_versions_are_stored_as_django_reversion_stores_them():
    article = ArticleFactory()
    kind = ContentType.objects.get_for_model(Article)

    def snapshot():
        revision = Revision(date_created=NOON, user=None, comment="Imported.")
        version = Version(
            content_type=kind,
            object_id=str(article.pk),
            db="default",
            format="json",
            serialized_data="[]",
            object_repr=article.headline,
        )
        return revision, version

    revision, version = snapshot()
    rows.insert([revision])
    version.revision = revision
    rows.insert([version])
    their_revision, their_version = snapshot()
    their_revision.save()
    their_version.revision = their_revision
    Version.objects.bulk_create([their_version])

    assert stored(Revision, revision.pk) == stored(Revision, their_revision.pk)
    mine, theirs = stored(Version, version.pk), stored(Version, their_version.pk)
    assert mine.pop("revision_id") == revision.pk
    assert theirs.pop("revision_id") == their_revision.pk
    assert mine == theirs


def test_many_rows_go_in_batches_the_database_takes_in_order():
    article = ArticleFactory()
    many = [
        BodyPart(article=article, position=n, kind=Kind.PARAGRAPH, text=f"<p>{n}</p>")
        for n in range(1500)
    ]

    rows.insert(many)

    assert len({part.pk for part in many}) == 1500
    on_file = dict(article.parts.values_list("pk", "position"))
    assert all(on_file[part.pk] == part.position for part in many)


def test_rows_with_ids_or_of_two_models_are_refused():
    article = ArticleFactory()
    part = BodyPart(article=article, kind=Kind.PARAGRAPH, text="<p>Tide.</p>")
    rows.insert([part])

    with pytest.raises(ValueError, match="without ids"):
        rows.insert([part])
    with pytest.raises(ValueError, match="one model"):
        rows.insert([BodyPart(article=article), Correction(article=article)])
    assert rows.insert([]) == []


def test_a_value_its_field_must_prepare_is_prepared_in_a_row_of_a_known_shape():
    """The types of a row's values say which its fields prepare, worked out once
    a shape: a lazy text where plain text was seen before is still made text."""
    article = ArticleFactory()
    plain = BodyPart(article=article, position=0, kind="subhead", title="Quay")
    lazy = BodyPart(
        article=article, position=1, kind="subhead", title=lazy_text("Pier")
    )

    rows.insert([plain, lazy])
    rows.insert([BodyPart(article=article, position=2, kind="subhead", title="Tide")])

    assert list(article.parts.values_list("title", flat=True)) == [
        "Quay",
        "Pier",
        "Tide",
    ]


def test_a_row_of_values_stored_as_they_are_asks_no_field(monkeypatch):
    article = ArticleFactory()
    asked = []
    prepare = rows._Column.prepare

    def counted(column, obj, connection):
        asked.append(column.attname)
        return prepare(column, obj, connection)

    monkeypatch.setattr(rows._Column, "prepare", counted)
    correction = Correction(article=article, kind="correction", text="Fixed.")
    rows.insert([correction])
    assert asked == ["created_at"]  # stamped by its field, whatever it holds

    asked.clear()
    rows.insert(
        [
            BodyPart(
                article=article,
                position=n,
                kind=Kind.SUBHEAD,  # a choice: text, as it is stored
                title="Quay",
                display=BodyPart.Display.INLINE,
                word_count=1,
            )
            for n in range(3)
        ]
    )
    assert asked == ["image"] * 3  # a file, which its field commits


def test_a_new_story_saved_through_insert_is_stored_and_announced_as_save_does():
    """``Article.save_new()``: the row ``save()`` stores (its edit number counted,
    its slug found, its update time stamped by its field) and the same signals."""
    from django.db.models.signals import post_save, pre_save

    from .factories import SectionFactory

    section = SectionFactory()
    heard = []

    def hear(signal):
        def receiver(sender, instance, **kwargs):
            kwargs.pop("signal")
            heard.append((signal, sender, instance.pk, kwargs))

        return receiver

    before, after = hear("pre_save"), hear("post_save")
    pre_save.connect(before, sender=Article)
    post_save.connect(after, sender=Article)
    try:
        ours = Article(headline="Ferry fares rise", section=section, created_at=NOON)
        ours.save_new()
        mine = list(heard)
        heard.clear()
        theirs = Article(headline="Ferry fares rise", section=section, created_at=NOON)
        theirs.save()
    finally:
        pre_save.disconnect(before, sender=Article)
        post_save.disconnect(after, sender=Article)

    assert ours.pk is not None and not ours._state.adding
    assert ours._state.db == "default"
    row, their_row = stored(Article, ours.pk), stored(Article, theirs.pk)
    assert row.pop("slug") == "ferry-fares-rise"
    assert their_row.pop("slug") == "ferry-fares-rise-2"
    assert row.pop("updated_at") is not None
    their_row.pop("updated_at")
    assert row == their_row
    assert row["lock_version"] == 1
    assert [(signal, sender, kwargs) for signal, sender, _pk, kwargs in mine] == [
        (signal, sender, kwargs) for signal, sender, _pk, kwargs in heard
    ]
    assert [pk for *_rest, pk, _kwargs in mine] == [None, ours.pk]


def test_a_new_row_with_parents_or_an_id_is_not_saved_through_insert():
    article = ArticleFactory()

    with pytest.raises(ValueError, match="without parents nor an id"):
        rows.save_new(article)


def columns(row):
    return {f.attname: getattr(row, f.attname) for f in type(row)._meta.concrete_fields}


def test_a_row_made_by_column_is_the_row_made_by_name():
    article, kind, source = ArticleFactory(), CalloutKindFactory(), SourceFactory()
    by_name = BodyPart(
        article=article,
        position=3,
        kind=Kind.QUOTE,
        text="<p>Ferries run.</p>",
        callout_kind=kind,
        quote_source=source,
        image="photos/ferry.jpg",
    )
    by_column = rows.new(
        BodyPart,
        {
            "article_id": article.pk,
            "position": 3,
            "kind": Kind.QUOTE,
            "text": "<p>Ferries run.</p>",
            "callout_kind_id": kind.pk,
            "quote_source_id": source.pk,
            "image": "photos/ferry.jpg",
        },
    )

    assert by_column._state.adding and by_column.pk is None
    # Those left out have their defaults: "inline", "", nothing, 0.
    assert columns(by_column) == columns(by_name)
    assert by_column.display == "inline" and by_column.word_count == 0
    BodyPart.objects.insert([by_column])
    BodyPart.objects.bulk_create([by_name])
    assert stored(BodyPart, by_column.pk) == stored(BodyPart, by_name.pk)


def test_a_row_made_by_column_gets_a_callable_default_of_its_own():
    article = ArticleFactory()
    one, other = (
        rows.new(ShareLink, {"article_id": article.pk, "expires_at": NOON})
        for _ in range(2)
    )
    assert len(one.token) > 20 and one.token != other.token
    first, second = (rows.new(Autosave, {"fields": []}) for _ in range(2))
    assert first.chosen_files == [] and first.chosen_files is not second.chosen_files
