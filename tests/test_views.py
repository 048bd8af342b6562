"""The public pages as readers meet them: article, home, section and author pages."""

import datetime
import io
import json
import re
from html.parser import HTMLParser

import pytest
from PIL import Image

import django
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error

from articles import caching, images, selectors, workflow
from articles.jinja2 import page_url
from articles.models import Article, BodyPart, Byline, Source
from articles.views import errors
from articles.views.listings import stories_by_id

from .factories import (
    ArticleFactory,
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    CalloutKindFactory,
    CitationFactory,
    CorrectionFactory,
    PublishedArticleFactory,
    SectionFactory,
    SourceFactory,
    walk_to,
)

Kind = BodyPart.Kind
VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _Structure(HTMLParser):
    """What a page's markup is made of: ids, headings, and whether every tag closes."""

    def __init__(self):
        super().__init__()
        self.ids, self.headings, self.open, self.mismatches = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.mismatches.append((tag, list(self.open)))


def structure_of(html):
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return parser


def png_file(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "steelblue").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def html_of(response):
    return response.content.decode()


def positions(html, markers):
    return [html.index(marker) for marker in markers]


def add_part(article, kind, **fields):
    return BodyPartFactory(article=article, kind=kind, **fields)


@pytest.fixture
def asia(db):
    world = SectionFactory(name="World", slug="world")
    return SectionFactory(name="Asia-Pacific", slug="asia-pacific", parent=world)


@pytest.fixture
def full_story(asia):
    """A published story with every kind of part, bylines, sources, tags, correction."""
    article = PublishedArticleFactory(
        headline="Allies renew their pact in Tokyo",
        dek="Two leaders meet and promise a closer partnership.",
        section=asia,
        dateline="TOKYO",
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    for position, (name, role) in enumerate(
        [
            ("Hana Mori", "written"),
            ("Leo Park", "written"),
            ("Ines Duarte", "additional"),
        ]
    ):
        author = AuthorFactory(name=name, slug=name.lower().replace(" ", "-"))
        BylineFactory(article=article, author=author, role=role, position=position)
    did_you_know = CalloutKindFactory(
        slug="did-you-know", name="Did You Know?", label="Did You Know?"
    )
    pro_tip = CalloutKindFactory(slug="pro-tip", name="Pro Tip", label="Pro Tip")
    ministry = SourceFactory(
        organisation="Ministry of Foreign Affairs",
        abbreviation="MOFA",
        title="Joint statement",
        url="https://example.org/joint-statement",
        published_on=datetime.date(2025, 10, 28),
    )
    council = SourceFactory(
        organisation="Council on Open Relations",
        abbreviation="COR",
        title="Alliance economics",
        url="",
        published_on=datetime.date(2025, 9, 1),
        published_precision=Source.Precision.MONTH,
    )
    add_part(article, Kind.PARAGRAPH, text="<p>Opening words about the harbour.</p>")
    add_part(
        article,
        Kind.CALLOUT,
        callout_kind=did_you_know,
        text="<p>Treaty fact callout.</p>",
    )
    add_part(article, Kind.SUBHEAD, title="A long history")
    add_part(article, Kind.PARAGRAPH, text="<p>History paragraph one.</p>")
    add_part(
        article,
        Kind.QUOTE,
        text="<p>We stand together in every season.</p>",
        speaker="Aiko Tanaka",
        speaker_title="Foreign minister",
        quote_source=ministry,
    )
    for item in ("First listed point", "Second listed point", "Third listed point"):
        add_part(article, Kind.BULLETED_ITEM, text=f"<p>{item}</p>")
    add_part(article, Kind.SUBHEAD, title="What comes next")
    add_part(
        article,
        Kind.PARAGRAPH,
        text="<p>The envoy said the alliance is stronger than ever and will endure.</p>",
    )
    add_part(
        article,
        Kind.QUOTE,
        display=BodyPart.Display.PULL,
        text="<p>The alliance is stronger than ever and will endure.</p>",
        speaker="Sam Reed",
    )
    add_part(
        article,
        Kind.CALLOUT,
        callout_kind=pro_tip,
        title="Reading the treaty",
        text="<p>Pro tip callout words.</p>",
    )
    add_part(article, Kind.PARAGRAPH, text="<p>Closing paragraph of the story.</p>")
    CitationFactory(article=article, source=ministry, position=0)
    CitationFactory(article=article, source=council, position=1)
    article.tags.add("Alliances", "Japan")
    CorrectionFactory(
        article=article,
        text="An earlier version misnamed the harbour.",
        created_at=timezone.make_aware(datetime.datetime(2025, 11, 3, 9, 0)),
    )
    return article


# ---- Who may see a story ----


def _in_status(target):
    """An article brought to ``target`` as the newsroom does: through the workflow."""
    return walk_to(ArticleFactory(ready_for_the_desk=True), target)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", ["draft", "submitted", "approved", "scheduled", "spiked", "unpublished"]
)
def test_a_story_that_is_not_published_answers_404_to_the_public(client, status):
    article = _in_status(status)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 404
    assert article.headline not in html_of(response)


@pytest.mark.django_db
def test_a_published_story_whose_time_has_not_come_answers_404(client):
    article = PublishedArticleFactory(
        published_at=timezone.now() + datetime.timedelta(hours=2)
    )

    response = client.get(article.get_absolute_url())

    assert response.status_code == 404
    assert "Page not found" in html_of(response)


@pytest.mark.django_db
def test_a_story_published_through_the_workflow_is_shown(client):
    article = _in_status("approved")
    workflow.publish(article, by=None)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert article.headline in html_of(response)


@pytest.mark.django_db
def test_a_wrong_date_in_the_address_redirects_permanently_to_the_canonical_one(client):
    article = PublishedArticleFactory(
        published_at=timezone.now() - datetime.timedelta(days=3)
    )
    wrong_day = timezone.localtime(article.published_at) - datetime.timedelta(days=1)
    wrong_url = reverse(
        "articles:article_detail",
        kwargs={
            "section": article.section.slug,
            "year": wrong_day.year,
            "month": wrong_day.month,
            "day": wrong_day.day,
            "slug": article.slug,
        },
    )

    response = client.get(wrong_url)

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


