"""Search as readers meet it, on SQLite (FTS5) and on PostgreSQL (tsvector, GIN).

Every test runs on whichever database the suite runs on; CI runs the suite on both.
"""

import datetime
import importlib
import io
import re

import pytest

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import revisions, workflow
from articles.models import Article, BodyPart, Callout, Quote
from articles.sanitize import text_to_html
from articles.search import RANK_WINDOW, search

from .factories import (
    ArticleFactory,
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    CalloutKindFactory,
    PublishedArticleFactory,
    SectionFactory,
)
from .test_admin import change_url, form_data

pytestmark = pytest.mark.django_db

Kind = BodyPart.Kind
Status = Article.Status
SEARCH_URL = reverse("articles:search")
# What a results page shows of each story: its snippet, matches in <mark>.
SNIPPET = re.compile(
    r'<p class="story-card__dek search-results__snippet"[^>]*>(.*?)</p>', re.S
)


def story(headline="A story of the day", *, dek="", words=(), factory=None, **fields):
    """A published story (unless ``factory`` says otherwise) whose body is ``words``,
    one paragraph each."""
    article = (factory or PublishedArticleFactory)(headline=headline, dek=dek, **fields)
    for position, text in enumerate(words):
        BodyPartFactory(article=article, position=position, text=text_to_html(text))
    return article


def search_page(client, q, **params):
    # Rendered afresh, not served from the page cache: the helpers below read what
    # the view put in its template's context, which only a rendered page carries.
    caches["default"].clear()
    response = client.get(SEARCH_URL, {"q": q, **params})
    assert response.status_code == 200
    return response


def found(client, q):
    """The stories the search page lists for ``q``, in its order."""
    page = search_page(client, q).context_data["page"]
    return [] if page is None else list(page.object_list)


def snippets_of(client, q):
    """The snippets the search page shows for ``q``, in its order, as HTML."""
    return SNIPPET.findall(search_page(client, q).content.decode())


def snippet_of(client, q):
    return snippets_of(client, q)[0]


@pytest.fixture
def fillers(db):
    """Published stories that match nothing searched below, so that every searched
    word is rare, as words are in a real archive (BM25 gives a word found in every
    row no weight at all)."""
    return [
        story(f"Council meets on budget, item {n}", words=["Routine business."])
        for n in range(6)
    ]


# Ranking and snippets.


def test_a_headline_match_ranks_above_a_dek_match_above_a_body_match(client, fillers):
    in_body = story(
        "Harbour dredging starts",
        dek="Work on the channel begins this week.",
        words=["Divers counted a marmot colony near the quay.", "More filler text."],
    )
    in_dek = story(
        "Alpine meadows in bloom",
        dek="A marmot census finds more burrows.",
        words=["Botanists walked the slopes."],
    )
    in_headline = story(
        "The marmot returns to the valley",
        dek="Rangers are pleased.",
        words=["A short report."],
    )

    assert found(client, "marmot") == [in_headline, in_dek, in_body]


def test_the_snippet_marks_the_words_that_matched(client, fillers):
    story(
        "River levels",
        words=["Gauges along the river showed the flood crest passing at noon."],
    )

    snippet = snippet_of(client, "crest")

    assert "<mark>crest</mark>" in snippet
    assert "Gauges along the river" in snippet


def test_a_snippet_lets_only_mark_through_and_escapes_everything_else(client, fillers):
    story(
        "Markup in the copy",
        words=[
            'The gazetteer field took <script>alert("x")</script>, <b>bold</b> & '
            "<mark>fake</mark> marks."
        ],
    )

    response = search_page(client, "gazetteer")
    snippet = snippet_of(client, "gazetteer")

    assert "<mark>gazetteer</mark>" in snippet
    assert "&lt;script&gt;" in snippet and "&lt;b&gt;" in snippet
    assert "&lt;mark&gt;fake&lt;/mark&gt;" in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0
    assert b"<script>alert" not in response.content


def test_the_query_is_escaped_where_the_page_repeats_it(client, fillers):
    response = search_page(client, '<script>alert("q")</script>')

    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;alert" in response.content


