"""Nothing lost: a published story cannot be deleted; a deleted one waits in the trash."""

import datetime
from io import StringIO

import pytest

from django.contrib.messages import ERROR, SUCCESS
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import trash, workflow
from articles.models import Article, ArticleTransition, BodyPart

from .factories import (
    ArticleFactory,
    BodyPartFactory,
    BylineFactory,
    PublishedArticleFactory,
)
from .helpers import logged_in_client
from .test_admin import LIST_URL, change_url, messages_of, run_action

pytestmark = pytest.mark.django_db

Status = Article.Status
TRASH_URL = reverse("admin:articles_article_trash")


def delete_url(story):
    return reverse("admin:articles_article_delete", args=[story.pk])


def restore_url(story):
    return reverse("admin:articles_article_restore", args=[story.pk])


def _story_with_parts(**fields):
    story = ArticleFactory(**fields)
    BodyPartFactory(article=story, kind=BodyPart.Kind.PARAGRAPH)
    BylineFactory(article=story)
    return story


def test_deleting_a_draft_moves_it_to_the_trash_with_everything_it_had(editor):
    story = _story_with_parts(headline="Harbour plans")
    client = logged_in_client(editor)

    assert delete_url(story) in client.get(change_url(story)).content.decode()
    question = client.get(delete_url(story))
    response = client.post(delete_url(story), {"post": "yes"}, follow=True)

    assert "Move “Harbour plans” to the trash?" in question.content.decode()
    assert (
        SUCCESS,
        "“Harbour plans” is in the trash. An editor can restore it for 30 days; "
        "then it is deleted for good.",
    ) in messages_of(response)
    story.refresh_from_db()
    assert story.trashed_at is not None and story.trashed_by == editor
    assert (story.parts.count(), story.bylines.count()) == (1, 1)
    assert "Harbour plans" not in client.get(LIST_URL).content.decode()
    assert client.get(change_url(story)).status_code == 302
    assert "Harbour plans" in client.get(TRASH_URL).content.decode()


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.SCHEDULED])
def test_a_live_or_scheduled_story_cannot_be_deleted_from_its_page(
    editor, site_administrator, status
):
    story = PublishedArticleFactory(status=status)

    for person in (editor, site_administrator):
        client = logged_in_client(person)
        assert client.get(delete_url(story)).status_code == 403
        assert client.post(delete_url(story), {"post": "yes"}).status_code == 403
        assert delete_url(story) not in client.get(change_url(story)).content.decode()

    story.refresh_from_db()
    assert story.trashed_at is None


def test_bulk_delete_moves_what_it_may_and_refuses_live_stories_by_name(staff_client):
    draft = ArticleFactory(headline="Draft plans")
    spiked = ArticleFactory(headline="Spiked rumour", status=Status.SPIKED)
    live = PublishedArticleFactory(headline="Live story")

    actions = staff_client.get(LIST_URL).context["action_form"].fields["action"]
    response = run_action(staff_client, "trash_selected", [draft, spiked, live])

    assert "delete_selected" not in dict(actions.choices)
    [(level, text)] = messages_of(response)
    assert level == ERROR
    assert text.startswith("2 stories moved to the trash. Not moved:")
    assert "“Live story”: A published story cannot be deleted" in text
    assert set(Article.objects.in_trash()) == {draft, spiked}
    assert set(Article.objects.outside_trash()) == {live}
    # Django's own bulk delete is gone, even posted by hand.
    run_action(staff_client, "delete_selected", [live], post="yes")
    assert Article.objects.filter(pk=live.pk, trashed_at__isnull=True).exists()


def test_an_editor_restores_a_story_as_it_was(editor):
    story = _story_with_parts(status=Status.SUBMITTED)
    trash.trash(story, by=editor)
    client = logged_in_client(editor)

    response = client.post(restore_url(story), follow=True)

    story.refresh_from_db()
    assert story.trashed_at is None and story.status == Status.SUBMITTED
    assert response.redirect_chain[-1][0] == change_url(story)
    assert [t.note for t in story.transitions.all()] == [
        "Moved to the trash.",
        "Restored from the trash.",
    ]
    assert "The trash is empty." in client.get(TRASH_URL).content.decode()


def test_reporters_neither_see_the_trash_nor_restore(reporter, editor):
    story = ArticleFactory(created_by=reporter)
    trash.trash(story, by=editor)
    client = logged_in_client(reporter)

    assert client.get(TRASH_URL).status_code == 403
    assert client.post(restore_url(story)).status_code == 403
    assert 'class="trash-link"' not in client.get(LIST_URL).content.decode()
    story.refresh_from_db()
    assert story.trashed_at is not None


def test_a_story_in_the_trash_moves_nowhere_and_leaves_the_desk(editor):
    story = ArticleFactory(status=Status.SUBMITTED, headline="Binned")
    trash.trash(story, by=editor)

    with pytest.raises(workflow.TransitionNotAllowed, match="in the trash"):
        workflow.approve(story, by=editor)

    desk = logged_in_client(editor).get(reverse("admin:articles_article_desk"))
    assert "Binned" not in desk.content.decode()
    story.refresh_from_db()
    assert story.status == Status.SUBMITTED


def test_the_trash_page_reads_the_same_queries_for_ten_stories_as_for_one(
    editor, django_assert_max_num_queries
):
    client = logged_in_client(editor)
    trash.trash(ArticleFactory(), by=editor)
    client.get(TRASH_URL)
    with CaptureQueriesContext(connection) as one:
        client.get(TRASH_URL)
    for _ in range(9):
        trash.trash(ArticleFactory(), by=editor)

    # The session, the user and their permissions, then the stories.
    with django_assert_max_num_queries(len(one)):
        response = client.get(TRASH_URL)

    assert response.content.decode().count("restore-button") == 10
    assert len(one) <= 6


def test_purge_trash_deletes_what_waited_thirty_days_and_keeps_the_rest(editor):
    now = timezone.now()
    old = _story_with_parts(headline="Old")
    recent = ArticleFactory(headline="Recent")
    trash.trash(old, by=editor, now=now - datetime.timedelta(days=31))
    trash.trash(recent, by=editor, now=now - datetime.timedelta(days=29))
    kept = ArticleFactory(headline="Kept")

    dry = StringIO()
    call_command("purge_trash", "--dry-run", stdout=dry)
    assert Article.objects.count() == 3
    assert f"would purge: {old.pk} Old" in dry.getvalue()

    out = StringIO()
    call_command("purge_trash", stdout=out)

    assert set(Article.objects.all()) == {recent, kept}
    assert f"purged: {old.pk} Old" in out.getvalue()
    assert out.getvalue().endswith("1 purged.\n")
    assert not ArticleTransition.objects.filter(article_id=old.pk).exists()