# ---- The article page ----


def test_the_article_page_shows_headline_dek_dateline_and_bylines_with_links(
    client, full_story
):
    html = html_of(client.get(full_story.get_absolute_url()))

    assert (
        '<h1 class="article__headline" lang="en" dir="ltr">Allies renew their pact in Tokyo</h1>'
        in html
    )
    assert "Two leaders meet and promise a closer partnership." in html
    assert (
        '<p><span class="dateline">TOKYO\u00a0—</span> Opening words about the harbour.</p>'
        in html
    )
    byline = re.search(r'<p class="byline">(.*?)</p>', html).group(1)
    assert (
        re.sub(r"<[^>]+>", "", byline)
        == "By Hana Mori and Leo Park; additional reporting by Ines Duarte"
    )
    for slug in ("hana-mori", "leo-park", "ines-duarte"):
        assert (
            f'href="{reverse("articles:author_detail", kwargs={"slug": slug})}"'
            in byline
        )


def test_the_article_page_shows_every_part_in_reading_order(client, full_story):
    page = html_of(client.get(full_story.get_absolute_url()))
    html = page[page.index('<article class="article">') :]

    markers = [
        "Opening words about the harbour.",
        '<aside class="callout callout--did-you-know">',
        "Treaty fact callout.",
        '<h2 id="part-',
        "A long history</h2>",
        "History paragraph one.",
        '<blockquote cite="https://example.org/joint-statement">'
        "<p>We stand together in every season.</p></blockquote>",
        "Aiko Tanaka",
        "Foreign minister",
        '<ul class="body-list">',
        "First listed point",
        "Second listed point",
        "Third listed point",
        "</ul>",
        "What comes next</h2>",
        "The envoy said the alliance",
        '<aside class="pull-quote"',
        "Sam Reed",
        '<aside class="callout callout--pro-tip">',
        "Reading the treaty",
        "Pro tip callout words.",
        "Closing paragraph of the story.",
        "An earlier version misnamed the harbour.",
        '<h2 id="sources-heading">Sources</h2>',
        "Alliances",
    ]
    found = positions(html, markers)
    assert found == sorted(found)
    assert html.count('<section class="article-section"') == 2
    assert html.count("<li><p>") == 3


def test_callouts_show_their_kind_label_and_title(client, full_story):
    html = html_of(client.get(full_story.get_absolute_url()))

    assert '<p class="callout__label">Did You Know?</p>' in html
    assert '<p class="callout__label">Pro Tip</p>' in html
    assert '<p class="callout__title">Reading the treaty</p>' in html


def test_a_pull_quote_repeating_the_text_is_hidden_from_screen_readers(
    client, full_story
):
    html = html_of(client.get(full_story.get_absolute_url()))

    assert re.search(
        r'<aside class="pull-quote" aria-hidden="true">\s*<blockquote><p>'
        r"The alliance is stronger than ever and will endure.</p></blockquote>",
        html,
    )


def test_a_pull_quote_found_nowhere_else_is_read_and_attributed(client, full_story):
    BodyPartFactory(
        article=full_story,
        kind=Kind.QUOTE,
        display=BodyPart.Display.PULL,
        text="<p>Only the pull quote says this sentence.</p>",
        speaker="Noa Levi",
        speaker_title="Analyst",
    )

    html = html_of(client.get(full_story.get_absolute_url()))

    unique = re.search(r'<aside class="pull-quote">(.*?)</aside>', html, re.S).group(1)
    assert "Only the pull quote says this sentence." in unique
    assert (
        '<figcaption class="pull-quote__speaker">Noa Levi, Analyst</figcaption>'
        in unique
    )
    assert html.count('aria-hidden="true"') == 1


def test_a_pull_quote_whose_spelling_differs_slightly_still_counts_as_repeated(
    client, asia
):
    article = PublishedArticleFactory(section=asia)
    add_part(
        article,
        Kind.PARAGRAPH,
        text="<p>“It is a great honor to be with you today,” he said.</p>",
    )
    add_part(
        article,
        Kind.QUOTE,
        display=BodyPart.Display.PULL,
        text="<p>“It is a great honour to be with you today.”</p>",
    )

    html = html_of(client.get(article.get_absolute_url()))

    assert '<aside class="pull-quote" aria-hidden="true">' in html


def test_a_pull_quote_is_compared_again_once_the_text_it_repeated_changes(client, asia):
    article = PublishedArticleFactory(section=asia)
    paragraph = add_part(
        article, Kind.PARAGRAPH, text="<p>The harbour reopens on Monday.</p>"
    )
    add_part(
        article,
        Kind.QUOTE,
        display=BodyPart.Display.PULL,
        text="<p>The harbour reopens on Monday.</p>",
    )
    before = html_of(client.get(article.get_absolute_url()))
    paragraph.text = "<p>The harbour stays shut for the winter.</p>"
    paragraph.save()

    after = html_of(client.get(article.get_absolute_url()))

    assert '<aside class="pull-quote" aria-hidden="true">' in before
    assert '<aside class="pull-quote" aria-hidden="true">' not in after
    assert '<aside class="pull-quote"><figure>' in after


def test_the_sources_list_links_what_has_an_address(client, full_story):
    html = html_of(client.get(full_story.get_absolute_url()))

    sources = re.search(r'<section class="sources".*?</section>', html, re.S).group(0)
    items = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", sources, re.S)
    ]
    assert items == [
        "Ministry of Foreign Affairs (MOFA), Joint statement, 28 October 2025",
        "Council on Open Relations (COR), Alliance economics, September 2025",
    ]
    assert (
        '<a href="https://example.org/joint-statement"><cite>Joint statement</cite></a>'
        in sources
    )
    assert sources.count("<a ") == 1


def test_the_tags_link_to_their_pages(client, full_story):
    html = html_of(client.get(full_story.get_absolute_url()))

    tags = re.search(r'<ul class="tag-list">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r'<li><a href="([^"]+)" rel="tag">(.*?)</a></li>', tags) == [
        ("/tags/alliances/", "Alliances"),
        ("/tags/japan/", "Japan"),
    ]