def test_a_story_without_a_match_in_its_text_shows_its_dek(client, fillers):
    story(
        "Quokka spotted on the mainland",
        dek="Ecologists had thought the animals lived only on the islands.",
        words=["The sighting was confirmed by photographs."],
    )

    snippet = snippet_of(client, "quokka")

    assert "Ecologists had thought" in snippet


# What is searched.


@pytest.mark.parametrize(
    "part, query",
    [
        (
            {"kind": Kind.SUBHEAD, "title": "What the pangolin eats", "text": ""},
            "pangolin",
        ),
        (
            {"kind": Kind.BULLETED_ITEM, "text": "<p>Bring a theodolite.</p>"},
            "theodolite",
        ),
        ({"kind": Kind.NUMBERED_ITEM, "text": "<p>Then the sextant.</p>"}, "sextant"),
        (
            {"kind": Kind.CALLOUT, "title": "The zeppelin age", "text": "<p>x</p>"},
            "zeppelin",
        ),
        (
            {"kind": Kind.CALLOUT, "text": "<p>Airships carried hydrogen.</p>"},
            "hydrogen",
        ),
        ({"kind": Kind.QUOTE, "text": "<p>We built the aqueduct.</p>"}, "aqueduct"),
        (
            {"kind": Kind.QUOTE, "text": "<p>Yes.</p>", "speaker": "Ines Okonkwo"},
            "okonkwo",
        ),
        (
            {"kind": Kind.IMAGE, "text": "", "caption": "A kingfisher on a reed"},
            "kingfisher",
        ),
    ],
    ids=[
        "subhead",
        "bullet",
        "numbered",
        "callout title",
        "callout",
        "quote",
        "speaker",
        "caption",
    ],
)
def test_words_in_every_kind_of_part_are_found(client, fillers, part, query):
    article = story("A feature with many parts", words=["An opening paragraph."])
    if part["kind"] == Kind.CALLOUT:
        part = {**part, "callout_kind": CalloutKindFactory()}
    BodyPartFactory(article=article, position=5, **part)

    assert found(client, query) == [article]


def test_accents_are_folded_both_ways(client, fillers):
    accented = story(
        "Opening in the old mill", words=["A new café serves the village."]
    )
    plain = story("Corner shops", words=["A cafe on every corner, or so it seems."])

    for query in ("cafe", "café"):
        snippets = dict(
            zip(found(client, query), snippets_of(client, query), strict=True)
        )
        assert set(snippets) == {accented, plain}
        assert "<mark>café</mark>" in snippets[accented]
        assert "<mark>cafe</mark>" in snippets[plain]


def test_japanese_words_are_found_inside_unspaced_text(client, fillers):
    train = story(
        "山あいのローカル線、住民の手で再び走る",
        dek="沿線の住民が出資する会社が鉄道を引き継いだ。",
        words=["始発列車がホームに着くと、待っていた住民から拍手が起こった。"],
    )
    story("港の再開", words=["台風のあと、港は三日ぶりに船を迎えた。"])

    assert found(client, "住民") == [train]
    assert found(client, "ローカル線") == [train]
    assert found(client, "拍手") == [train]
    assert found(client, "新幹線") == []
    assert "<mark>住民</mark>" in snippet_of(client, "住民")
    assert "\u200b" not in snippet_of(client, "住民")


def test_words_phrases_or_and_minus_work_as_the_form_says(client, fillers):
    night_train = story("Night train to the coast", words=["Sleeper cars return."])
    day_train = story("Day train timetable", words=["More trains at noon."])
    night_bus = story("Night bus routes cut", words=["Fewer buses after ten."])

    assert set(found(client, "night train")) == {night_train}
    assert set(found(client, '"train to the coast"')) == {night_train}
    assert set(found(client, "timetable OR sleeper")) == {night_train, day_train}
    assert set(found(client, "night -train")) == {night_bus}


