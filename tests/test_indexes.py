"""The topic and author indexes (/tags/, /authors/) and the site's icon, as readers
and browsers meet them."""

import re

import pytest

from django.urls import reverse

from .factories import (
    ArticleFactory,
    AuthorFactory,
    BylineFactory,
    PublishedArticleFactory,
)

pytestmark = pytest.mark.django_db


def _entries(response):
    assert response.status_code == 200
    return re.findall(
        r'<li><a href="([^"]+)"[^>]*>([^<]+)</a>.*?'
        r'<span class="index-list__count">(\d+) stor',
        response.content.decode(),
    )


def test_the_topic_index_lists_published_topics_a_to_z_with_their_counts(client):
    first, second = PublishedArticleFactory(), PublishedArticleFactory()
    first.tags.add("Tides", "Ferries")
    second.tags.add("Ferries")
    ArticleFactory().tags.add("Secret merger")

    entries = _entries(client.get(reverse("articles:tag_index")))

    assert entries == [
        ("/tags/ferries/", "Ferries", "2"),
        ("/tags/tides/", "Tides", "1"),
    ]


def test_the_author_index_lists_bylined_authors_of_published_stories(client):
    story = PublishedArticleFactory()
    ana = AuthorFactory(name="Ana Lima", title="Science editor")
    BylineFactory(article=story, author=ana)
    BylineFactory(article=PublishedArticleFactory(), author=ana)
    BylineFactory(article=story, author=AuthorFactory(name="Bo Berg"))
    BylineFactory(article=ArticleFactory(), author=AuthorFactory(name="Draft Only"))

    response = client.get(reverse("articles:author_index"))

    assert [(name, count) for _, name, count in _entries(response)] == [
        ("Ana Lima", "2"),
        ("Bo Berg", "1"),
    ]
    assert "Science editor" in response.content.decode()
    assert "Draft Only" not in response.content.decode()


@pytest.mark.parametrize("name", ["articles:tag_index", "articles:author_index"])
def test_an_index_reads_one_query_for_thirty_entries_as_for_one(
    client, django_assert_max_num_queries, name
):
    story = PublishedArticleFactory()
    story.tags.add("Only")
    BylineFactory(article=story)
    # A first page reads what the site keeps until its content changes (sections).
    client.get(reverse("articles:home"))
    with django_assert_max_num_queries(1):
        assert len(_entries(client.get(reverse(name)))) == 1

    for number in range(29):
        more = PublishedArticleFactory()
        more.tags.add(f"Topic {number}")
        BylineFactory(article=more)
    client.get(reverse("articles:home"))
    with django_assert_max_num_queries(1):
        assert len(_entries(client.get(reverse(name)))) == 30


def test_every_page_names_its_icon_and_the_old_address_leads_to_it(
    client, admin_client
):
    icon = re.compile(
        r'<link rel="icon" href="(/static/favicon\.svg)" type="image/svg\+xml">'
    )

    home = client.get(reverse("articles:home")).content.decode()
    admin = admin_client.get(reverse("admin:index")).content.decode()
    response = client.get("/favicon.ico")

    assert icon.search(home) and icon.search(admin)
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"


def test_the_footer_links_both_indexes(client):
    page = client.get(reverse("articles:home")).content.decode()

    assert '<a href="/tags/">Topics</a>' in page
    assert '<a href="/authors/">Authors</a>' in page