def test_the_correction_is_dated_and_labelled(client, full_story):
    html = html_of(client.get(full_story.get_absolute_url()))

    assert (
        '<strong>Correction, <time datetime="2025-11-03">3 November 2025</time>:</strong> '
        "An earlier version misnamed the harbour."
    ) in html


def test_every_correction_shows_oldest_first_and_a_retraction_under_the_headline(
    client, asia
):
    story = PublishedArticleFactory(section=asia)
    now = timezone.now()
    CorrectionFactory(
        article=story, text="The later note.", created_at=now - datetime.timedelta(1)
    )
    CorrectionFactory(
        article=story, text="The earlier note.", created_at=now - datetime.timedelta(3)
    )
    CorrectionFactory(
        article=story,
        kind="retraction",
        text="The story was wrong & is withdrawn.",
        created_at=now - datetime.timedelta(2),
    )

    html = html_of(client.get(story.get_absolute_url()))

    footer = re.search(r'<section class="corrections".*?</section>', html, re.S)
    notes = re.findall(r'<p class="correction" id="correction-\d+">.*?</p>', footer[0])
    assert [note.split("</strong> ")[1][:-4] for note in notes] == [
        "The earlier note.",
        "The story was wrong &amp; is withdrawn.",
        "The later note.",
    ]
    retraction = re.search(r'<p class="retraction">.*?</p>', html, re.S).group(0)
    assert "The story was wrong &amp; is withdrawn." in retraction
    assert html.index(retraction) < html.index('<div class="article__body"')


def test_the_breadcrumb_links_the_section_and_its_parent(client, full_story):
    html = html_of(client.get(full_story.get_absolute_url()))

    breadcrumb = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', breadcrumb) == [
        ("/world/", "World"),
        ("/asia-pacific/", "Asia-Pacific"),
    ]


def test_the_article_page_has_times_and_shows_the_update_only_when_updated(
    client, full_story
):
    published = timezone.localtime(full_story.published_at)
    Article.objects.filter(pk=full_story.pk).update(updated_at=published)
    html = html_of(client.get(full_story.get_absolute_url()))
    assert f'<time datetime="{published.isoformat(timespec="seconds")}">' in html
    assert "Updated" not in html

    Article.objects.filter(pk=full_story.pk).update(updated_at=timezone.now())
    # A bulk update sends no signal: code that updates so must retire cached pages.
    caching.bump()
    html = html_of(client.get(full_story.get_absolute_url()))
    assert "Updated <time datetime=" in html


def test_the_lead_image_is_a_figure_with_alt_text_caption_and_credit(client, asia):
    article = PublishedArticleFactory(
        section=asia,
        lead_image=png_file(),
        lead_image_alt="Two leaders shake hands",
        lead_image_caption="The leaders met at the palace.",
        lead_image_credit="Photo: Kenji Sato",
    )

    html = html_of(client.get(article.get_absolute_url()))

    figure = re.search(r'<figure class="lead-image">(.*?)</figure>', html, re.S).group(
        1
    )
    # The renditions themselves are tested in test_images.py.
    assert figure.strip().startswith("<picture>")
    assert 'alt="Two leaders shake hands" fetchpriority="high">' in figure
    assert re.search(
        r"<figcaption>\s*The leaders met at the palace.\s*"
        r'<span class="credit">Photo: Kenji Sato</span>\s*</figcaption>',
        figure,
    )


def test_an_image_part_without_a_file_shows_nothing(client, asia):
    article = PublishedArticleFactory(section=asia)
    add_part(article, Kind.PARAGRAPH, text="<p>Before the picture.</p>")
    add_part(
        article,
        Kind.IMAGE,
        text="",
        caption="A caption for no picture",
        alt_text="Nothing",
    )
    add_part(article, Kind.PARAGRAPH, text="<p>After the picture.</p>")

    html = html_of(client.get(article.get_absolute_url()))

    assert "<img" not in html
    assert "A caption for no picture" not in html
    assert "After the picture." in html


def test_an_image_part_with_a_file_is_a_figure(client, asia):
    article = PublishedArticleFactory(section=asia)
    add_part(
        article,
        Kind.IMAGE,
        text="",
        image=png_file(),
        caption="The harbour",
        credit="Photo: Ana",
        alt_text="Ships at anchor",
    )

    html = html_of(client.get(article.get_absolute_url()))

    assert 'alt="Ships at anchor" loading="lazy" decoding="async">' in html
    assert (
        '<figcaption>The harbour <span class="credit">Photo: Ana</span></figcaption>'
        in html
    )


def test_the_article_page_is_well_formed_with_unique_ids_and_ordered_headings(
    client, full_story
):
    html = html_of(client.get(full_story.get_absolute_url()))

    page = structure_of(html)
    assert page.mismatches == []
    assert page.open == []
    assert len(page.ids) == len(set(page.ids))
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    assert all(
        later - earlier <= 1
        for earlier, later in zip(page.headings, page.headings[1:], strict=False)
    )
    assert '<html lang="en-us">' in html
    assert '<a class="skip-link" href="#main">' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html


def _story_with_parts(section, count):
    article = PublishedArticleFactory(section=section, dateline="PARIS")
    BylineFactory(article=article)
    BylineFactory(article=article, role=Byline.Role.ADDITIONAL)
    CitationFactory(article=article, source=SourceFactory(url="https://example.org/a"))
    article.tags.add("Economy")
    CorrectionFactory(article=article)
    kinds = (
        CalloutKindFactory(slug="did-you-know"),
        CalloutKindFactory(slug="pro-tip", name="Pro Tip", label="Pro Tip"),
    )
    source = SourceFactory(url="https://example.org/q")
    cycle = [
        {"kind": Kind.PARAGRAPH},
        {"kind": Kind.SUBHEAD, "title": "A subhead"},
        {"kind": Kind.CALLOUT, "callout_kind": kinds[0]},
        {"kind": Kind.QUOTE, "speaker": "Someone", "quote_source": source},
        {"kind": Kind.QUOTE, "display": BodyPart.Display.PULL, "speaker": "Someone"},
        {"kind": Kind.BULLETED_ITEM},
        {"kind": Kind.NUMBERED_ITEM},
        {"kind": Kind.CALLOUT, "callout_kind": kinds[1], "title": "Tip"},
    ]
    for number in range(count):
        add_part(article, **cycle[number % len(cycle)])
    return article


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_article_page_makes_one_query_for_40_parts_as_for_1(
    client, asia, django_assert_max_num_queries
):
    short = _story_with_parts(asia, 1)
    long = _story_with_parts(asia, 40)
    BylineFactory(article=long)
    CitationFactory(article=long)
    CorrectionFactory(article=long)
    long.tags.add("Harbours")
    # A first page reads what the site keeps until its content changes (sections).
    client.get(reverse("articles:home"))

    # The story with its parts, bylines, sources, tags and corrections.
    with django_assert_max_num_queries(1):
        short_count = _queries_for(client, short.get_absolute_url())
    with django_assert_max_num_queries(1):
        long_count = _queries_for(client, long.get_absolute_url())

    assert long_count == short_count
    assert long.parts.count() == 40


