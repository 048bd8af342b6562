"""The two full-text indexes behind search, one per database.

PostgreSQL: a ``SearchDocument`` row per story, its ``vector`` weighted headline A, dek
B, body C under the ``articles_search`` text search configuration (English stemming,
accents folded by ``unaccent`` when the server has it), GIN-indexed; ranked with
``SearchRank``, snippets from ``SearchHeadline``.

SQLite: the FTS5 table ``articles_search_fts`` (porter stemming over ``unicode61`` with
diacritics removed), one row per story whose rowid is the story's id; ranked with
``bm25()`` weighted in the same ratio as PostgreSQL's A, B and C, snippets from
``snippet()``.

Both tables are created by migration 0009. Each index stores and removes documents,
finds the ids of the newest published stories matching a query (``newest()``), and
ranks those ids to return one page of them, best first (``page()``), each with
``search_snippet`` (``text.highlighted()``: its pieces, matches marked). Finding and ranking are two
queries so that the matches are found once, however the results are counted and
paged. Visibility is asked of ``Article.objects.published()`` when the reader
searches, never stored.

A search weighs at most ``window`` stories: the newest published ones that match.
A rare word matches fewer, and all of them are ranked; a word in every story of a
large archive would otherwise make the database rank the whole archive on every
search, so its cost would grow with the archive. Bounded, it stays flat: finding the
newest matches walks the ``(status, -published_at)`` index (or the full-text index,
for a rare word) and stops at ``window``, and only those are ranked.
"""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import BooleanField, F
from django.db.models.expressions import RawSQL

from ..models import Article
from ..selectors import stories_by_id
from .documents import SearchDocument
from .text import MARK_END, MARK_START, has_match, highlighted

CONFIG = "articles_search"
DOCUMENT_TABLE = SearchDocument._meta.db_table
GIN_INDEX = "articles_searchdocument_vector"
FTS_TABLE = "articles_search_fts"
# PostgreSQL's default weights for A, B and C are 1.0, 0.4 and 0.2.
BM25 = f"bm25({FTS_TABLE}, 1.0, 0.4, 0.2)"
SNIPPET_WORDS = 30
DEK_WORDS = 64  # the most FTS5's snippet() gives; a dek is shorter


def best_snippet(dek, body):
    """Where the match is, the body first; else the dek, which sums the story up."""
    if has_match(body) or not (dek or "").strip():
        return highlighted(body or "")
    return highlighted(dek)


class SqliteIndex:
    def __init__(self, using):
        self.using = using
        self._plans = {}

    def _cursor(self):
        return connections[self.using].cursor()

    def store(self, documents, *, new=False):
        """Write ``(article_id, headline, dek, body)`` rows, replacing older ones.

        ``new``: the stories were created in this transaction, so none has a
        document to replace (SQLite never gives an id twice: Django makes its
        keys ``AUTOINCREMENT``), and nothing is deleted first.
        """
        with self._cursor() as cursor:
            if not new:
                cursor.executemany(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",
                    [(document[0],) for document in documents],
                )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, headline, dek, body) "
                "VALUES (%s, %s, %s, %s)",
                documents,
            )

    def remove(self, article_ids):
        with self._cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",
                [(pk,) for pk in article_ids],
            )

    def clear(self):
        with self._cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")

    def optimize(self):
        """Merge the index's segments into one, after writing many documents."""
        with self._cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")

    def _walks_newest(self, query, window):
        """Whether the newest matches are best found by walking the newest stories.

        SQLite cannot tell how many stories a full-text query matches, and plans as
        if few: it looks each match up and sorts them all by date, which for a word
        in most stories costs as much as the archive is large. Walking the stories
        newest first and keeping those that match stops after ``window`` of them,
        about ``window * stories / matches`` stories in: the cheaper of the two
        when ``matches`` squared exceeds ``window * stories``. FTS5 counts the
        matches from its index; the highest story id stands for the archive's size.
        """
        key = query.fts5()
        if key not in self._plans:
            with self._cursor() as cursor:
                cursor.execute(
                    f"SELECT (SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s),"
                    f" (SELECT MAX(id) FROM {Article._meta.db_table})",
                    [query.fts5()],
                )
                matches, stories = cursor.fetchone()
            self._plans[key] = matches * matches > window * (stories or 0)
        return self._plans[key]

    def _newest(self, query, window):
        """SQL for the ids of the ``window`` newest published stories matching."""
        matching = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        stories = Article.objects.using(self.using).published()
        if self._walks_newest(query, window):
            # "+" keeps SQLite from looking the matches up by id: it walks the
            # stories by publication time instead, testing each against them.
            table = Article._meta.db_table
            stories = stories.filter(
                RawSQL(
                    f'+"{table}"."id" IN ({matching})',
                    (query.fts5(),),
                    output_field=BooleanField(),
                )
            )
        else:
            stories = stories.filter(pk__in=RawSQL(matching, (query.fts5(),)))
        newest = stories.order_by("-published_at", "-pk").values("pk")[:window]
        return newest.query.get_compiler(self.using).as_sql()

    def newest(self, query, limit):
        """The ids of the ``limit`` newest published stories matching, newest first."""
        sql, params = self._newest(query, limit)
        with self._cursor() as cursor:
            cursor.execute(sql, params)
            return [pk for (pk,) in cursor.fetchall()]

    def page(self, query, ids, offset, limit):
        """Of the stories ``ids``, the ``limit`` best from ``offset``, with snippets."""
        if not ids:
            return []
        # The inner query ranks the stories and keeps one page; the outer one makes
        # snippets for that page only. "+rowid" keeps SQLite from looking each id up
        # in the full-text index one by one, which costs a pass over a common word's
        # whole posting list each time: one pass, filtered, is cheaper.
        match = query.fts5()
        marks = [MARK_START, MARK_END, "…"]
        listed = ", ".join(["%s"] * len(ids))
        with self._cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({FTS_TABLE}, 1, %s, %s, %s, {DEK_WORDS}), "
                f"snippet({FTS_TABLE}, 2, %s, %s, %s, {SNIPPET_WORDS}) "
                f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND +rowid IN ("
                f"  SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
                f"  AND +rowid IN ({listed})"
                f"  ORDER BY {BM25}, rowid DESC LIMIT %s OFFSET %s"
                f") ORDER BY {BM25}, rowid DESC",
                [*marks, *marks, match, match, *ids, limit, offset],
            )
            hits = cursor.fetchall()
        found = stories_by_id([pk for pk, _dek, _body in hits], using=self.using)
        stories = {story.pk: story for story in found}
        page = []
        for pk, dek, body in hits:
            if story := stories.get(pk):
                story.search_snippet = best_snippet(dek, body)
                page.append(story)
        return page