ODD_QUERIES = [
    '"unbalanced quote',
    'two "unbalanced "quotes',
    '""',
    "'",
    "it's",
    "café",
    "日本語",
    "検索　全角スペース",
    "مرحبا بالعالم",
    "😀 emoji",
    "NEAR(story day)",
    "story NEAR day",
    "story AND day",
    "story OR",
    "OR story",
    "OR",
    "AND",
    "NOT story",
    "-story",
    "-",
    "*",
    "story*",
    "^story",
    "headline:story",
    "story:day",
    "(story",
    "story)",
    '( ) * : ^ - " NEAR AND OR',
    "a & b | !c <-> d",
    "back\\slash",
    "%s %(name)s %%",
    "\x00 null \x01 control",
    "\u200b",
    "x" * 10_000,
    "story " * 2_000,
    "",
    "   ",
]


@pytest.mark.parametrize("q", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_odd_queries_get_an_answer_not_an_error(client, fillers, q):
    story("A story of the day", words=["The day's story, told in full."])

    response = search_page(client, q)

    assert b'id="search-q"' in response.content


def test_an_empty_query_shows_the_form_and_no_results(client, fillers):
    response = search_page(client, "")

    assert response.context_data["page"] is None
    assert b"Search" in response.content


# Only what readers may see.


def test_only_published_stories_whose_time_has_come_are_found(client, fillers):
    now = timezone.now()
    hour = timezone.timedelta(hours=1)
    live = story("Live: the walrus has landed")
    hidden = [
        story("Draft walrus", factory=ArticleFactory, status=Status.DRAFT),
        story("Submitted walrus", factory=ArticleFactory, status=Status.SUBMITTED),
        story("Approved walrus", factory=ArticleFactory, status=Status.APPROVED),
        story(
            "Scheduled walrus",
            factory=ArticleFactory,
            status=Status.SCHEDULED,
            published_at=now + hour,
        ),
        story("Walrus due later", published_at=now + hour),
        story("Embargoed walrus", embargo_until=now + hour),
        story("Spiked walrus", factory=ArticleFactory, status=Status.SPIKED),
        story(
            "Unpublished walrus",
            factory=ArticleFactory,
            status=Status.UNPUBLISHED,
            published_at=now - hour,
        ),
    ]

    response = search_page(client, "walrus")

    assert list(response.context_data["page"].object_list) == [live]
    assert response.context_data["page"].paginator.count == 1
    for article in hidden:
        assert article.headline.encode() not in response.content


def test_the_workflow_brings_a_story_into_search_and_takes_it_out(
    client, editor, fillers
):
    article = story(
        "The narwhal count",
        factory=ArticleFactory,
        status=Status.APPROVED,
        ready_for_the_desk=True,
    )
    assert found(client, "narwhal") == []

    workflow.publish(article, by=editor)
    assert found(client, "narwhal") == [article]

    workflow.unpublish(article, by=editor, note="Pulled for checks.")
    assert found(client, "narwhal") == []


# The index follows every change.


def test_editing_and_deleting_parts_and_stories_updates_the_index(client, fillers):
    article = story("Weekly science notes", words=["The axolotl regrows limbs."])
    part = article.parts.get()
    assert found(client, "axolotl") == [article]

    part.text = text_to_html("The salamander regrows limbs.")
    part.save()
    assert found(client, "axolotl") == []
    assert found(client, "salamander") == [article]

    Callout.objects.create(
        article=article,
        callout_kind=CalloutKindFactory(),
        text="<p>Ask a herpetologist.</p>",
    )
    Quote.objects.create(
        article=article, text="<p>Remarkable.</p>", speaker="Dr Vasquez"
    )
    assert found(client, "herpetologist") == found(client, "vasquez") == [article]

    part.delete()
    assert found(client, "salamander") == []

    article.headline = "Weekly biology notes"
    article.save()
    assert found(client, "biology") == [article]
    assert found(client, "science") == []

    article.delete()
    assert found(client, "biology") == []
    assert found(client, "herpetologist") == []


def test_writes_without_signals_keep_the_index_in_step(client, fillers):
    article = story("Bulk written story", words=["Placeholder words."])

    BodyPart.objects.bulk_create(
        [BodyPart(article=article, position=9, text="<p>A kookaburra laughed.</p>")]
    )
    assert found(client, "kookaburra") == [article]

    BodyPart.objects.filter(article=article).update(text="<p>An ibis waded.</p>")
    assert found(client, "kookaburra") == []
    assert found(client, "ibis") == [article]

    parts = list(article.parts.all())
    for part in parts:
        part.title = "Heron notes"
    BodyPart.objects.bulk_update(parts, ["title"])
    assert found(client, "heron") == [article]

    Article.objects.filter(pk=article.pk).update(dek="Spotted by a birdwatcher.")
    assert found(client, "birdwatcher") == [article]

    article.parts.all().delete()
    assert found(client, "ibis") == []

    [bulk] = Article.objects.bulk_create(
        [
            Article(
                headline="The gannet colony",
                slug="the-gannet-colony",
                section=article.section,
                status=Status.PUBLISHED,
                published_at=timezone.now(),
            )
        ]
    )
    assert found(client, "gannet") == [bulk]


def test_an_edit_in_the_admin_reaches_search(client, staff_client, editor, fillers):
    article = story(
        "Ferry timetable",
        words=["The ferry leaves at dawn."],
        factory=ArticleFactory,
        status=Status.APPROVED,
    )
    BylineFactory(article=article)
    data = form_data(staff_client.get(change_url(article)))
    data["parts-0-text"] = "<p>The hovercraft leaves at dawn.</p>"

    response = staff_client.post(change_url(article), data)
    workflow.publish(Article.objects.get(pk=article.pk), by=editor)

    assert response.status_code == 302
    assert found(client, "hovercraft") == [article]
    assert found(client, "ferry") == [article]  # still in the headline
    assert "<mark>" not in snippet_of(client, "ferry")


def test_restoring_a_revision_restores_its_words_in_search(client, editor, fillers):
    article = story("Lighthouse keepers", words=["The lamp burned whale oil."])
    revisions.save_revision(article, by=editor, comment="first")
    first = revisions.revisions_of(article).first()
    part = article.parts.get()
    part.text = text_to_html("The lamp burned paraffin.")
    part.save()
    revisions.save_revision(article, by=editor, comment="second")
    assert found(client, "whale") == []

    revisions.restore(first, by=editor)

    assert found(client, "whale") == [article]
    assert found(client, "paraffin") == []


def test_an_imported_and_published_story_is_found(client, editor, seed_story_path):
    SectionFactory(name="World", slug="world")
    call_command(
        "import_article", str(seed_story_path), section="world", stdout=io.StringIO()
    )
    article = Article.objects.latest("pk")
    # The seed story keeps the slips the copy desk catches: the editor goes ahead.
    reason = "Running as filed; the desk's notes go to the reporter."
    workflow.submit(article, by=editor)
    workflow.approve(article, by=editor, override=reason)
    workflow.publish(article, by=editor, override=reason)
    headline = seed_story_path.read_text(encoding="utf-8").strip().splitlines()[0]
    word = max(re.findall(r"[A-Za-z]+", headline), key=len)

    assert found(client, word)[0] == article


def test_the_demo_is_searchable_and_stays_so_when_loaded_again(client):
    call_command("load_demo", stdout=io.StringIO())
    japanese = Article.objects.published().get(headline__contains="住民")
    assert found(client, "住民") == [japanese]

    call_command("load_demo", stdout=io.StringIO())

    assert found(client, "住民") == [japanese]
    assert "<mark>住民</mark>" in snippet_of(client, "拍手 住民")


def _wipe_index():
    table = (
        "articles_searchdocument"
        if connection.vendor == "postgresql"
        else ("articles_search_fts")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")


def test_rebuild_search_index_writes_every_story_again(client, fillers):
    article = story("The okapi at the zoo", words=["Shy animals."])
    _wipe_index()
    assert found(client, "okapi") == []
    out = io.StringIO()

    call_command("rebuild_search_index", stdout=out)

    assert found(client, "okapi") == [article]
    assert f"Indexed {Article.objects.count()} stories" in out.getvalue()


# Fast pages.


def _matching_stories(count):
    section = SectionFactory(name="Nature", slug="nature")
    authors = [AuthorFactory(), AuthorFactory()]
    for n in range(count):
        article = story(
            f"Wombat report {n}",
            section=section,
            words=[f"Paragraph {i} about the wombat burrow." for i in range(6)],
        )
        for author in authors:
            BylineFactory(article=article, author=author)


@pytest.mark.parametrize("count", [3, 45])
def test_a_results_page_takes_a_handful_of_queries_whatever_it_finds(
    client, fillers, django_assert_max_num_queries, count
):
    _matching_stories(count)

    # The plan's count (once per query), the newest matches, the page ranked, its
    # stories with their bylines, and the sections (once per change).
    with django_assert_max_num_queries(5):
        response = search_page(client, "wombat burrow")

    assert response.context_data["page"].paginator.count == count
    assert response.content.count(b"<mark>") >= min(count, 10)


def test_results_come_ten_to_a_page(client, fillers):
    _matching_stories(25)

    pages = [search_page(client, "wombat", page=n) for n in (1, 2, 3)]

    shown = [[a.pk for a in page.context_data["page"].object_list] for page in pages]
    assert [len(ids) for ids in shown] == [10, 10, 5]
    assert len(set(shown[0] + shown[1] + shown[2])) == 25
    assert b'rel="next" href="?q=wombat&amp;page=2"' in pages[0].content
    assert re.search(rb'rel="prev" href="\?q=wombat(&amp;page=1)?"', pages[1].content)
    assert b"page 3 of 3" in pages[2].content
    assert (
        search_page(client, "wombat", page="nonsense").context_data["page"].number == 1
    )


def test_a_word_in_very_many_stories_is_ranked_among_the_newest_matches(
    client, fillers
):
    now = timezone.now()
    older = [
        story(
            f"Old puffin news {n}", published_at=now - timezone.timedelta(days=30 + n)
        )
        for n in range(3)
    ]
    newer = [
        story(
            f"New puffin news {n}", published_at=now - timezone.timedelta(hours=n + 1)
        )
        for n in range(4)
    ]

    results = search("puffin", window=4)

    assert results.count() == 4 and results.capped
    assert set(results[0:10]) == set(newer)
    assert search("puffin", window=10).count() == len(older) + len(newer)
    assert not search("puffin", window=10).capped


def test_the_page_says_when_it_shows_the_newest_matches_only(client, fillers):
    _matching_stories(RANK_WINDOW + 1)

    response = search_page(client, "wombat")

    assert response.context_data["page"].paginator.count == RANK_WINDOW
    assert f"More than {RANK_WINDOW} stories".encode() in response.content


def test_the_search_uses_the_full_text_index(client, fillers):
    rare = story("The ptarmigan in winter", words=["White feathers."])
    # An archive large enough for PostgreSQL's planner to prefer the index, written
    # in bulk and indexed as a benchmark's archive would be.
    Article.objects.bulk_create(
        Article(
            headline=f"Another day in the archive, number {n}",
            slug=f"archive-{n}",
            section=rare.section,
            status=Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for n in range(2000)
    )
    call_command("rebuild_search_index", stdout=io.StringIO())
    table = (
        "articles_searchdocument"
        if connection.vendor == "postgresql"
        else ("articles_search_fts")
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE articles_article")
        with CaptureQueriesContext(connection) as queries:
            assert found(client, "ptarmigan") == [rare]
        searches = [query["sql"] for query in queries if table in query["sql"]]
        # The newest matches, then the page of them ranked, with its snippets; on
        # SQLite, first how many stories the words match, to choose how to find the
        # newest of them.
        assert len(searches) == (3 if connection.vendor == "sqlite" else 2)
        if connection.vendor == "postgresql":
            assert sum("@@" in sql for sql in searches) == 1
        for sql in searches:
            assert " LIKE " not in sql.upper()
            if connection.vendor == "postgresql":
                cursor.execute(f"EXPLAIN {sql}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
                if "@@" in sql:  # finding the matches; the page ranks them by id
                    assert (
                        "Bitmap Index Scan on articles_searchdocument_vector" in plan
                    ), plan
                else:
                    assert "Seq Scan on articles_searchdocument" not in plan, plan
            else:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                plan = " ".join(str(row[-1]) for row in cursor.fetchall())
                assert "VIRTUAL TABLE INDEX" in plan


def test_the_site_header_has_a_search_form(client):
    response = client.get(reverse("articles:home"))

    assert b'role="search"' in response.content
    assert f'action="{SEARCH_URL}"'.encode() in response.content


# The migration.


def test_the_migration_indexes_the_stories_already_there(client):
    migration = importlib.import_module("articles.migrations.0009_search_index")
    state = MigrationLoader(connection).project_state(("articles", "0009_search_index"))
    article = story("The chinchilla census of last year", words=["Counted by hand."])
    # Undo and redo the migration's database work, inside this test's transaction
    # (DDL is transactional on both databases): the story is there before its index.
    schema_editor = connection.schema_editor(atomic=False)
    migration.drop_search_index(state.apps, schema_editor)
    migration.create_search_index(state.apps, schema_editor)

    assert found(client, "chinchilla") == [article]
    assert found(client, "hand") == [article]


@pytest.mark.parametrize("words", ["harbour", "quay"])
def test_sqlite_finds_the_same_newest_matches_whichever_way_it_walks(
    fillers, monkeypatch, words
):
    if connection.vendor != "sqlite":
        pytest.skip("the choice of plan is SQLite's; PostgreSQL's planner makes it")
    from articles.search.backends import SqliteIndex

    now = timezone.now()
    for n in range(12):
        # "harbour" in most stories, "quay" in two.
        text = f"The harbour at dawn, day {n}." + (" The quay." if n in (3, 9) else "")
        story(
            f"Morning {n}", words=[text], published_at=now - datetime.timedelta(hours=n)
        )

    answers = {}
    for walks in (True, False):
        monkeypatch.setattr(SqliteIndex, "_walks_newest", lambda *args, w=walks: w)
        results = search(words, window=5)
        answers[walks] = (results.count(), results.capped, list(results[0:10]))

    assert answers[True] == answers[False]
    count, capped, found = answers[True]
    assert (count, capped) == ((5, True) if words == "harbour" else (2, False))
    # The newest five of the twelve, when more match than are weighed.
    if words == "harbour":
        assert {story.headline for story in found} == {f"Morning {n}" for n in range(5)}


# Writing a whole story rebuilds its document once.


def found_in_index(word):
    """The stories whose document holds ``word``, published or not."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT article_id FROM articles_searchdocument"
                " WHERE vector @@ plainto_tsquery('articles_search', %s)",
                [word],
            )
        else:
            cursor.execute(
                "SELECT rowid FROM articles_search_fts WHERE articles_search_fts MATCH %s",
                [word],
            )
        return sorted(row[0] for row in cursor.fetchall())


def test_importing_a_story_writes_its_document_once(document_writes, seed_story_path):
    SectionFactory(name="World", slug="world")

    call_command("import_article", str(seed_story_path), stdout=io.StringIO())

    article = Article.objects.get()
    assert document_writes == [[article.pk]]
    assert found_in_index("alliance") == [article.pk]


def test_saving_a_story_in_the_admin_rebuilds_its_document_once_not_once_a_part(
    staff_client, document_writes
):
    from .test_admin import change_url, form_data

    article = story("Ferry timetable", words=[f"Sailing {n}." for n in range(8)])
    data = form_data(staff_client.get(change_url(article)))
    for row in range(8):
        data[f"parts-{row}-text"] = f"<p>Sailing {row} cancelled: a pelican strike.</p>"
    document_writes.clear()

    assert staff_client.post(change_url(article), data).status_code == 302

    # The story's own save, then every part at once.
    assert document_writes == [[article.pk], [article.pk]]
    assert found_in_index("pelican") == [article.pk]


def test_restoring_a_revision_rebuilds_the_document_once(editor, document_writes):
    article = story("Ferry timetable", words=[f"Sailing {n}." for n in range(8)])
    revisions.save_revision(article, by=editor, comment="Created.")
    article.parts.all().delete()
    (older,) = revisions.revisions_of(article)
    document_writes.clear()

    with transaction.atomic():
        revisions.restore(older, by=editor)

    assert document_writes == [[article.pk]]
    assert found_in_index("sailing") == [article.pk]
