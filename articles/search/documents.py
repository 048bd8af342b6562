"""The search document of a story on PostgreSQL: its words, weighted, in a tsvector.

One row per story, in a table of its own rather than a column on ``Article``: the
vector and its texts are as long as the story, and the story's own row stays narrow
for the lists that read it by the thousand; rebuilding a document never touches the
story (no ``updated_at``, no edit number, no revision); and SQLite's FTS5 index is the
same shape, one row per story keyed by its id. Visibility is not stored here: search
joins the story and asks ``published()`` at query time.

The table is created by migration 0009 with vendor SQL (a GIN index on ``vector``), so
the model is unmanaged; on SQLite it has no table and is never queried. No foreign key
constraint either: the documents are written by ``articles.search.index`` when stories
change, and a stray row of a story deleted behind Django's back matches no story.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    article = models.OneToOneField(
        "articles.Article",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_document",
    )
    # The texts as indexed (see ``text.indexable``), for ts_headline's snippets.
    headline = models.TextField()
    dek = models.TextField()
    body = models.TextField()
    # headline weighted A, dek B, body C; GIN-indexed.
    vector = SearchVectorField(null=True)

    class Meta:
        app_label = "articles"
        managed = False
        db_table = "articles_searchdocument"

    def __str__(self):
        return self.headline
