"""What an article page tells machines: canonical link, OpenGraph, Twitter, JSON-LD."""

import datetime
import io
import json
from html.parser import HTMLParser

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import cards, preview
from articles.models import Article, BodyPart, Byline, Source
from articles.views import stories

from .factories import (
    ArticleFactory,
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    CitationFactory,
    CorrectionFactory,
    PublishedArticleFactory,
    SectionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = "</script><script>alert(1)</script>"


def png_file(name="lead.png", size=(1200, 675)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class _Head(HTMLParser):
    """The <meta>, <link> and JSON-LD blocks of a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld, self._in_json_ld = [], [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.append((attrs.get("property") or attrs["name"], attrs["content"]))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def values(self, key):
        return [content for name, content in self.meta if name == key]

    def value(self, key):
        [content] = self.values(key)
        return content


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = _Head()
    parser.feed(response.content.decode())
    return parser


def json_ld_of(client, url):
    [block] = head_of(client, url).json_ld
    return json.loads(block)


@pytest.fixture
def story():
    """A published story with something for every property."""
    world = SectionFactory(name="World", slug="world")
    asia = SectionFactory(name="Asia-Pacific", slug="asia-pacific", parent=world)
    article = PublishedArticleFactory(
        section=asia,
        headline="Alliance talks resume in Tokyo",
        dek="Ministers meet for the first time in a year.",
        dateline="TOKYO",
        lead_image=png_file(),
        lead_image_alt="Two ministers shake hands.",
        lead_image_caption="The ministers before the talks.",
        lead_image_credit="Aiko Ueda",
        published_at=timezone.now() - datetime.timedelta(hours=5),
    )
    credits = [
        ("Hana Mori", "hana-mori", Byline.Role.WRITTEN),
        ("Ken Sato", "ken-sato", Byline.Role.REPORTED),
        ("Aiko Ueda", "aiko-ueda", Byline.Role.PHOTOS),
        ("Lena Kraus", "lena-kraus", Byline.Role.TRANSLATED),
    ]
    for position, (name, slug, role) in enumerate(credits):
        BylineFactory(
            article=article,
            author=AuthorFactory(name=name, slug=slug, title="Correspondent"),
            role=role,
            position=position,
        )
    article.tags.add("Diplomacy", "Japan")
    BodyPartFactory(article=article, text="<p>The talks began at dawn.</p>")
    CitationFactory(
        article=article,
        position=0,
        source=SourceFactory(
            organisation="Center for Strategic and International Studies",
            abbreviation="CSIS",
            title="The Alliance at Seventy",
            url="https://example.org/alliance",
            published_on=datetime.date(2025, 9, 14),
            published_precision=Source.Precision.MONTH,
        ),
    )
    CitationFactory(
        article=article,
        position=1,
        source=SourceFactory(
            organisation="Ministry of Defense",
            title="",
            kind=Source.Kind.ORGANISATION,
            published_on=None,
        ),
    )
    CorrectionFactory(
        article=article,
        text="An earlier version misstated the year of the last talks.",
        created_at=timezone.now() - datetime.timedelta(hours=1),
    )
    article.refresh_from_db()
    return article


def test_the_article_page_names_its_canonical_address_and_describes_itself(
    client, story
):
    head = head_of(client, story.get_absolute_url())

    url = f"http://testserver{story.get_absolute_url()}"
    assert [link["href"] for link in head.links if link["rel"] == "canonical"] == [url]
    assert head.value("description") == "Ministers meet for the first time in a year."
    assert head.value("og:site_name") == "The Newsroom"


def test_the_article_page_carries_opengraph_tags(client, story):
    head = head_of(client, story.get_absolute_url())

    assert head.value("og:type") == "article"
    assert head.value("og:title") == "Alliance talks resume in Tokyo"
    assert (
        head.value("og:description") == "Ministers meet for the first time in a year."
    )
    assert head.value("og:url") == f"http://testserver{story.get_absolute_url()}"
    assert head.value("og:image") == f"http://testserver{story.lead_image.url}"
    assert (head.value("og:image:width"), head.value("og:image:height")) == (
        "1200",
        "675",
    )
    assert head.value("og:image:alt") == "Two ministers shake hands."
    published = datetime.datetime.fromisoformat(head.value("article:published_time"))
    assert published == story.published_at.replace(microsecond=0)
    modified = datetime.datetime.fromisoformat(head.value("article:modified_time"))
    assert modified == story.updated_at.replace(microsecond=0)
    assert head.value("article:section") == "Asia-Pacific"
    assert sorted(head.values("article:tag")) == ["Diplomacy", "Japan"]
    assert head.values("article:author") == [
        "http://testserver/authors/hana-mori/",
        "http://testserver/authors/ken-sato/",
    ]


def test_the_article_page_carries_a_large_twitter_card_when_it_has_an_image(
    client, story
):
    head = head_of(client, story.get_absolute_url())

    assert head.value("twitter:card") == "summary_large_image"
    assert head.value("twitter:title") == "Alliance talks resume in Tokyo"
    assert head.value("twitter:image") == f"http://testserver{story.lead_image.url}"
    assert head.value("twitter:image:alt") == "Two ministers shake hands."


def test_a_story_without_an_image_or_dek_shares_its_social_card_and_first_paragraph(
    client,
):
    article = PublishedArticleFactory(dek="")
    BodyPartFactory(
        article=article, kind=BodyPart.Kind.SUBHEAD, title="Subhead", position=0
    )
    BodyPartFactory(
        article=article, text="<p>The <b>first</b> paragraph.</p>", position=1
    )

    head = head_of(client, article.get_absolute_url())

    card = f"http://testserver/media/{cards.card_name(article)}"
    assert head.value("twitter:card") == "summary_large_image"
    assert head.value("og:image") == head.value("twitter:image") == card
    assert head.value("og:description") == "The first paragraph."
    assert json_ld_of(client, article.get_absolute_url())["description"] == (
        "The first paragraph."
    )


def test_the_json_ld_describes_the_story_as_a_news_article(client, story, settings):
    settings.NEWSROOM_SITE_NAME = "The Westhaven Courier"

    data = json_ld_of(client, story.get_absolute_url())

    url = f"http://testserver{story.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Alliance talks resume in Tokyo"
    assert data["description"] == "Ministers meet for the first time in a year."
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert datetime.datetime.fromisoformat(data["datePublished"]) == (
        story.published_at.replace(microsecond=0)
    )
    assert datetime.datetime.fromisoformat(data["dateModified"]) == (
        story.updated_at.replace(microsecond=0)
    )
    assert data["dateline"] == "TOKYO"
    assert data["articleSection"] == "Asia-Pacific"
    assert sorted(data["keywords"]) == ["Diplomacy", "Japan"]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "The Westhaven Courier",
        "url": "http://testserver/",
    }
    assert data["image"]["url"] == f"http://testserver{story.lead_image.url}"
    assert (data["image"]["width"], data["image"]["height"]) == (1200, 675)


def test_the_json_ld_names_authors_and_contributors_by_role(client, story):
    data = json_ld_of(client, story.get_absolute_url())

    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Hana Mori",
            "url": "http://testserver/authors/hana-mori/",
            "jobTitle": "Correspondent",
        },
        {
            "@type": "Person",
            "name": "Ken Sato",
            "url": "http://testserver/authors/ken-sato/",
            "jobTitle": "Correspondent",
        },
    ]
    assert [
        (role["@type"], role["roleName"], role["contributor"]["name"])
        for role in data["contributor"]
    ] == [
        ("Role", "Photographer", "Aiko Ueda"),
        ("Role", "Translator", "Lena Kraus"),
    ]
    assert data["contributor"][0]["contributor"]["url"] == (
        "http://testserver/authors/aiko-ueda/"
    )


def test_the_json_ld_cites_each_source_as_precisely_as_its_date_is_known(client, story):
    data = json_ld_of(client, story.get_absolute_url())

    assert data["citation"] == [
        {
            "@type": "Report",
            "name": "The Alliance at Seventy",
            "author": {
                "@type": "Organization",
                "name": "Center for Strategic and International Studies",
                "alternateName": "CSIS",
            },
            "url": "https://example.org/alliance",
            "datePublished": "2025-09",
        },
        {
            "@type": "CreativeWork",
            "name": "Ministry of Defense",
            "author": {"@type": "Organization", "name": "Ministry of Defense"},
        },
    ]


def test_the_json_ld_gives_each_correction_as_a_correction_comment(client, story):
    correction = story.corrections.get()

    data = json_ld_of(client, story.get_absolute_url())

    [comment] = data["correction"]
    assert comment["@type"] == "CorrectionComment"
    assert comment["text"] == "An earlier version misstated the year of the last talks."
    assert datetime.datetime.fromisoformat(comment["datePublished"]) == (
        correction.created_at.replace(microsecond=0)
    )


def test_the_json_ld_leaves_out_what_a_bare_story_does_not_have(client):
    article = PublishedArticleFactory(dek="", dateline="")

    data = json_ld_of(client, article.get_absolute_url())

    for absent in (
        "author",
        "contributor",
        "citation",
        "correction",
        "keywords",
    ):
        assert absent not in data
    assert data["headline"] == article.headline
    # Every story has a picture: its social card when it has no lead image.
    assert data["image"]["url"].endswith(cards.card_name(article))


@pytest.mark.parametrize(
    "headline",
    [HOSTILE, "<!-- <script>alert(2)</script>", "Tom & Jerry </SCRIPT > <!--"],
)
def test_a_hostile_headline_cannot_break_out_of_the_json_ld(client, headline):
    article = PublishedArticleFactory(headline=headline, dek=f"Dek {HOSTILE}")
    BylineFactory(article=article, author=AuthorFactory(name=f"Author {HOSTILE}"))
    article.tags.add(f"Tag {HOSTILE}")
    CorrectionFactory(article=article, text=f"Correction {HOSTILE}")

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    head = html[: html.index("</head>")]
    assert head.count("<script") == 1
    assert "<script>alert" not in html
    opening = '<script type="application/ld+json">'
    block = head[head.index(opening) + len(opening) : head.index("</script>")]
    assert "<" not in block
    data = json.loads(block)
    assert data["headline"] == headline
    assert data["description"] == f"Dek {HOSTILE}"
    assert data["author"][0]["name"] == f"Author {HOSTILE}"
    assert data["correction"][0]["text"] == f"Correction {HOSTILE}"


def test_the_metadata_adds_no_query_however_much_the_story_credits(
    client, story, django_assert_num_queries
):
    bare = PublishedArticleFactory(section=story.section)
    client.get("/")  # what each process keeps (sections), read before both
    with CaptureQueriesContext(connection) as queries:
        client.get(bare.get_absolute_url())

    with django_assert_num_queries(len(queries)):
        response = client.get(story.get_absolute_url())

    assert response.status_code == 200


def test_a_shared_preview_carries_the_metadata_of_the_story_to_be(client):
    article = ArticleFactory(headline="Not yet published", status=Article.Status.DRAFT)

    url = reverse(
        "articles:shared_preview", args=[preview.share(article, by=None).token]
    )
    head = head_of(client, url)
    data = json.loads(head.json_ld[0])

    assert head.value("robots") == "noindex, nofollow"
    assert data["headline"] == "Not yet published"
    assert "datePublished" not in data
    assert head.values("article:published_time") == []


def test_a_story_saved_before_it_went_out_says_it_changed_when_it_went_out(client):
    """Its last save came before its publication time (scheduled ahead): feeds,
    sitemaps and the JSON-LD all give the publication time as its last change."""
    import xml.etree.ElementTree as ET

    import feedparser

    went_out = timezone.now() - datetime.timedelta(hours=1)
    story = PublishedArticleFactory(published_at=went_out)
    Article.objects.filter(pk=story.pk).update(
        updated_at=went_out - datetime.timedelta(days=1)
    )
    expected = timezone.localtime(went_out).isoformat(timespec="seconds")

    data = json_ld_of(client, story.get_absolute_url())
    feed = feedparser.parse(client.get(reverse("articles:feed", args=["atom"])).content)
    sitemap = ET.fromstring(
        client.get(reverse("articles:sitemap_section", args=["stories"])).content
    )
    lastmod = sitemap.find(".//{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod")

    assert data["dateModified"] == expected
    assert feed.entries[0].updated_parsed[:6] == went_out.utctimetuple()[:6]
    # A sitemap gives the day only: a day after the last save.
    assert lastmod.text == timezone.localtime(went_out).date().isoformat()


@pytest.fixture
def without_page_cache(settings):
    """No page cache: each request renders the page, as the benchmark does."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


def _counting_metadata(monkeypatch):
    """Count the times the article page works out a story's metadata."""
    calls = []
    compute = stories.article_metadata

    def counted(article, request):
        calls.append(article.pk)
        return compute(article, request)

    monkeypatch.setattr(stories, "article_metadata", counted)
    return calls


def test_a_story_read_again_unchanged_has_its_metadata_worked_out_once(
    client, story, without_page_cache, monkeypatch
):
    calls = _counting_metadata(monkeypatch)
    url = story.get_absolute_url()
    first = client.get(url).content
    assert client.get(url).content == first
    assert calls == [story.pk]


def test_a_story_whose_rows_change_has_its_metadata_worked_out_again(
    client, story, without_page_cache, monkeypatch
):
    calls = _counting_metadata(monkeypatch)
    url = story.get_absolute_url()
    client.get(url)
    story.tags.add("Trade")
    assert "Trade" in head_of(client, url).values("article:tag")
    Article.objects.filter(pk=story.pk).update(headline="Talks end in Tokyo")
    assert json_ld_of(client, url)["headline"] == "Talks end in Tokyo"
    assert calls == [story.pk] * 3


def test_a_story_s_kept_metadata_names_the_address_the_reader_asked_for(
    client, story, without_page_cache, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "news.example"]
    url = story.get_absolute_url()
    assert head_of(client, url).value("og:url") == f"http://testserver{url}"
    page = client.get(url, HTTP_HOST="news.example")
    assert f'href="http://news.example{url}"'.encode() in page.content


def test_a_story_s_kept_times_follow_its_row(client, story, without_page_cache):
    url = story.get_absolute_url()
    Article.objects.filter(pk=story.pk).update(updated_at=story.published_at)
    assert b"Updated <time" not in client.get(url).content
    later = story.published_at + datetime.timedelta(hours=2)
    Article.objects.filter(pk=story.pk).update(updated_at=later)
    shown = timezone.localtime(later).isoformat(timespec="seconds")
    assert f'Updated <time datetime="{shown}">'.encode() in client.get(url).content


def test_a_story_s_kept_values_follow_the_time_zone(client, story, without_page_cache):
    url = story.get_absolute_url()
    client.get(url)
    with timezone.override("Europe/Paris"):
        shown = timezone.localtime(story.published_at).isoformat(timespec="seconds")
        page = client.get(url).content
    assert shown.endswith(("+01:00", "+02:00"))
    assert f'Published <time datetime="{shown}">'.encode() in page


class _Watched(dict):
    """A dict that records each of its keys looked for as an attribute first."""

    missed = []

    def __getattribute__(self, name):
        if dict.__contains__(self, name):
            _Watched.missed.append(name)
        return super().__getattribute__(name)


def test_the_article_page_reads_its_metadata_as_a_dict_s(
    client, story, without_page_cache, monkeypatch
):
    # Read as ``meta.url``, each value would cost a missed attribute (an exception).
    compute = stories.article_metadata

    def watched(article, request):
        meta = compute(article, request)
        return _Watched(meta, image=_Watched(meta["image"]))

    monkeypatch.setattr(stories, "article_metadata", watched)
    monkeypatch.setattr(_Watched, "missed", [])
    head = head_of(client, story.get_absolute_url())
    assert head.value("og:image:alt") == "Two ministers shake hands."
    assert _Watched.missed == []


def test_the_kept_json_ld_is_written_as_tojson_writes_it(client, story, rf):
    # The article page writes its JSON-LD once and keeps it: it must read as the
    # filter would write it on the page.
    from django.template import engines

    from articles import structured_data
    from articles.jinja2 import script_json

    meta = structured_data.article_metadata(story, rf.get("/"))
    template = engines["jinja2"].env.from_string("{{ value|tojson }}")
    data = {**meta["json_ld"], "text": HOSTILE + " & 'quoted' — ünïcode"}
    assert script_json(data) == template.render(value=data)
    assert "</script>" not in script_json(data)
