"""Share links for unpublished stories, and the public corrections page."""

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import preview, workflow
from articles.models import Article, ShareLink

from .factories import ArticleFactory, BodyPartFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def _link(article, **kwargs):
    link = preview.share(article, by=None, **kwargs)
    return reverse("articles:shared_preview", kwargs={"token": link.token})


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


def test_a_share_link_stops_working_at_the_time_chosen_and_not_a_second_later(client):
    article = ArticleFactory()
    made = timezone.now() - timezone.timedelta(minutes=59, seconds=59)
    link = preview.share(
        article, by=None, lifetime=timezone.timedelta(hours=1), now=made
    )
    address = reverse("articles:shared_preview", kwargs={"token": link.token})

    assert link.expires_at == made + timezone.timedelta(hours=1)
    assert client.get(address).status_code == 200
    assert preview.link_for(link.token, now=link.expires_at) is None
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    assert client.get(address).status_code == 404


def test_a_share_link_opens_that_story_and_nothing_else(client):
    shared = ArticleFactory(headline="Shared draft")
    ArticleFactory(headline="Other draft")

    for token in ["nonsense", "", "x" * 200, "%00"]:
        address = reverse("articles:shared_preview", kwargs={"token": token or "-"})
        assert client.get(address).status_code == 404
    page = client.get(_link(shared)).content.decode()
    assert "Shared draft" in page and "Other draft" not in page


def test_a_share_link_is_random_and_keeps_no_story_id_nor_expiry():
    article = ArticleFactory()

    first = preview.share(article, by=None)
    second = preview.share(article, by=None)

    assert first.token != second.token
    assert len(first.token) >= 43
    assert str(article.pk) not in first.token.split("-")


def _share_links_admin(**query):
    return reverse("admin:articles_sharelink_changelist") + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


def test_an_editor_shares_for_the_time_chosen_lists_the_link_and_revokes_it(
    client, editor
):
    article = ArticleFactory(headline="Pension reform draft")
    client.force_login(editor)
    before = timezone.now()

    response = client.post(
        reverse("admin:articles_article_share", args=[article.pk]),
        {"lifetime": "1"},
        follow=True,
    )

    link = ShareLink.objects.get()
    assert link.created_by == editor and link.article == article
    assert before + timezone.timedelta(hours=1) <= link.expires_at
    assert link.expires_at <= timezone.now() + timezone.timedelta(hours=1)
    assert link.token in response.content.decode()
    address = reverse("articles:shared_preview", kwargs={"token": link.token})
    reader = Client()
    assert reader.get(address).status_code == 200

    listing = client.get(_share_links_admin(active="yes")).content.decode()
    assert "Pension reform draft" in listing and editor.username in listing
    response = client.post(
        _share_links_admin(),
        {"action": "revoke", "_selected_action": [link.pk]},
        follow=True,
    )

    assert "Revoked 1 share link." in response.content.decode()
    link.refresh_from_db()
    assert link.revoked_by == editor and link.revoked_at is not None
    assert reader.get(address).status_code == 404
    assert (
        "Pension reform draft"
        not in client.get(_share_links_admin(active="yes")).content.decode()
    )


@pytest.mark.parametrize("lifetime", ["100000", "-1", "soon", ""])
def test_a_share_link_cannot_be_made_for_a_time_not_offered(client, editor, lifetime):
    article = ArticleFactory()
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_share", args=[article.pk]),
        {"lifetime": lifetime},
    )

    assert response.status_code == 400
    assert not ShareLink.objects.exists()


def test_a_reporter_cannot_revoke_share_links(client, reporter):
    link = preview.share(ArticleFactory(), by=None)
    client.force_login(reporter)

    response = client.post(
        _share_links_admin(), {"action": "revoke", "_selected_action": [link.pk]}
    )

    assert response.status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None


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