@pytest.mark.django_db
def test_postgresql_prepares_the_queries_a_connection_repeats(client, asia):
    if connection.vendor != "postgresql":
        pytest.skip(
            "server-side prepared statements are PostgreSQL's; .ci/run runs this"
        )
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    assert threshold is not None, "the settings leave prepared statements on"
    story = _story_with_parts(asia, 3)

    for _ in range(threshold + 2):
        parts = BodyPart.objects.filter(article=story).select_related("callout_kind")
        assert len(parts) == 3

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    table = BodyPart._meta.db_table
    assert any(f'FROM "{table}"' in statement for statement in statements)


def test_hostile_text_in_plain_fields_is_escaped(client, asia):
    hostile = "<script>alert('x')</script>"
    article = PublishedArticleFactory(
        section=asia,
        headline=f"Headline {hostile}",
        dek="Dek <img src=x onerror=alert(1)>",
        dateline=f"CITY {hostile}",
        lead_image=png_file(),
        lead_image_caption='Caption "><b onmouseover=alert(2)>',
        lead_image_credit=f"Credit {hostile}",
        lead_image_alt='Alt "><script>alert(3)</script>',
    )
    author = AuthorFactory(name=f"Author {hostile}")
    BylineFactory(article=article, author=author)
    add_part(article, Kind.PARAGRAPH, text="<p>First paragraph.</p>")
    add_part(article, Kind.SUBHEAD, title=f"Subhead {hostile}")
    add_part(
        article,
        Kind.CALLOUT,
        callout_kind=CalloutKindFactory(),
        title=f"Title {hostile}",
    )
    add_part(
        article,
        Kind.QUOTE,
        speaker=f"Speaker {hostile}",
        speaker_title=f"Role {hostile}",
    )
    CitationFactory(
        article=article, source=SourceFactory(organisation=f"Org {hostile}")
    )
    article.tags.add(f"Tag {hostile}")
    CorrectionFactory(article=article, text=f"Correction {hostile}")

    html = html_of(client.get(article.get_absolute_url()))

    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "<b onmouseover" not in html
    assert html.count("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") >= 10
    assert "Dek &lt;img src=x onerror=alert(1)&gt;" in html


# ---- Home, section and author pages ----


@pytest.mark.django_db
def test_home_lists_only_published_stories_newest_first(client):
    now = timezone.now()
    older = PublishedArticleFactory(
        headline="Older story", published_at=now - datetime.timedelta(days=2)
    )
    newer = PublishedArticleFactory(
        headline="Newer story", published_at=now - datetime.timedelta(hours=1)
    )
    ArticleFactory(headline="Draft story")
    PublishedArticleFactory(
        headline="Future story", published_at=now + datetime.timedelta(days=1)
    )
    BylineFactory(article=newer, author=AuthorFactory(name="Mira Holt"))

    html = html_of(client.get(reverse("articles:home")))

    assert "Draft story" not in html and "Future story" not in html
    assert html.index("Newer story") < html.index("Older story")
    assert f'<a href="{newer.get_absolute_url()}">Newer story</a>' in html
    assert (
        f'<a href="{older.section.get_absolute_url()}">{older.section.name}</a>' in html
    )
    assert "Mira Holt" in html
    published = timezone.localtime(newer.published_at).isoformat(timespec="seconds")
    assert f'<time datetime="{published}">' in html


def _stories(count):
    sections = [SectionFactory(), SectionFactory()]
    for number in range(count):
        article = PublishedArticleFactory(section=sections[number % 2])
        BylineFactory(article=article)
        BylineFactory(article=article, role=Byline.Role.ADDITIONAL)


@pytest.mark.django_db
def test_the_latest_stories_take_as_many_queries_for_30_stories_as_for_5(
    client, django_assert_max_num_queries
):
    _stories(5)
    few = _queries_for(client, reverse("articles:latest"))
    _stories(25)

    with django_assert_max_num_queries(few):
        response = client.get(reverse("articles:latest"))

    assert response.status_code == 200
    assert html_of(response).count('class="story-list__item"') == 20


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3, 20, 21, 70])
def test_lists_read_public_stories_and_their_bylines_by_id_in_one_query(
    count, django_assert_num_queries
):
    section = SectionFactory()
    author = AuthorFactory(name="Hana Mori")
    stories = [PublishedArticleFactory(section=section) for _ in range(count)]
    for story in stories[::2]:
        BylineFactory(article=story, author=author)
    draft = ArticleFactory(section=section)
    # Read once per change to a section, not once per list.
    selectors.site_sections()

    with django_assert_num_queries(1):
        found = stories_by_id([draft.pk, *(story.pk for story in reversed(stories))])
        names = {
            story.pk: [byline.author.name for byline in story.listed_bylines()]
            for story in found
        }
        addresses = {story.get_absolute_url() for story in found}

    assert sorted(names) == sorted(story.pk for story in stories)
    assert addresses == {story.get_absolute_url() for story in stories}
    for number, story in enumerate(stories):
        assert names[story.pk] == (["Hana Mori"] if number % 2 == 0 else [])


