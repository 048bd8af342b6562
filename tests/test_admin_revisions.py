"""Revisions and edit conflicts, met through the story page of the admin."""

import pytest

from articles import revisions
from articles.models import Article

from .factories import ArticleFactory, BodyPartFactory, UserFactory
from .helpers import logged_in_client
from .test_admin import change_url, form_data

pytestmark = pytest.mark.django_db


def test_every_save_in_the_admin_stores_a_revision_of_the_whole_story(
    staff_client, staff_user
):
    article = ArticleFactory(headline="Tide tables revised")
    BodyPartFactory(article=article, text="<p>First words.</p>")
    data = form_data(staff_client.get(change_url(article)))
    data["headline"] = "Tide tables revised again"

    response = staff_client.post(change_url(article), data)

    assert response.status_code == 302
    [revision] = revisions.revisions_of(article)
    assert revision.revision.user == staff_user
    assert revision.revision.comment == "Changed headline."
    assert "[paragraph] First words." in revisions.describe_version(revision)


def test_two_editors_the_second_save_over_an_unseen_edit_is_refused(staff_user):
    other = UserFactory(username="second-desk", is_staff=True, is_superuser=True)
    first, second = logged_in_client(staff_user), logged_in_client(other)
    article = ArticleFactory(headline="Storm warning issued")
    BodyPartFactory(article=article, text="<p>Winds of 90 km/h.</p>")
    revisions.save_revision(article, by=staff_user, comment="Created.")
    first_form = form_data(first.get(change_url(article)))
    second_form = form_data(second.get(change_url(article)))

    first_form["headline"] = "Storm warning upgraded"
    assert first.post(change_url(article), first_form).status_code == 302
    second_form["headline"] = "Storm warning lifted"
    refused = second.post(change_url(article), second_form)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else saved" in page
    assert "+ Headline: Storm warning upgraded" in page
    assert "− Headline: Storm warning issued" in page
    # The page is headed by the story as saved, not by the headline refused.
    assert "<h2>Storm warning upgraded</h2>" in page
    assert "Storm warning upgraded | Change article" in page
    assert "<h2>Storm warning lifted</h2>" not in page
    article.refresh_from_db()
    assert article.headline == "Storm warning upgraded"
    assert list(article.parts.values_list("text", flat=True)) == [
        "<p>Winds of 90 km/h.</p>"
    ]


def test_a_save_after_reloading_goes_through(staff_client):
    article = ArticleFactory()
    stale = form_data(staff_client.get(change_url(article)))
    Article.objects.get(pk=article.pk).save()

    fresh = form_data(staff_client.get(change_url(article)))
    fresh["headline"] = "Fresh headline"

    assert staff_client.post(change_url(article), fresh).status_code == 302
    assert stale["seen_lock_version"] != fresh["seen_lock_version"]
