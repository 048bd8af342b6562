"""Notifications: each move, comment and mention tells the people it concerns, in
their inbox and by email, never the person who did it."""

import logging

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles import notifications, workflow
from articles.models import Article, EditorialComment, Notification, StaffPreferences
from articles.roles import EDITOR, SITE_ADMINISTRATOR

from .factories import ArticleFactory, AuthorFactory, BylineFactory, UserFactory
from .helpers import logged_in_client

pytestmark = pytest.mark.django_db
Status = Article.Status
Kind = Notification.Kind
INBOX = reverse("admin:articles_notification_changelist")
READ = reverse("admin:articles_notification_read")


def told(kind=None):
    """Who was told what, as (username, kind) pairs in a set; nobody told twice."""
    rows = Notification.objects.all()
    if kind:
        rows = rows.filter(kind=kind)
    pairs = [(n.recipient.username, n.kind) for n in rows.select_related("recipient")]
    assert len(pairs) == len(set(pairs)), f"Someone was told twice: {sorted(pairs)}"
    return set(pairs)


@pytest.fixture
def story(reporter, other_reporter):
    """Rita's story, with Omar's byline beside hers."""
    article = ArticleFactory(created_by=reporter, ready_for_the_desk=True)
    BylineFactory(article=article, author=AuthorFactory(user=other_reporter))
    return article


@pytest.fixture
def chief(db):
    from .conftest import _member_of

    return _member_of(SITE_ADMINISTRATOR, "chief")


def test_a_submission_tells_every_editor_and_not_the_writer(
    story, reporter, editor, chief
):
    workflow.submit(story, by=reporter)

    assert told() == {("editor", Kind.SUBMITTED), ("chief", Kind.SUBMITTED)}


def test_a_submission_tells_only_the_assigned_editor_when_there_is_one(
    story, reporter, editor, chief
):
    story.assigned_editor = chief
    story.save()

    workflow.submit(story, by=reporter)

    assert told() == {("chief", Kind.SUBMITTED)}


def test_sent_back_tells_the_writers_with_the_note(story, reporter, editor):
    workflow.submit(story, by=reporter)
    Notification.objects.all().delete()

    workflow.send_back(story, by=editor, note="Who said the fares fall?")

    assert told() == {
        ("reporter", Kind.SENT_BACK),
        ("other-reporter", Kind.SENT_BACK),
    }
    assert {n.text for n in Notification.objects.all()} == {"Who said the fares fall?"}
    assert {n.actor for n in Notification.objects.all()} == {editor}


def test_approve_schedule_and_publish_tell_the_writers_not_the_actor(
    story, reporter, other_reporter, editor
):
    workflow.submit(story, by=reporter)
    Notification.objects.all().delete()

    workflow.approve(story, by=editor)
    assert told() == {("reporter", Kind.APPROVED), ("other-reporter", Kind.APPROVED)}

    workflow.publish(story, by=editor, at=timezone.now() + timezone.timedelta(days=1))
    assert told(Kind.SCHEDULED) == {
        ("reporter", Kind.SCHEDULED),
        ("other-reporter", Kind.SCHEDULED),
    }

    # An editor who is also on the byline is not told of her own move.
    BylineFactory(article=story, author=AuthorFactory(user=editor))
    workflow.transition(story, Status.APPROVED, by=editor)
    workflow.publish(story, by=editor)
    assert told(Kind.PUBLISHED) == {
        ("reporter", Kind.PUBLISHED),
        ("other-reporter", Kind.PUBLISHED),
    }
    assert not Notification.objects.filter(recipient=editor).exists()


def test_a_story_published_on_schedule_says_the_newsroom_did_it(story, editor):
    story.status = Status.SCHEDULED
    story.published_at = timezone.now() - timezone.timedelta(minutes=1)
    story.save()

    workflow.publish_scheduled()

    published = Notification.objects.filter(kind=Kind.PUBLISHED)
    assert {n.recipient.username for n in published} == {"reporter", "other-reporter"}
    assert published[0].summary.startswith("The newsroom published")