@pytest.mark.django_db
def test_lists_read_their_stories_with_the_columns_of_a_card_and_sql_compiled_once(
    django_assert_num_queries,
):
    section = SectionFactory()
    stories = [PublishedArticleFactory(section=section) for _ in range(3)]
    ids = [story.pk for story in stories]
    selectors.site_sections()
    stories_by_id(ids)
    # On PostgreSQL, one SQL for any number of ids.
    if connection.vendor == "postgresql":
        sql = selectors._stories_by_ids_sql
    else:
        sql = selectors._stories_by_id_sql
    compiled = sql.cache_info()

    with django_assert_num_queries(1):
        found = stories_by_id(reversed(ids))

    # The same number of ids asks for the SQL compiled before.
    assert sql.cache_info().hits == compiled.hits + 1
    assert sorted(story.pk for story in found) == sorted(ids)
    # Each card's columns are what the ORM reads: times aware, the image a file.
    for story in found:
        read = Article.objects.get(pk=story.pk)
        for name in selectors.CARD_FIELDS:
            assert getattr(story, name) == getattr(read, name), name
        assert story.published_at.utcoffset() is not None
        assert story.get_absolute_url() == read.get_absolute_url()


@pytest.mark.django_db
def test_on_postgresql_a_lists_rows_are_the_rows_of_the_orms_query():
    # On PostgreSQL, selectors._stories_by_ids_sql() stands in for the ORM's query
    # (selectors._stories_by_id_query()): the same rows, bylines in their order.
    if connection.vendor != "postgresql":
        pytest.skip("the array of ids is PostgreSQL's SQL; .ci/run runs this")
    section = SectionFactory()
    stories = [PublishedArticleFactory(section=section) for _ in range(4)]
    draft = ArticleFactory(section=section)
    ann, bo, cy, di = (AuthorFactory(name=name) for name in ("Ann", "Bo", "Cy", "Di"))
    # Bylines in an order that neither their ids nor their authors' give.
    BylineFactory(article=stories[0], author=ann, position=3)
    BylineFactory(article=stories[0], author=bo, position=1)
    BylineFactory(article=stories[0], author=cy, position=2)
    BylineFactory(article=stories[0], author=di, position=1, role=Byline.Role.PHOTOS)
    BylineFactory(article=stories[2], author=bo)
    ids = [*(story.pk for story in stories), draft.pk, 10**9]

    with connection.cursor() as cursor:
        cursor.execute(
            selectors._stories_by_ids_sql(connection.alias),
            {"ids": selectors._array_text(ids)},
        )
        # The bylines as JSON text, which the ORM's query has the driver decode.
        rows = sorted(
            ((*row[:-1], row[-1] and json.loads(row[-1])) for row in cursor),
            key=lambda row: row[0],
        )
    orm = sorted(
        selectors._stories_by_id_query(ids, connection.alias), key=lambda row: row[0]
    )

    assert rows == orm
    assert [row[0] for row in rows] == sorted(
        [*(story.pk for story in stories), draft.pk]
    )
    names = [[name for _role, _id, name, _slug in row[-1] or ()] for row in rows]
    assert names[:4] == [["Bo", "Di", "Cy", "Ann"], [], ["Bo"], []]
    # Any number of ids, one statement.
    assert len(stories_by_id(ids[:1])) == 1
    assert len(stories_by_id(ids)) == 4
    assert selectors._stories_by_ids_sql.cache_info().currsize == 1


def test_a_story_card_links_to_the_addresses_its_story_and_authors_answer_at(
    client, asia
):
    story = PublishedArticleFactory(
        section=asia, headline="東京湾に新しいフェリー", slug=""
    )
    hana = AuthorFactory(name="Hana Mori", slug="hana-mori")
    BylineFactory(article=story, author=hana)
    BylineFactory(
        article=story,
        author=AuthorFactory(name="Léa Dubois", slug="léa-dubois"),
        role=Byline.Role.ADDITIONAL,
    )

    html = html_of(client.get(asia.parent.get_absolute_url()))

    assert "%E6%9D%B1%E4%BA%AC" in story.get_absolute_url()
    assert f'<a href="{story.get_absolute_url()}">東京湾に新しいフェリー</a>' in html
    assert f'<a href="{asia.get_absolute_url()}">{asia.name}</a></p>' in html
    assert '<a href="/authors/hana-mori/" rel="author">Hana Mori</a>' in html
    assert '<a href="/authors/l%C3%A9a-dubois/" rel="author">Léa Dubois</a>' in html
    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get("/authors/l%C3%A9a-dubois/").status_code == 200


@pytest.mark.django_db
def test_a_story_card_credits_its_authors_as_the_article_page_does(client):
    section = SectionFactory(slug="world")
    story = PublishedArticleFactory(section=section)
    roles = [
        ("Ann Ash", Byline.Role.WRITTEN),
        ("Bo <Bell>", Byline.Role.REPORTED),
        ("Cy & Co", Byline.Role.WRITTEN),
        ("Di Dunn", Byline.Role.ADDITIONAL),
        ("Ed Eames", Byline.Role.PHOTOS),
        ("Fay Fox", Byline.Role.PHOTOS),
    ]
    for position, (name, role) in enumerate(roles):
        BylineFactory(
            article=story, author=AuthorFactory(name=name), role=role, position=position
        )

    card = html_of(client.get(section.get_absolute_url()))
    page = html_of(client.get(story.get_absolute_url()))

    credits = re.search(r'<p class="byline">(.*?)</p>', page, re.S)[1]
    assert credits.startswith("By ") and "Bo &lt;Bell&gt;" in credits
    assert f'<span class="byline">{credits}</span>' in card


@pytest.mark.django_db
def test_a_lists_authors_are_made_once_for_the_page_with_their_addresses():
    section = SectionFactory()
    hana = AuthorFactory(name="Hana Mori", slug="hana-mori")
    stories = [PublishedArticleFactory(section=section) for _ in range(2)]
    for story in stories:
        BylineFactory(article=story, author=hana)

    found = stories_by_id(story.pk for story in stories)

    first, second = (story.listed_bylines()[0].author for story in found)
    assert first is second
    assert first.url == first.get_absolute_url() == hana.get_absolute_url()
    assert [story.card_credits for story in found] == [[("By", [("", first)])]] * 2


