"""The RSS and Atom feeds, read as a feed reader reads them."""

import datetime
import io

import feedparser
import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, BodyPart, Byline, Correction

from .factories import (
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    CorrectionFactory,
    PublishedArticleFactory,
    SectionFactory,
    unseen_stories,
)

pytestmark = pytest.mark.django_db

Status = Article.Status
FORMATS = ["rss", "atom"]


def png_file(name="lead.png", size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def titles(feed):
    return [entry.title for entry in feed.entries]


@pytest.mark.parametrize("format", FORMATS)
def test_the_site_feed_lists_only_published_stories_newest_first(client, format):
    now = timezone.now()
    PublishedArticleFactory(
        headline="Older story", published_at=now - datetime.timedelta(days=2)
    )
    PublishedArticleFactory(
        headline="Newer story", published_at=now - datetime.timedelta(hours=1)
    )
    PublishedArticleFactory(
        headline="Story whose embargo has lifted",
        published_at=now - datetime.timedelta(days=1),
        embargo_until=now - datetime.timedelta(hours=3),
    )
    unseen_stories()

    feed = read_feed(client, reverse("articles:feed", args=[format]))

    assert titles(feed) == [
        "Newer story",
        "Story whose embargo has lifted",
        "Older story",
    ]
    assert feed.feed.title == "The Newsroom"
    assert feed.feed.link == "http://testserver/"


@pytest.mark.parametrize("format", FORMATS)
def test_a_feed_item_carries_every_byline_categories_dates_summary_and_image(
    client, format
):
    section = SectionFactory(name="Asia-Pacific", slug="asia-pacific")
    article = PublishedArticleFactory(
        section=section,
        headline="Alliance talks resume",
        dek="Ministers meet in Tokyo.",
        lead_image=png_file(),
    )
    writer = AuthorFactory(name="Hana Mori", slug="hana-mori")
    reporter = AuthorFactory(name="Ken Sato", slug="ken-sato")
    photographer = AuthorFactory(name="Aiko Ueda", slug="aiko-ueda")
    BylineFactory(article=article, author=writer, role=Byline.Role.WRITTEN, position=0)
    BylineFactory(
        article=article, author=reporter, role=Byline.Role.REPORTED, position=1
    )
    BylineFactory(
        article=article, author=photographer, role=Byline.Role.PHOTOS, position=2
    )
    article.tags.add("Diplomacy", "Japan")

    entry = read_feed(client, reverse("articles:feed", args=[format])).entries[0]

    url = f"http://testserver{article.get_absolute_url()}"
    assert entry.title == "Alliance talks resume"
    assert entry.link == url
    assert entry.id == url
    assert [author.name for author in entry.authors] == [
        "Hana Mori",
        "Ken Sato",
        "Aiko Ueda",
    ]
    assert sorted(tag.term for tag in entry.tags) == [
        "Asia-Pacific",
        "Diplomacy",
        "Japan",
    ]
    assert entry.summary == "Ministers meet in Tokyo."
    published = timezone.localtime(article.published_at, datetime.UTC)
    assert entry.published_parsed[:6] == published.timetuple()[:6]
    [enclosure] = entry.enclosures
    assert enclosure.href == f"http://testserver{article.lead_image.url}"
    assert enclosure.type == "image/png"
    assert int(enclosure.length) == article.lead_image.size > 0


def test_the_atom_feed_links_every_author_to_their_page(client):
    article = PublishedArticleFactory()
    BylineFactory(
        article=article, author=AuthorFactory(name="Hana Mori", slug="hana-mori")
    )
    BylineFactory(
        article=article, author=AuthorFactory(name="Ken Sato", slug="ken-sato")
    )

    entry = read_feed(client, reverse("articles:feed", args=["atom"])).entries[0]

    assert [author.href for author in entry.authors] == [
        "http://testserver/authors/hana-mori/",
        "http://testserver/authors/ken-sato/",
    ]


def test_the_rss_feed_gives_the_lead_image_with_its_size_as_media_content(client):
    article = PublishedArticleFactory(lead_image=png_file(size=(120, 80)))

    entry = read_feed(client, reverse("articles:feed", args=["rss"])).entries[0]

    [media] = entry.media_content
    assert media["url"] == f"http://testserver{article.lead_image.url}"
    assert (media["width"], media["height"]) == ("120", "80")


@pytest.mark.parametrize("format", FORMATS)
def test_a_story_without_a_dek_is_summarised_by_its_first_paragraph(client, format):
    article = PublishedArticleFactory(dek="")
    BodyPartFactory(
        article=article, kind=BodyPart.Kind.SUBHEAD, title="A subhead", position=0
    )
    BodyPartFactory(
        article=article,
        text="<p>The <em>first</em> paragraph &amp; more.</p>",
        position=1,
    )
    BodyPartFactory(article=article, text="<p>The second paragraph.</p>", position=2)

    entry = read_feed(client, reverse("articles:feed", args=[format])).entries[0]

    assert entry.summary == "The first paragraph &amp; more."


def test_a_section_feed_lists_its_stories_and_its_childrens_only(client):
    world = SectionFactory(name="World", slug="world")
    asia = SectionFactory(name="Asia", slug="asia", parent=world)
    now = timezone.now()
    PublishedArticleFactory(
        section=world,
        headline="Filed under World",
        published_at=now - datetime.timedelta(hours=2),
    )
    PublishedArticleFactory(
        section=asia,
        headline="Filed under Asia",
        published_at=now - datetime.timedelta(hours=1),
    )
    PublishedArticleFactory(section=SectionFactory(), headline="Filed elsewhere")
    unseen_stories(section=asia)

    feed = read_feed(client, reverse("articles:section_feed", args=["world", "atom"]))

    assert titles(feed) == ["Filed under Asia", "Filed under World"]
    assert feed.feed.title == "World | The Newsroom"
    assert feed.feed.link == "http://testserver/world/"


def test_a_tag_feed_lists_the_published_stories_carrying_the_tag(client):
    tagged = PublishedArticleFactory(headline="Tagged story")
    tagged.tags.add("Heatwaves")
    PublishedArticleFactory(headline="Untagged story")
    for story in unseen_stories():
        story.tags.add("Heatwaves")

    feed = read_feed(client, reverse("articles:tag_feed", args=["heatwaves", "rss"]))

    assert titles(feed) == ["Tagged story"]
    assert feed.feed.title == "Heatwaves | The Newsroom"


def test_a_tag_only_unpublished_stories_carry_has_no_feed(client):
    for story in unseen_stories():
        story.tags.add("Secret merger")

    response = client.get(reverse("articles:tag_feed", args=["secret-merger", "rss"]))

    assert response.status_code == 404


def test_an_author_feed_lists_their_published_stories_whatever_their_role(client):
    author = AuthorFactory(name="Hana Mori", slug="hana-mori")
    now = timezone.now()
    written = PublishedArticleFactory(
        headline="She wrote it", published_at=now - datetime.timedelta(hours=2)
    )
    photographed = PublishedArticleFactory(
        headline="She took the photos", published_at=now - datetime.timedelta(hours=1)
    )
    BylineFactory(article=written, author=author)
    BylineFactory(article=written, author=AuthorFactory(), role=Byline.Role.REPORTED)
    BylineFactory(article=photographed, author=author, role=Byline.Role.PHOTOS)
    PublishedArticleFactory(headline="Someone else's story")
    for story in unseen_stories():
        BylineFactory(article=story, author=author)

    feed = read_feed(
        client, reverse("articles:author_feed", args=["hana-mori", "atom"])
    )

    assert titles(feed) == ["She took the photos", "She wrote it"]
    assert feed.feed.title == "Hana Mori | The Newsroom"


@pytest.mark.parametrize("format", FORMATS)
def test_the_corrections_feed_links_each_correction_to_its_story(client, format):
    article = PublishedArticleFactory(headline="Alliance talks resume")
    now = timezone.now()
    older = CorrectionFactory(
        article=article,
        text="An earlier version misspelled a name.",
        created_at=now - datetime.timedelta(days=1),
    )
    newer = CorrectionFactory(
        article=article,
        kind=Correction.Kind.CLARIFICATION,
        text="The talks are in Tokyo, not Osaka.",
        created_at=now - datetime.timedelta(hours=1),
    )
    for story in unseen_stories():
        CorrectionFactory(article=story, text="A correction to an unseen story.")

    feed = read_feed(client, reverse("articles:corrections_feed", args=[format]))

    story_url = f"http://testserver{article.get_absolute_url()}"
    assert titles(feed) == [
        "Clarification: Alliance talks resume",
        "Correction: Alliance talks resume",
    ]
    assert [entry.link for entry in feed.entries] == [
        f"{story_url}#correction-{newer.pk}",
        f"{story_url}#correction-{older.pk}",
    ]
    assert feed.entries[0].summary == "The talks are in Tokyo, not Osaka."
    page = client.get(article.get_absolute_url()).content.decode()
    assert (
        f'id="correction-{newer.pk}"' in page and f'id="correction-{older.pk}"' in page
    )


def test_a_feed_stops_at_fifty_stories(client):
    now = timezone.now()
    for number in range(55):
        PublishedArticleFactory(published_at=now - datetime.timedelta(minutes=number))

    feed = read_feed(client, reverse("articles:feed", args=["rss"]))

    assert len(feed.entries) == 50


def _stories(count, section, author, now):
    for number in range(count):
        article = PublishedArticleFactory(
            section=section, published_at=now - datetime.timedelta(minutes=number + 1)
        )
        BylineFactory(article=article, author=author)
        BylineFactory(article=article, author=AuthorFactory(), role=Byline.Role.PHOTOS)
        article.tags.add("Heatwaves", f"Topic {number}")
        BodyPartFactory(article=article)
        CorrectionFactory(article=article)


@pytest.mark.parametrize(
    "name, args",
    [
        ("feed", []),
        ("section_feed", ["world"]),
        ("tag_feed", ["heatwaves"]),
        ("author_feed", ["hana-mori"]),
        ("corrections_feed", []),
    ],
)
@pytest.mark.parametrize("format", FORMATS)
def test_a_feed_makes_as_many_queries_for_40_stories_as_for_5(
    client, django_assert_max_num_queries, name, args, format
):
    section = SectionFactory(name="World", slug="world")
    author = AuthorFactory(name="Hana Mori", slug="hana-mori")
    now = timezone.now()
    url = reverse(f"articles:{name}", args=[*args, format])
    _stories(5, section, author, now)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    _stories(35, section, author, now - datetime.timedelta(days=1))

    with django_assert_max_num_queries(len(few.captured_queries)):
        feed = read_feed(client, url)

    assert len(feed.entries) == 40


def test_pages_point_feed_readers_to_their_feeds(client):
    section = SectionFactory(name="World", slug="world")
    author = AuthorFactory(name="Hana Mori", slug="hana-mori")

    home = client.get(reverse("articles:home")).content.decode()
    section_page = client.get(section.get_absolute_url()).content.decode()
    author_page = client.get(author.get_absolute_url()).content.decode()
    corrections = client.get(reverse("articles:corrections")).content.decode()

    assert (
        '<link rel="alternate" type="application/rss+xml" title="The Newsroom" '
        'href="/feed/rss/">' in home
    )
    assert 'type="application/atom+xml" title="The Newsroom" href="/feed/atom/"' in home
    assert 'title="World | The Newsroom" href="/world/feed/rss/"' in section_page
    assert 'title="World | The Newsroom" href="/world/feed/atom/"' in section_page
    assert (
        'title="Hana Mori | The Newsroom" href="/authors/hana-mori/feed/rss/"'
        in author_page
    )
    assert 'href="/corrections/feed/atom/"' in corrections


@pytest.mark.parametrize(
    "url", ["/no-such-section/feed/rss/", "/authors/nobody/feed/atom/", "/feed/json/"]
)
def test_a_feed_of_nothing_answers_404(client, url):
    assert client.get(url).status_code == 404
