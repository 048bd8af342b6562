"""The sitemaps, the Google News sitemap and robots.txt, as a crawler reads them."""

import datetime
import functools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import etree

from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .factories import (
    AuthorFactory,
    BylineFactory,
    PublishedArticleFactory,
    SectionFactory,
    unseen_stories,
)

pytestmark = pytest.mark.django_db

Status = Article.Status
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@functools.cache
def sitemap_schema():
    """The Sitemaps protocol, Google News's extension imported into it."""
    return etree.XMLSchema(
        etree.parse(Path(__file__).parent / "schemas" / "sitemap.xsd")
    )


def valid_sitemap(content):
    """``content`` parsed, once the sitemap schema has found nothing wrong in it."""
    schema = sitemap_schema()
    document = etree.fromstring(content)
    assert schema.validate(document), [
        f"line {error.line}: {error.message}" for error in schema.error_log
    ]
    return ET.fromstring(content)


def read_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return valid_sitemap(response.content)


def locations(root):
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def absolute(article_or_path):
    path = getattr(article_or_path, "get_absolute_url", lambda: article_or_path)()
    return f"http://testserver{path}"


def test_the_sitemap_index_lists_one_sitemap_per_kind_of_page(client):
    PublishedArticleFactory()

    root = read_xml(client, reverse("articles:sitemap"))

    assert root.tag == f"{SITEMAP}sitemapindex"
    assert locations(root) == [
        "http://testserver/sitemap-stories.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-authors.xml",
        "http://testserver/sitemap-tags.xml",
    ]


def test_the_stories_sitemap_lists_only_published_stories_with_their_last_change(
    client,
):
    now = timezone.now()
    older = PublishedArticleFactory(published_at=now - datetime.timedelta(days=3))
    newer = PublishedArticleFactory(published_at=now - datetime.timedelta(hours=1))
    unseen = unseen_stories()

    root = read_xml(client, "/sitemap-stories.xml")

    assert locations(root) == [absolute(newer), absolute(older)]
    lastmods = [element.text for element in root.iter(f"{SITEMAP}lastmod")]
    assert lastmods == [f"{story.updated_at:%Y-%m-%d}" for story in (newer, older)]
    for story in unseen:
        assert story.slug not in ET.tostring(root, encoding="unicode")


def test_the_index_dates_the_stories_sitemap_by_the_latest_change(client):
    story = PublishedArticleFactory(
        published_at=timezone.now() - datetime.timedelta(days=3)
    )
    Article.objects.filter(pk=story.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=1)
    )
    story.refresh_from_db()

    root = read_xml(client, reverse("articles:sitemap"))

    [stories] = [
        entry
        for entry in root.iter(f"{SITEMAP}sitemap")
        if entry.find(f"{SITEMAP}loc").text.endswith("/sitemap-stories.xml")
    ]
    lastmod = datetime.datetime.fromisoformat(stories.find(f"{SITEMAP}lastmod").text)
    assert lastmod == story.updated_at


def test_the_sections_sitemap_lists_every_section(client):
    world = SectionFactory(name="World", slug="world", position=1)
    asia = SectionFactory(name="Asia", slug="asia", parent=world, position=2)

    root = read_xml(client, "/sitemap-sections.xml")

    assert locations(root) == [absolute(world), absolute(asia)]


def test_the_authors_sitemap_lists_only_authors_of_published_stories(client):
    published_author = AuthorFactory(name="Hana Mori", slug="hana-mori")
    BylineFactory(article=PublishedArticleFactory(), author=published_author)
    BylineFactory(article=PublishedArticleFactory(), author=published_author)
    unseen_author = AuthorFactory(name="Ken Sato", slug="ken-sato")
    for story in unseen_stories():
        BylineFactory(article=story, author=unseen_author)

    root = read_xml(client, "/sitemap-authors.xml")

    assert locations(root) == [absolute(published_author)]


def test_the_tags_sitemap_lists_only_tags_of_published_stories(client):
    PublishedArticleFactory().tags.add("Heatwaves", "Cities")
    PublishedArticleFactory().tags.add("Heatwaves")
    for story in unseen_stories():
        story.tags.add("Secret merger")

    root = read_xml(client, "/sitemap-tags.xml")

    assert locations(root) == [
        absolute(reverse("articles:tag_detail", kwargs={"slug": "cities"})),
        absolute(reverse("articles:tag_detail", kwargs={"slug": "heatwaves"})),
    ]


def test_the_news_sitemap_lists_the_stories_published_in_the_last_two_days(
    client, settings
):
    settings.NEWSROOM_SITE_NAME = "The Westhaven Courier"
    now = timezone.now()
    recent = PublishedArticleFactory(
        headline="Tides & towns: the plan",
        published_at=now - datetime.timedelta(hours=3),
    )
    yesterday = PublishedArticleFactory(
        headline="Yesterday's story", published_at=now - datetime.timedelta(hours=30)
    )
    PublishedArticleFactory(
        headline="Last week's story", published_at=now - datetime.timedelta(days=3)
    )
    unseen_stories()

    root = read_xml(client, reverse("articles:news_sitemap"))

    assert root.tag == f"{SITEMAP}urlset"
    urls = root.findall(f"{SITEMAP}url")
    assert [url.find(f"{SITEMAP}loc").text for url in urls] == [
        absolute(recent),
        absolute(yesterday),
    ]
    news = urls[0].find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "The Westhaven Courier"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "en"
    assert news.find(f"{NEWS}title").text == "Tides & towns: the plan"
    published = datetime.datetime.fromisoformat(
        news.find(f"{NEWS}publication_date").text
    )
    assert published == recent.published_at.replace(microsecond=0)


def test_the_news_sitemap_is_empty_when_nothing_is_recent(client):
    PublishedArticleFactory(published_at=timezone.now() - datetime.timedelta(days=5))

    root = read_xml(client, reverse("articles:news_sitemap"))

    assert root.findall(f"{SITEMAP}url") == []


def test_robots_txt_keeps_crawlers_out_of_admin_and_previews_and_names_sitemaps(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /preview/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines


def test_robots_txt_names_the_sitemaps_at_the_address_it_was_asked_on(client):
    response = client.get("/robots.txt", HTTP_HOST="localhost", secure=True)

    assert "Sitemap: https://localhost/sitemap.xml" in response.content.decode()


def _stories(count, now):
    for number in range(count):
        article = PublishedArticleFactory(
            published_at=now - datetime.timedelta(minutes=number + 1)
        )
        BylineFactory(article=article)
        article.tags.add(f"Topic {number}")


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap.xml",
        "/sitemap-stories.xml",
        "/sitemap-sections.xml",
        "/sitemap-authors.xml",
        "/sitemap-tags.xml",
        "/sitemap-news.xml",
    ],
)
def test_a_sitemap_makes_as_many_queries_for_40_stories_as_for_5(
    client, django_assert_max_num_queries, url
):
    now = timezone.now()
    _stories(5, now)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    _stories(35, now - datetime.timedelta(hours=1))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)

    assert response.status_code == 200