@pytest.mark.django_db
def test_lists_are_paginated_with_rel_links(client):
    _stories(25)

    first = html_of(client.get(reverse("articles:latest")))
    second = html_of(client.get(reverse("articles:latest"), {"page": 2}))

    assert '<a rel="next" href="?page=2">' in first and 'rel="prev"' not in first
    # The first page has one address, without ?page=1.
    assert '<a rel="prev" href="/latest/">' in second and 'rel="next"' not in second
    assert second.count('class="story-list__item"') == 5


@pytest.mark.parametrize(
    "query, links",
    [
        ({}, ["/latest/", "?page=2", "?page=50"]),
        ({"page": "3"}, ["/latest/", "?page=2", "?page=50"]),
        (
            {"q": "a&b", "page": "2"},
            ["?q=a%26b", "?q=a%26b&page=2", "?q=a%26b&page=50"],
        ),
        (
            {"ref": ["x", "y"]},
            ["?ref=x&ref=y", "?ref=x&ref=y&page=2", "?ref=x&ref=y&page=50"],
        ),
    ],
)
def test_page_links_keep_the_addresses_other_parameters(rf, query, links):
    request = rf.get("/latest/", query)

    assert [page_url(request, number) for number in (1, 2, 50)] == links


def test_a_section_page_lists_its_stories_and_its_childrens(
    client, asia, django_assert_max_num_queries
):
    world = asia.parent
    world.description = "News from around the globe."
    world.save()
    PublishedArticleFactory(section=world, headline="Story filed under World")
    PublishedArticleFactory(section=asia, headline="Story filed under Asia")
    PublishedArticleFactory(section=SectionFactory(), headline="Story elsewhere")

    with django_assert_max_num_queries(7):
        response = client.get(world.get_absolute_url())

    html = html_of(response)
    assert response.status_code == 200
    assert '<h1 class="listing__title">World</h1>' in html
    assert "News from around the globe." in html
    assert '<a href="/asia-pacific/">Asia-Pacific</a>' in html
    assert "Story filed under World" in html and "Story filed under Asia" in html
    assert "Story elsewhere" not in html


@pytest.mark.django_db
def test_an_unknown_section_answers_404(client):
    assert client.get("/no-such-section/").status_code == 404


@pytest.mark.django_db
def test_an_author_page_shows_the_author_and_their_published_stories(
    client, django_assert_max_num_queries
):
    author = AuthorFactory(
        name="Hana Mori",
        title="Tokyo correspondent",
        bio="Covers diplomacy.",
        photo=png_file("hana.png"),
    )
    BylineFactory(
        article=PublishedArticleFactory(headline="Her published story"), author=author
    )
    BylineFactory(article=ArticleFactory(headline="Her draft"), author=author)
    PublishedArticleFactory(headline="Someone else's story")

    with django_assert_max_num_queries(6):
        response = client.get(author.get_absolute_url())

    html = html_of(response)
    assert response.status_code == 200
    assert '<h1 class="listing__title">Hana Mori</h1>' in html
    assert "Tokyo correspondent" in html and "Covers diplomacy." in html
    (fallback,) = images.renditions(author.photo.name, 40, 30)["png"]
    assert f'src="{fallback.url}"' in html
    assert "Her published story" in html
    assert "Her draft" not in html and "Someone else's story" not in html