def test_spiking_unpublishing_and_a_refused_move_tell_nobody(story, reporter, editor):
    workflow.spike(story, by=editor)
    workflow.transition(story, Status.DRAFT, by=editor)
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.approve(story, by=editor)

    assert not Notification.objects.exists()


def test_a_comment_tells_the_writers_and_the_conversation_not_its_author(
    story, reporter, editor, chief
):
    EditorialComment.objects.create(article=story, author=chief, text="Good lead.")
    Notification.objects.all().delete()
    client = logged_in_client(editor)

    client.post(
        reverse("admin:articles_article_comment", args=[story.pk]),
        {"comment-text": "Check the fares against the port's table."},
    )

    assert told() == {
        ("reporter", Kind.COMMENT),
        ("other-reporter", Kind.COMMENT),
        ("chief", Kind.COMMENT),
    }


def test_a_mention_tells_the_person_named_once(story, reporter, editor):
    desk = UserFactory(username="ana.ortiz", email="ana@example.org", is_staff=True)
    UserFactory(username="gone", is_active=False, is_staff=True)
    UserFactory(username="reader")
    client = logged_in_client(editor)

    client.post(
        reverse("admin:articles_article_comment", args=[story.pk]),
        {
            "comment-text": "@Ana.Ortiz, can you check? @gone, @reader and @editor too. @reporter."
        },
    )

    assert told(Kind.MENTION) == {
        ("ana.ortiz", Kind.MENTION),
        ("reporter", Kind.MENTION),
    }
    # Named, so told of the mention rather than of the comment as well.
    assert told(Kind.COMMENT) == {("other-reporter", Kind.COMMENT)}
    assert desk.notifications.get().summary.endswith(
        f"mentioned you on “{story.headline}”"
    )


def test_emails_go_after_commit_to_whoever_wants_them(
    story, reporter, other_reporter, editor, django_capture_on_commit_callbacks
):
    StaffPreferences.objects.create(user=other_reporter, email_notifications=False)
    workflow.submit(story, by=reporter)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.send_back(story, by=editor, note="Needs a second source.")
    assert mail.outbox == []
    for callback in callbacks:
        callback()

    [message] = mail.outbox
    assert message.to == [reporter.email]
    assert "sent back" in message.subject and story.headline in message.subject
    assert "Needs a second source." in message.body
    notification = Notification.objects.get(recipient=reporter)
    link = reverse("admin:articles_notification_open", args=[notification.pk])
    assert link in message.body
    # Both are in the inbox, email or not.
    assert told() >= {("reporter", Kind.SENT_BACK), ("other-reporter", Kind.SENT_BACK)}


def test_email_off_on_the_settings_page_is_respected(
    story, reporter, editor, django_capture_on_commit_callbacks
):
    client = logged_in_client(reporter)
    page = client.get(reverse("admin:articles_staffpreferences_changelist"))
    assert page.status_code == 302
    response = client.post(page.url, {})  # the box unticked
    assert response.status_code == 302
    assert not StaffPreferences.objects.get(user=reporter).email_notifications

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(story, by=reporter)
        workflow.send_back(story, by=editor, note="Shorter, please.")

    # The editor hears of the submission, Omar of the send-back; Rita by email, no.
    assert [m.to for m in mail.outbox] == [
        [editor.email],
        ["other-reporter@example.org"],
    ]
    assert Notification.objects.filter(recipient=reporter).exists()


def test_nobody_opens_another_persons_settings(reporter, editor):
    theirs, _ = StaffPreferences.objects.get_or_create(user=editor)
    url = reverse("admin:articles_staffpreferences_change", args=[theirs.pk])
    response = logged_in_client(reporter).get(url)
    assert response.status_code in (302, 403, 404)
    assert response.status_code != 200


