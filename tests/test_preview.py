"""Signed share links for unpublished stories, and the public corrections page."""

import pytest

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from articles import preview, workflow
from articles.models import Article

from .factories import ArticleFactory, BodyPartFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def _link(article, **kwargs):
    return reverse(
        "articles:shared_preview",
        kwargs={"token": preview.make_token(article, **kwargs)},
    )


@pytest.mark.parametrize(
    "status",
    ["draft", "submitted", "approved", "scheduled", "spiked", "unpublished"],
)
def test_an_unpublished_story_is_404_but_its_share_link_shows_it_as_it_will_look(
    client, status
):
    article = ArticleFactory(headline="Budget talks stall")
    BodyPartFactory(article=article, text="<p>Talks stalled on Friday.</p>")
    Article.objects.filter(pk=article.pk).update(
        status=status, published_at=timezone.now() if status == "scheduled" else None
    )

    assert client.get(article.get_absolute_url()).status_code == 404
    response = client.get(_link(article))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Budget talks stall" in html
    assert "Talks stalled on Friday." in html
    assert "not published" in html
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response.headers["Cache-Control"]


def test_a_share_link_stops_working_when_it_expires(client):
    article = ArticleFactory()
    expired = preview.make_token(
        article,
        lifetime=timezone.timedelta(hours=1),
        now=timezone.now() - timezone.timedelta(hours=2),
    )

    response = client.get(reverse("articles:shared_preview", kwargs={"token": expired}))

    assert response.status_code == 404


def test_a_share_link_opens_that_story_and_nothing_else(client):
    shared = ArticleFactory(headline="Shared draft")
    other = ArticleFactory(headline="Other draft")
    expires = int((timezone.now() + timezone.timedelta(days=1)).timestamp())
    forged = signing.dumps(
        {"a": other.pk, "e": expires}, key="not-the-site-key", salt=preview.SALT
    )

    assert (
        client.get(
            reverse("articles:shared_preview", kwargs={"token": forged})
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("articles:shared_preview", kwargs={"token": "nonsense"})
        ).status_code
        == 404
    )
    page = client.get(_link(shared)).content.decode()
    assert "Shared draft" in page and "Other draft" not in page


def test_the_corrections_page_lists_published_stories_corrections_newest_first(
    client, editor
):
    story = PublishedArticleFactory(headline="Bridge reopens")
    hidden = PublishedArticleFactory(headline="Pulled story")
    workflow.correct(
        story, kind="correction", text="The bridge is 40 m long, not 400 m.", by=editor
    )
    workflow.correct(
        story, kind="clarification", text="The toll applies to lorries only.", by=editor
    )
    workflow.correct(hidden, kind="correction", text="Never to be seen.", by=editor)
    workflow.unpublish(hidden, by=editor)

    response = client.get(reverse("articles:corrections"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("The toll applies") < html.index("The bridge is 40 m long")
    assert story.get_absolute_url() in html
    assert "Never to be seen" not in html and "Pulled story" not in html


def test_a_correction_shows_on_the_story_at_once(client, editor):
    story = PublishedArticleFactory()
    client.get(story.get_absolute_url())

    workflow.correct(story, kind="update", text="Adds the minister's reply.", by=editor)

    html = client.get(story.get_absolute_url()).content.decode()
    assert "Adds the minister&#39;s reply." in html
    assert "Updated <time" in html