@pytest.mark.django_db
def test_an_unknown_author_answers_404(client):
    assert (
        client.get(
            reverse("articles:author_detail", kwargs={"slug": "nobody"})
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_list_pages_are_well_formed(client):
    _stories(3)
    author = AuthorFactory()
    BylineFactory(article=PublishedArticleFactory(), author=author)
    section = SectionFactory()
    SectionFactory(parent=section)

    for url in (
        reverse("articles:home"),
        section.get_absolute_url(),
        author.get_absolute_url(),
    ):
        page = structure_of(html_of(client.get(url)))
        assert page.mismatches == [] and page.open == []
        assert page.headings[0] == 1
        assert all(
            later - earlier <= 1
            for earlier, later in zip(page.headings, page.headings[1:], strict=False)
        )


def _byline_text(html):
    byline = re.search(r'<p class="byline">(.*?)</p>', html, re.S).group(1)
    return re.sub(r"<[^>]+>", "", byline)


@pytest.mark.django_db
def test_three_writers_are_joined_with_commas_and_a_final_and(client):
    article = PublishedArticleFactory()
    for position, name in enumerate(["Ana Lima", "Ben Ode", "Cy Park"]):
        BylineFactory(
            article=article, author=AuthorFactory(name=name), position=position
        )

    html = html_of(client.get(article.get_absolute_url()))

    assert _byline_text(html) == "By Ana Lima, Ben Ode and Cy Park"


@pytest.mark.django_db
def test_a_story_credited_only_for_photos_opens_its_credits_with_a_capital(client):
    article = PublishedArticleFactory()
    BylineFactory(
        article=article,
        author=AuthorFactory(name="Kenji Sato"),
        role=Byline.Role.PHOTOS,
    )

    html = html_of(client.get(article.get_absolute_url()))

    assert _byline_text(html) == "Photos by Kenji Sato"


@pytest.mark.django_db
def test_an_unknown_address_shows_the_sites_own_404_page(client):
    response = client.get("/world/2025/1/1/no-such-story/")

    assert response.status_code == 404
    assert '<h1 class="listing__title">Page not found</h1>' in html_of(response)


def test_the_500_page_renders_without_touching_the_database(rf):
    # No database mark: a single query here would fail the test.
    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_the_503_page_renders_without_touching_the_database(rf):
    # No database mark, as above: the database may be what cannot be reached.
    response = errors.service_unavailable(rf.get("/"), retry_after=10)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"
    assert "This page cannot be shown just now." in response.content.decode()


def test_a_retracted_story_stays_at_its_address_under_the_notice(client, full_story):
    CorrectionFactory(
        article=full_story,
        kind="retraction",
        text="This story has been retracted: its main source was unreliable.",
        created_at=timezone.make_aware(datetime.datetime(2025, 11, 5, 9, 0)),
    )

    response = client.get(full_story.get_absolute_url())

    html = html_of(response)
    assert response.status_code == 200
    notice = (
        '<p class="retraction"><strong>Retracted, <time datetime="2025-11-05">'
        "5 November 2025</time>:</strong> This story has been retracted: its main "
        "source was unreliable.</p>"
    )
    assert notice in html
    assert html.index("</h1>") < html.index(notice) < html.index("Opening words")


@pytest.mark.django_db
def test_a_published_story_under_embargo_answers_404(client):
    article = PublishedArticleFactory(
        embargo_until=timezone.now() + datetime.timedelta(hours=1)
    )

    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_published_story_under_embargo_answers_200_once_the_embargo_lifts(
    client, monkeypatch
):
    now = timezone.now()
    article = PublishedArticleFactory(embargo_until=now + datetime.timedelta(hours=1))
    assert client.get(article.get_absolute_url()).status_code == 404

    later = now + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert client.get(article.get_absolute_url()).status_code == 200


# ---- The article page's own SQL ----


def _fields(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.fields}


def _as_the_orm_reads_it(section, slug):
    """The story as the ORM's query of ``published()`` reads it: the reference
    that the article page's hand-written SQL must agree with."""
    found = selectors._with_tag_rows(Article.objects.published()).filter(
        section=section, slug=slug
    )
    article = next(iter(found), None)
    return selectors.read_whole_story(article) if article is not None else None


def test_the_article_pages_sql_reads_a_story_as_the_orms_query_does(full_story):
    ours = selectors.published_story(full_story.section, full_story.slug)
    orm = _as_the_orm_reads_it(full_story.section, full_story.slug)

    assert _fields(ours) == _fields(orm)
    for rows in ("part_list", "byline_list", "citation_list", "correction_list"):
        assert len(getattr(ours, rows)) == len(getattr(orm, rows)) > 0, rows
        for mine, theirs in zip(getattr(ours, rows), getattr(orm, rows), strict=True):
            assert _fields(mine) == _fields(theirs), rows
    assert [_fields(tag) for tag in ours.tag_list] == [
        _fields(tag) for tag in orm.tag_list
    ]
    assert [_fields(b.author) for b in ours.byline_list] == [
        _fields(b.author) for b in orm.byline_list
    ]
    assert [_fields(c.source) for c in ours.citation_list] == [
        _fields(c.source) for c in orm.citation_list
    ]
    assert [p.callout_kind_id for p in ours.part_list if p.callout_kind] == [
        p.callout_kind.pk for p in orm.part_list if p.callout_kind
    ]


def test_the_article_pages_sql_reads_only_the_storys_own_tags(full_story):
    # The SQL finds the content type of a story itself: a tag another kind of row
    # carries under the same id is not the story's.
    from taggit.models import Tag, TaggedItem

    from django.contrib.contenttypes.models import ContentType

    own = sorted(tag.name for tag in full_story.tags.all())
    assert own
    TaggedItem.objects.create(
        tag=Tag.objects.create(name="Not the story's", slug="not-the-storys"),
        content_type=ContentType.objects.get_for_model(full_story.section),
        object_id=full_story.pk,
    )

    story = selectors.published_story(full_story.section, full_story.slug)
    assert sorted(tag.name for tag in story.tag_list) == own


def test_the_article_pages_sql_reads_a_storys_times_as_the_orm_does(full_story):
    # On PostgreSQL the times come as UTC's time of day, made aware again.
    moment = datetime.datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=datetime.UTC)
    Article.objects.filter(pk=full_story.pk).update(
        created_at=moment, deadline=moment + datetime.timedelta(days=1)
    )

    ours = selectors.published_story(full_story.section, full_story.slug)
    orm = _as_the_orm_reads_it(full_story.section, full_story.slug)

    assert ours.created_at == moment
    for field in Article._meta.concrete_fields:
        if field.get_internal_type() == "DateTimeField":
            mine, theirs = getattr(ours, field.attname), getattr(orm, field.attname)
            assert mine == theirs, field.name
            assert getattr(mine, "tzinfo", None) is getattr(theirs, "tzinfo", None)


def test_the_article_page_makes_a_storys_rows_once_until_they_change(full_story):
    first = selectors.published_story(full_story.section, full_story.slug)
    again = selectors.published_story(full_story.section, full_story.slug)
    assert again is not first
    assert again.part_list is first.part_list
    assert again.byline_list is first.byline_list

    # A callout kind's label is in the story's rows: renamed, it is read afresh.
    callout = next(part for part in first.part_list if part.callout_kind)
    kind = callout.callout_kind
    kind.label = "Worth knowing"
    kind.save()
    renamed = selectors.published_story(full_story.section, full_story.slug)
    assert renamed.part_list is not first.part_list
    assert [p.callout_kind.label for p in renamed.part_list if p.callout_kind][0] == (
        "Worth knowing"
    )

    BodyPart.objects.filter(pk=callout.pk).update(text="<p>Other words.</p>")
    edited = selectors.published_story(full_story.section, full_story.slug)
    assert "<p>Other words.</p>" in [part.text for part in edited.part_list]
    assert "<p>Other words.</p>" not in [part.text for part in renamed.part_list]


@pytest.mark.parametrize("change", ["draft", "due later", "under embargo"])
def test_the_article_pages_sql_finds_no_story_readers_may_not_see(asia, change):
    now = timezone.now()
    fields = {
        "draft": {"status": Article.Status.DRAFT},
        "due later": {"published_at": now + datetime.timedelta(hours=1)},
        "under embargo": {"embargo_until": now + datetime.timedelta(hours=1)},
    }[change]
    story = PublishedArticleFactory(section=asia, **fields)

    assert _as_the_orm_reads_it(asia, story.slug) is None
    assert selectors.published_story(asia, story.slug) is None
    assert selectors.published_story(asia, "no-such-story") is None


def test_the_article_pages_sql_was_measured_on_this_django():
    # selectors._story_in_section_sql() stands in for the ORM's query on the
    # article page because, measured on Django 5.2 with bench/pages.py, building
    # and compiling that query took a quarter of the page. A new Django may build
    # it faster, or read raw() rows differently: measure the page with the ORM's
    # query (_as_the_orm_reads_it above) again, keep the SQL only if it still
    # saves more than a fifth, and then name the new version here.
    assert django.VERSION[:2] == (5, 2), (
        f"Django {django.get_version()}: measure the article page's own SQL "
        "against the ORM's query again (see this test)."
    )


def test_a_story_read_without_its_rows_lists_them_from_the_database(full_story):
    # The admin, the copy desk and the feeds read a story alone; its listed_*()
    # then ask the database for what the article page reads with the row.
    plain = Article.objects.get(pk=full_story.pk)
    whole = selectors.published_story(full_story.section, full_story.slug)

    for listed in ("parts", "bylines", "citations", "tags", "corrections"):
        rows = getattr(plain, f"listed_{listed}")()
        assert [row.pk for row in rows] == [
            row.pk for row in getattr(whole, f"listed_{listed}")()
        ], listed
        assert rows, listed


# ---- What every page shares ----


def test_every_page_names_its_static_files_once_until_a_setting_changes(
    client, full_story, settings, monkeypatch
):
    from articles import jinja2

    asked = []

    def counted(path):
        asked.append(path)
        return f"/static/{path}"

    jinja2.static.cache_clear()
    monkeypatch.setattr(jinja2, "static_url", counted)
    for url in (full_story.get_absolute_url(), reverse("articles:home")):
        assert client.get(url).status_code == 200
    assert sorted(asked) == ["css/site.css", "favicon.svg"]

    monkeypatch.undo()
    settings.STATIC_URL = "/assets/"
    # A page not kept yet: the page cache keeps those rendered before.
    page = client.get(reverse("articles:latest")).content.decode()
    assert 'href="/assets/css/site.css"' in page


def test_every_page_reads_the_sites_addresses_as_plain_attributes(rf):
    from articles.context_processors import site

    urls = site(rf.get("/"))["site_urls"]
    assert urls.home == reverse("articles:home")
    assert vars(urls)["search"] == reverse("articles:search")
    with pytest.raises(AttributeError):
        urls.nowhere  # noqa: B018


def test_a_cards_time_names_the_month_in_the_language_of_the_page():
    from django.utils import translation

    from articles.jinja2 import day_and_time

    moment = datetime.datetime(2024, 5, 3, 14, 5, 59)
    with translation.override("en"):
        assert day_and_time(moment) == "3 May 2024, 14:05"
    with translation.override("fr"):
        assert day_and_time(moment) == "3 mai 2024, 14:05"
    with translation.override("en"):
        assert day_and_time(moment) == "3 May 2024, 14:05"


@pytest.mark.parametrize(
    "zone", ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]
)
def test_an_articles_time_reads_as_the_date_filter_writes_it(zone):
    """``|day_time_and_zone`` is ``|date("j F Y, H:i T")`` written out: the same
    text in any zone and language, an hour the clocks show twice included."""
    import zoneinfo

    from django.utils import translation

    from articles.jinja2 import day_time_and_zone, local_date

    utc = datetime.UTC
    moments = [
        datetime.datetime(2024, 5, 3, 14, 5, 59, tzinfo=utc),
        datetime.datetime(2024, 1, 9, 23, 30, tzinfo=utc),
        # 01:30 on the night New York's and Berlin's clocks go back: shown twice.
        datetime.datetime(2024, 11, 3, 5, 30, tzinfo=utc),
        datetime.datetime(2024, 10, 27, 0, 30, tzinfo=utc),
        datetime.datetime(2024, 5, 3, 14, 5),  # naive: the filter's own way
        None,
    ]
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        for language in ("en", "fr"):
            with translation.override(language):
                for moment in moments:
                    expected = local_date(moment, "j F Y, H:i T")
                    assert day_time_and_zone(moment) == expected, (moment, language)