def test_a_mail_server_that_fails_is_logged_and_the_move_stands(
    story, reporter, editor, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        9,
        2,
    )

    with caplog.at_level(logging.WARNING, logger="articles.notifications"):
        with django_capture_on_commit_callbacks(execute=True):
            workflow.submit(story, by=reporter)

    story.refresh_from_db()
    assert story.status == Status.SUBMITTED
    assert told() == {("editor", Kind.SUBMITTED)}
    assert "not emailed" in caplog.text


def test_the_inbox_lists_marks_read_and_opens_the_story(story, reporter, editor):
    workflow.submit(story, by=reporter)
    workflow.send_back(story, by=editor, note="Shorter, please.")
    EditorialComment.objects.create(article=story, author=editor, text="And @reporter")
    client = logged_in_client(reporter)

    page = client.get(INBOX).content.decode()
    assert page.count('class="inbox-row inbox-unread"') == 2
    assert '<span class="inbox-count">2 unread</span>' in page
    assert 'name="all" value="Mark all read"' in page
    assert f"sent back “{story.headline}”" in page
    assert "Shorter, please." in page

    mention = Notification.objects.get(recipient=reporter, kind=Kind.MENTION)
    opened = client.get(reverse("admin:articles_notification_open", args=[mention.pk]))
    assert opened.url == (
        reverse("admin:articles_article_change", args=[story.pk]) + "#desk-comments"
    )
    mention.refresh_from_db()
    assert mention.is_read

    client.post(READ, {"all": "1"})
    assert not Notification.objects.filter(recipient=reporter).unread().exists()
    page = client.get(INBOX).content.decode()
    assert 'class="inbox-row inbox-unread"' not in page
    assert '<span class="inbox-count">0 unread</span>' in page
    assert "Mark all read" not in page


def test_nobody_reads_or_marks_another_persons_notifications(story, reporter, editor):
    workflow.submit(story, by=reporter)
    theirs = Notification.objects.get(recipient=editor)
    client = logged_in_client(reporter)

    assert theirs.summary not in client.get(INBOX).content.decode()
    opened = client.get(reverse("admin:articles_notification_open", args=[theirs.pk]))
    assert opened.status_code == 404
    client.post(READ, {"id": [str(theirs.pk)]})
    theirs.refresh_from_db()
    assert not theirs.is_read


def _notify(recipient, count, actor):
    for n in range(count):
        article = ArticleFactory(headline=f"Harbour story {n}")
        notifications._write(
            article, Kind.COMMENT, {recipient.pk}, actor=actor, text=""
        )


def test_unread_counts_show_in_the_header_and_on_the_home_page(reporter, editor):
    _notify(reporter, 3, editor)
    client = logged_in_client(reporter)

    home = client.get(reverse("admin:index")).content.decode()

    assert 'class="inbox-badge">3<' in home
    assert "3 unread notifications" in home
    assert home.count('class="inbox-line inbox-comment"') == 3
    story_list = client.get(reverse("admin:articles_article_changelist"))
    assert 'class="inbox-badge">3<' in story_list.content.decode()


@pytest.mark.parametrize("url", [INBOX, reverse("admin:index")])
def test_inbox_and_home_ask_the_same_queries_for_3_or_60_notifications(
    reporter, editor, url, django_assert_max_num_queries
):
    client = logged_in_client(reporter)
    counts = []
    for total in (3, 60):
        Notification.objects.all().delete()
        _notify(reporter, total, editor)
        with django_assert_max_num_queries(12) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
        # The header and the page show the same unread count: asked once.
        unread_counts = [
            query["sql"]
            for query in captured.captured_queries
            if "COUNT(" in query["sql"] and '"read_at" IS NULL' in query["sql"]
        ]
        assert len(unread_counts) == 1, unread_counts
    assert counts[0] == counts[1], counts


def test_an_editor_is_also_told_of_her_own_bylined_story_moving(
    story, reporter, editor, chief
):
    from .conftest import _member_of

    second = _member_of(EDITOR, "second-editor")
    BylineFactory(article=story, author=AuthorFactory(user=second))
    workflow.submit(story, by=reporter)
    workflow.approve(story, by=chief)

    assert ("second-editor", Kind.APPROVED) in told()
