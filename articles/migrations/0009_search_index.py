"""The full-text search index: a tsvector table on PostgreSQL, an FTS5 table on SQLite.

Each database gets its own kind of index (see ``articles/search/backends.py``), so the
tables are made here with vendor SQL and ``SearchDocument`` is an unmanaged model. The
SQL and the backfill are written out in this file rather than borrowed from the app,
so that this migration keeps doing what it did when the app's code moves on; only the
pure text shaping (``articles.search.text.document``) is shared.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import DatabaseError, migrations, models, transaction

BATCH_SIZE = 500


def _postgresql_schema(schema_editor):
    connection = schema_editor.connection
    # unaccent makes "cafe" find "café"; a server without it (or a user who may not
    # create extensions) still gets English search, accents and all.
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        unaccent = True
    except DatabaseError:
        unaccent = False
    schema_editor.execute(
        "CREATE TEXT SEARCH CONFIGURATION articles_search (COPY = english)"
    )
    if unaccent:
        schema_editor.execute(
            "ALTER TEXT SEARCH CONFIGURATION articles_search "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
        )
    schema_editor.execute(
        "CREATE TABLE articles_searchdocument ("
        " article_id bigint PRIMARY KEY,"
        " headline text NOT NULL,"
        " dek text NOT NULL,"
        " body text NOT NULL,"
        " vector tsvector)"
    )
    schema_editor.execute(
        "CREATE INDEX articles_searchdocument_vector "
        "ON articles_searchdocument USING gin (vector)"
    )


POSTGRESQL_INSERT = (
    "INSERT INTO articles_searchdocument (article_id, headline, dek, body, vector)"
    " VALUES (%(id)s, %(headline)s, %(dek)s, %(body)s,"
    "  setweight(to_tsvector('articles_search', %(headline)s), 'A')"
    "  || setweight(to_tsvector('articles_search', %(dek)s), 'B')"
    "  || setweight(to_tsvector('articles_search', %(body)s), 'C'))"
)


def _sqlite_schema(schema_editor):
    schema_editor.execute(
        "CREATE VIRTUAL TABLE articles_search_fts USING fts5("
        "headline, dek, body, tokenize = 'porter unicode61 remove_diacritics 2')"
    )


SQLITE_INSERT = (
    "INSERT INTO articles_search_fts (rowid, headline, dek, body)"
    " VALUES (%(id)s, %(headline)s, %(dek)s, %(body)s)"
)


def _documents(apps, using):
    """Every story's ``{"id", "headline", "dek", "body"}``, a batch at a time."""
    from articles.search.text import document

    article_model = apps.get_model("articles", "Article")
    part_model = apps.get_model("articles", "BodyPart")
    ids = list(
        article_model.objects.using(using).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        parts = {}
        for part in (
            part_model.objects.using(using)
            .filter(article_id__in=chunk)
            .order_by("article_id", "position", "pk")
        ):
            parts.setdefault(part.article_id, []).append(part)
        batch = []
        for story in article_model.objects.using(using).filter(pk__in=chunk).order_by():
            headline, dek, body = document(story, parts.get(story.pk, []))
            batch.append(
                {"id": story.pk, "headline": headline, "dek": dek, "body": body}
            )
        yield batch


def create_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _postgresql_schema(schema_editor)
        insert = POSTGRESQL_INSERT
    elif vendor == "sqlite":
        _sqlite_schema(schema_editor)
        insert = SQLITE_INSERT
    else:
        raise RuntimeError(f"Search needs PostgreSQL or SQLite, not {vendor}.")
    using = schema_editor.connection.alias
    with schema_editor.connection.cursor() as cursor:
        for batch in _documents(apps, using):
            cursor.executemany(insert, batch)


def drop_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TABLE IF EXISTS articles_searchdocument")
        schema_editor.execute(
            "DROP TEXT SEARCH CONFIGURATION IF EXISTS articles_search"
        )
        # unaccent stays: other things may use it, and it costs nothing unused.
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS articles_search_fts")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_image_sizes"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("headline", models.TextField()),
                ("dek", models.TextField()),
                ("body", models.TextField()),
                ("vector", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                "db_table": "articles_searchdocument",
                "managed": False,
            },
        ),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