def test_a_sources_date_reads_as_the_date_format_writes_it_in_each_language():
    """``Source.published_display`` keeps what it wrote by date, precision and
    language: the page in French names the month in French, and English again after."""
    from django.utils import translation
    from django.utils.formats import date_format

    day = datetime.date(2025, 9, 3)
    shown = {
        Source.Precision.YEAR: lambda: "2025",
        Source.Precision.MONTH: lambda: date_format(day, "F Y"),
        Source.Precision.DAY: lambda: date_format(day, "j F Y"),
    }
    for language in ("en", "fr", "en"):
        with translation.override(language):
            for precision, expected in shown.items():
                source = Source(published_on=day, published_precision=precision)
                assert source.published_display == expected(), (language, precision)
    with translation.override("fr"):
        assert Source(published_on=day).published_display.endswith("septembre 2025")
    assert Source(published_on=None).published_display == ""


def test_the_article_page_writes_each_section_as_the_body_macros_do(client, full_story):
    """The article page writes a story's blocks in its own loop, from the blocks
    kept with the story's rows (``ArticleSection.block_list``): each section as
    ``_body.html``'s ``section_blocks()`` writes it from ``blocks()``, dateline,
    lists, quotes and callouts included."""
    from django.template import engines

    from articles.views.stories import _pull_quotes_repeating_text

    html = client.get(full_story.get_absolute_url()).content.decode()

    story = selectors.published_story(full_story.section, full_story.slug)
    again = selectors.published_story(full_story.section, full_story.slug)
    assert again.body_sections() is story.body_sections()
    parts = story.listed_parts()
    page = {
        "dateline": story.dateline,
        "first_paragraph_id": next(p.pk for p in parts if p.kind == "paragraph"),
        "repeated": _pull_quotes_repeating_text(parts),
    }
    body = engines["jinja2"].env.get_template("articles/_body.html").module
    sections = story.body_sections()
    assert len(sections) == 3
    for section in sections:
        written = str(body.section_blocks(section, page))
        assert written and written in html
    assert '<p><span class="dateline">TOKYO\xa0—</span> Opening words' in html


def test_the_article_page_reads_its_templates_macros_made_once(client, full_story):
    """``macros()`` hands the article page the module an ``{% import %}`` would,
    made once, without the import's look at the site's globals on every page."""
    from django.template import engines

    env = engines["jinja2"].env
    macros = env.globals["macros"]
    for name in ("articles/_body.html", "articles/_cards.html"):
        assert macros(name) is env.get_template(name).module
        assert macros(name) is macros(name)

    source, _name, _uptodate = env.loader.get_source(
        env, "articles/article_detail.html"
    )
    assert "{% import" not in source
    page = client.get(full_story.get_absolute_url()).content.decode()
    assert 'class="byline"' in page