class PostgresIndex:
    def __init__(self, using):
        self.using = using

    def _cursor(self):
        return connections[self.using].cursor()

    def store(self, documents, *, new=False):
        """Write ``(article_id, headline, dek, body)`` rows, replacing older ones
        (``new`` changes nothing: an insert here replaces a row that is there)."""
        with self._cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {DOCUMENT_TABLE}"
                " (article_id, headline, dek, body, vector)"
                " VALUES (%(id)s, %(headline)s, %(dek)s, %(body)s,"
                f"  setweight(to_tsvector('{CONFIG}', %(headline)s), 'A')"
                f"  || setweight(to_tsvector('{CONFIG}', %(dek)s), 'B')"
                f"  || setweight(to_tsvector('{CONFIG}', %(body)s), 'C'))"
                " ON CONFLICT (article_id) DO UPDATE SET headline = EXCLUDED.headline,"
                " dek = EXCLUDED.dek, body = EXCLUDED.body, vector = EXCLUDED.vector",
                [
                    {"id": pk, "headline": headline, "dek": dek, "body": body}
                    for pk, headline, dek, body in documents
                ],
            )

    def remove(self, article_ids):
        with self._cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {DOCUMENT_TABLE} WHERE article_id = ANY(%s)",
                [list(article_ids)],
            )

    def clear(self):
        with self._cursor() as cursor:
            cursor.execute(f"DELETE FROM {DOCUMENT_TABLE}")

    def optimize(self):
        """Move the GIN index's pending entries into the index proper, and refresh the
        planner's statistics, after writing many documents. Until then every search
        reads the pending list in full, and the planner shuns the index.

        The stories' statistics too: search joins them, and after a bulk load (or
        on a server without autovacuum) the planner would take a table of 10,000
        stories for an empty one and test every story's vector one by one, ten
        times the cost of reading the GIN index or the newest stories first.
        """
        with self._cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [GIN_INDEX])
            cursor.execute(f"ANALYZE {DOCUMENT_TABLE}, {Article._meta.db_table}")

    @staticmethod
    def _tsquery(query):
        return SearchQuery(query.tsquery(), search_type="raw", config=CONFIG)

    def newest(self, query, limit):
        """The ids of the ``limit`` newest published stories matching, newest first."""
        newest = (
            Article.objects.using(self.using)
            .published()
            .filter(search_document__vector=self._tsquery(query))
            .order_by("-published_at", "-pk")
            .values_list("pk", flat=True)[:limit]
        )
        return list(newest)

    def page(self, query, ids, offset, limit):
        """Of the stories ``ids``, the ``limit`` best from ``offset``, with snippets."""
        if not ids:
            return []
        tsquery = self._tsquery(query)
        marks = {"config": CONFIG, "start_sel": MARK_START, "stop_sel": MARK_END}
        ranked = (
            Article.objects.using(self.using)
            .published()
            .filter(pk__in=ids)
            .annotate(
                rank=SearchRank(F("search_document__vector"), tsquery),
                # Computed for the rows of the page only: PostgreSQL leaves costly
                # output columns until after ORDER BY ... LIMIT.
                dek_snippet=SearchHeadline(
                    "search_document__dek", tsquery, highlight_all=True, **marks
                ),
                # One excerpt around the best cover of the query: ts_headline
                # parses the whole body of each story on the page, and asking it for
                # several fragments costs half as much again.
                body_snippet=SearchHeadline(
                    "search_document__body",
                    tsquery,
                    max_words=SNIPPET_WORDS,
                    min_words=SNIPPET_WORDS // 2,
                    # Each CJK character is a word of one letter; the default (3)
                    # would trim them from the excerpt's edges.
                    short_word=0,
                    **marks,
                ),
            )
            .order_by("-rank", "-published_at", "-pk")
            .values_list("pk", "dek_snippet", "body_snippet")
        )
        hits = list(ranked[offset : offset + limit])
        # The stories themselves as every list reads them: bylines inside their
        # rows, sections from the site's.
        found = stories_by_id([pk for pk, _dek, _body in hits], using=self.using)
        stories = {story.pk: story for story in found}
        page = []
        for pk, dek, body in hits:
            if story := stories.get(pk):
                story.search_snippet = best_snippet(dek, body)
                page.append(story)
        return page


def index_for(using):
    """The index of the database ``using``."""
    vendor = connections[using].vendor
    if vendor == "postgresql":
        return PostgresIndex(using)
    if vendor == "sqlite":
        return SqliteIndex(using)
    raise ImproperlyConfigured(f"Search needs PostgreSQL or SQLite, not {vendor}.")
