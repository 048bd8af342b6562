"""The admin around a story: its revisions, its preview, desk comments, and the desk."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from django.contrib.messages import ERROR, SUCCESS
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import revisions, workflow
from articles.models import Article, BodyPart, EditorialComment

from .factories import (
    ArticleFactory,
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    PublishedArticleFactory,
    SectionFactory,
    UserFactory,
)
from .helpers import logged_in_client
from .test_admin import change_url, messages_of

pytestmark = pytest.mark.django_db

Status = Article.Status


def revisions_url(article):
    return reverse("admin:articles_article_revisions", args=[article.pk])


def compare_url(article, older, newer):
    url = reverse("admin:articles_article_revisions_compare", args=[article.pk])
    return f"{url}?older={older.pk}&newer={newer.pk}"


def restore_url(article, version):
    return reverse(
        "admin:articles_article_revision_restore", args=[article.pk, version.pk]
    )


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def share_url(article):
    return reverse("admin:articles_article_share", args=[article.pk])


def comment_url(article):
    return reverse("admin:articles_article_comment", args=[article.pk])


DESK_URL = reverse("admin:articles_article_desk")
INDEX_URL = reverse("admin:index")


@pytest.fixture
def revised_story(staff_user):
    """A story saved twice: first with two paragraphs, then with one rewritten."""
    article = ArticleFactory(headline="Ferry line opens")
    first = BodyPartFactory(article=article, position=1, text="<p>The ferry left.</p>")
    BodyPartFactory(article=article, position=2, text="<p>Crowds cheered.</p>")
    revisions.save_revision(article, by=staff_user, comment="Created.")
    first.text = "<p>The ferry left <b>late</b> & full.</p>"
    first.save()
    article.parts.filter(position=2).delete()
    article.headline = "Ferry line opens at last"
    article.save()
    revisions.save_revision(article, by=staff_user, comment="Changed headline.")
    newer, older = revisions.revisions_of(article)
    return article, older, newer


def test_the_story_page_links_to_its_revisions(staff_client, revised_story):
    article, _older, _newer = revised_story

    page = staff_client.get(change_url(article)).content.decode()

    assert f'href="{revisions_url(article)}"' in page


def test_the_revision_list_shows_each_save_with_two_choices_to_compare(
    staff_client, revised_story, django_assert_max_num_queries
):
    article, older, newer = revised_story

    with django_assert_max_num_queries(12):
        response = staff_client.get(revisions_url(article))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Created." in page and "Changed headline." in page
    assert page.count('type="radio" name="older"') == 2
    assert f'name="newer" value="{newer.pk}" id="newer-{newer.pk}" ' in page
    assert f'value="{older.pk}" id="older-{older.pk}"' in page
    assert 'type="submit" value="Compare"' in page
    assert f'href="{restore_url(article, older)}"' in page


def test_comparing_two_revisions_marks_removed_and_added_lines_escaped(
    staff_client, revised_story
):
    article, older, newer = revised_story

    # The order the two were picked in does not matter: older is always first.
    response = staff_client.get(compare_url(article, newer, older))

    assert response.status_code == 200
    page = response.content.decode()
    # A line changed in place shows the words that changed, within it.
    assert "Headline: Ferry line opens<ins> at last</ins>" in page
    assert "[paragraph] The ferry left<ins> late &amp; full</ins>." in page
    assert "<del>[paragraph] Crowds cheered.</del>" in page
    assert "−" in page and "±</span>" in page


def test_comparing_needs_two_different_revisions(staff_client, revised_story):
    article, older, _newer = revised_story

    response = staff_client.get(compare_url(article, older, older), follow=True)

    assert response.redirect_chain[-1][0] == revisions_url(article)
    assert messages_of(response) == [
        (ERROR, "Pick two different revisions to compare.")
    ]


def test_a_revision_of_another_story_is_not_found_under_this_one(
    staff_client, staff_user, revised_story
):
    article, older, _newer = revised_story
    other = ArticleFactory()
    revisions.save_revision(other, by=staff_user, comment="Created.")
    [foreign] = revisions.revisions_of(other)

    assert staff_client.get(restore_url(article, foreign)).status_code == 404
    assert staff_client.post(restore_url(article, foreign)).status_code == 404
    assert staff_client.get(compare_url(article, older, foreign)).status_code == 404


def test_restoring_asks_first_showing_what_would_change(staff_client, revised_story):
    article, older, _newer = revised_story

    response = staff_client.get(restore_url(article, older))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<ins>[paragraph] Crowds cheered.</ins>" in page
    assert "Headline: Ferry line opens<del> at last</del>" in page
    assert 'value="Yes, restore this revision"' in page
    article.refresh_from_db()
    assert article.headline == "Ferry line opens at last"


def test_restoring_through_the_admin_gives_back_the_parts(
    staff_client, staff_user, revised_story
):
    article, older, _newer = revised_story

    response = staff_client.post(restore_url(article, older), follow=True)

    assert response.redirect_chain[-1][0] == change_url(article)
    [(level, text)] = messages_of(response)
    assert level == SUCCESS and "is back as it was on" in text
    article.refresh_from_db()
    assert article.headline == "Ferry line opens"
    assert list(article.parts.order_by("position").values_list("kind", "text")) == [
        (BodyPart.Kind.PARAGRAPH, "<p>The ferry left.</p>"),
        (BodyPart.Kind.PARAGRAPH, "<p>Crowds cheered.</p>"),
    ]
    latest = revisions.revisions_of(article).first()
    assert latest.revision.user == staff_user
    assert latest.revision.comment.startswith("Restored the revision of")


def test_a_reporter_reads_the_revisions_of_a_story_they_cannot_edit_but_cannot_restore(
    reporter, revised_story
):
    article, older, _newer = revised_story
    Article.objects.filter(pk=article.pk).update(status=Status.SUBMITTED)
    client = logged_in_client(reporter)

    assert client.get(revisions_url(article)).status_code == 200
    assert "Restore…" not in client.get(revisions_url(article)).content.decode()
    assert client.get(restore_url(article, older)).status_code == 403
    assert client.post(restore_url(article, older)).status_code == 403
    article.refresh_from_db()
    assert article.headline == "Ferry line opens at last"


def test_the_story_page_links_to_its_preview_and_offers_a_share_link(staff_client):
    article = ArticleFactory()

    page = staff_client.get(change_url(article)).content.decode()

    assert f'href="{preview_url(article)}"' in page
    assert f'action="{share_url(article)}"' in page
    assert "Share preview link</button>" in page


def test_the_newsroom_sees_a_draft_as_it_will_be_published(
    staff_client, django_assert_max_num_queries
):
    article = ArticleFactory(headline="Harbour bridge reopens", status=Status.DRAFT)
    BodyPartFactory(article=article, text="<p>Traffic crossed at dawn.</p>")
    BodyPartFactory(
        article=article, kind=BodyPart.Kind.SUBHEAD, title="What comes next", text=""
    )

    with django_assert_max_num_queries(12):
        response = staff_client.get(preview_url(article))

    assert response.status_code == 200
    page = response.content.decode()
    # The public article page itself (Jinja2 lists no templates on the response).
    assert '<article class="article">' in page
    assert "Harbour bridge reopens" in page
    assert "Traffic crossed at dawn." in page and "What comes next" in page
    assert "Draft: not published." in page and "Preview for the newsroom" in page
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_someone_not_logged_in_is_sent_to_log_in_instead_of_the_preview(client):
    article = ArticleFactory(headline="Harbour bridge reopens")

    response = client.get(preview_url(article))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert "Harbour bridge reopens" not in client.get(response.url).content.decode()


def test_a_shared_link_opens_the_draft_for_someone_without_an_account(staff_client):
    article = ArticleFactory(headline="Harbour bridge reopens", status=Status.DRAFT)
    BodyPartFactory(article=article, text="<p>Traffic crossed at dawn.</p>")

    response = staff_client.post(share_url(article), follow=True)

    assert response.redirect_chain[-1][0] == change_url(article)
    [(level, text)] = messages_of(response)
    assert level == SUCCESS and "Anyone with this link can read the story until" in text
    link = text.rsplit(" ", 1)[-1]
    assert link.startswith("http://testserver/preview/")
    shared = Client().get(link)
    assert shared.status_code == 200
    assert "Traffic crossed at dawn." in shared.content.decode()


def test_sharing_is_a_button_not_a_link(staff_client):
    article = ArticleFactory()

    assert staff_client.get(share_url(article)).status_code == 405


def test_a_comment_for_the_desk_is_signed_by_whoever_wrote_it(staff_client, staff_user):
    article = ArticleFactory()
    lock_version = article.lock_version

    response = staff_client.post(
        comment_url(article), {"comment-text": "Check the ferry's name with the port."}
    )

    assert response.status_code == 302
    assert response.url == f"{change_url(article)}#desk-comments"
    [comment] = article.comments.all()
    assert comment.author == staff_user
    assert comment.text == "Check the ferry's name with the port."
    article.refresh_from_db()
    assert article.lock_version == lock_version
    page = staff_client.get(change_url(article)).content.decode()
    assert "Comments for the desk" in page
    assert "<strong>desk</strong>" in page
    assert "Check the ferry&#x27;s name with the port." in page
    assert 'name="comment-text"' in page


def test_comments_show_among_the_status_changes_in_the_order_they_happened(
    staff_client, reporter, editor
):
    article = ArticleFactory(created_by=reporter)
    EditorialComment.objects.create(
        article=article, author=reporter, text="Ready soon."
    )
    workflow.submit(article, by=reporter)
    EditorialComment.objects.create(
        article=article, author=editor, text="Tighten the top."
    )

    page = staff_client.get(change_url(article)).content.decode()

    history = page[page.index('class="transition-history') :]
    assert history.index("Ready soon.") < history.index("submitted")
    assert history.index("submitted") < history.index("Tighten the top.")
    assert '<tr class="history-comment">' in history


def test_a_reporter_can_answer_the_desk_on_a_story_they_can_no_longer_edit(reporter):
    article = ArticleFactory(created_by=reporter)
    workflow.submit(article, by=reporter)
    client = logged_in_client(reporter)

    response = client.post(comment_url(article), {"comment-text": "Sources confirmed."})

    assert response.status_code == 302
    assert article.comments.get().author == reporter


def test_an_empty_comment_is_refused_and_a_comment_is_shown_as_plain_text(staff_client):
    article = ArticleFactory()

    refused = staff_client.post(
        comment_url(article), {"comment-text": "  "}, follow=True
    )
    staff_client.post(comment_url(article), {"comment-text": "<b>Bold</b> claim?"})

    assert messages_of(refused) == [(ERROR, "Write a comment first.")]
    assert article.comments.count() == 1
    page = staff_client.get(change_url(article)).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt; claim?" in page
    assert "<b>Bold</b>" not in page


def _table(page, heading):
    """The part of the desk page under ``heading``, up to the next section."""
    start = page.index(f'-heading">{heading} (')
    end = page.find("</section>", start)
    return page[start:end]


# Thursday 3 December 2026, 10:00 in London: the desk's day in the tests below.
NOON_ISH = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def desk_day(settings):
    settings.TIME_ZONE = "Europe/London"
    with time_machine.travel(NOON_ISH, tick=False):
        yield NOON_ISH


def _stories_in_every_state(reporter):
    """One story for each board of the desk, and some that belong on none."""
    now = timezone.now()
    hour = timezone.timedelta(hours=1)
    chief = UserFactory(username="chief", first_name="Ana", is_staff=True)
    first_in = ArticleFactory(headline="Submitted first", created_by=reporter)
    workflow.submit(first_in, by=reporter)
    later = ArticleFactory(
        headline="Submitted later",
        created_by=reporter,
        assigned_editor=chief,
        budget_line="Council votes on the ferry budget",
        planned_words=600,
        deadline=now - 2 * hour,
    )
    BodyPartFactory(article=later, text="<p>Five words in this paragraph.</p>")
    BodyPartFactory(
        article=later, kind=BodyPart.Kind.SUBHEAD, title="Two words", text=""
    )
    workflow.submit(later, by=reporter)
    ArticleFactory(headline="Due tonight", deadline=now + 8 * hour)
    ArticleFactory(headline="Due tomorrow", deadline=now + 24 * hour)
    ArticleFactory(headline="No deadline")
    ArticleFactory(
        headline="Approved and waiting", status=Status.APPROVED, deadline=now + hour
    )
    ArticleFactory(
        headline="Out at six",
        status=Status.SCHEDULED,
        published_at=now + 8 * hour,
    )
    ArticleFactory(
        headline="Under embargo",
        status=Status.SCHEDULED,
        published_at=now + 2 * hour,
        embargo_until=now + 30 * hour,
    )
    PublishedArticleFactory(headline="Already out", deadline=now - hour)
    ArticleFactory(headline="Spiked story", status=Status.SPIKED, deadline=now)
    ArticleFactory(headline="In the trash", deadline=now, trashed_at=now)
    return chief, later


def test_the_desk_shows_every_story_in_flight_on_the_board_of_its_state(
    staff_client, reporter, desk_day, django_assert_max_num_queries
):
    chief, later = _stories_in_every_state(reporter)

    # Session, user, the unread notifications in the header, the stories with
    # their word counts, their bylines, the published stories citing a source in
    # doubt, and the filters' choices.
    with django_assert_max_num_queries(10):
        response = staff_client.get(DESK_URL)

    assert response.status_code == 200
    page = response.content.decode()
    overdue = _table(page, "Overdue")
    assert "Submitted later" in overdue and "overdue</strong>" in overdue
    assert "Due tonight" not in overdue and "Already out" not in overdue
    due_today = _table(page, "Due today")
    assert due_today.index("Approved and waiting") < due_today.index("Due tonight")
    assert "Due tomorrow" not in due_today and "Submitted later" not in due_today
    waiting = _table(page, "Waiting for review")
    assert waiting.index("Submitted first") < waiting.index("Submitted later")
    assert f'href="{change_url(later)}"' in waiting
    assert "Ana" in waiting or "chief" in waiting
    assert "Council votes on the ferry budget" in waiting
    assert "7 / 600" in waiting
    approved = _table(page, "Approved, waiting to be published")
    assert "Approved and waiting" in approved and "Submitted" not in approved
    scheduled = _table(page, "Scheduled")
    assert scheduled.index("Under embargo") < scheduled.index("Out at six")
    assert ">Publishes at</th>" in scheduled
    embargoed = _table(page, "Embargoed")
    assert "Under embargo" in embargoed and "Out at six" not in embargoed
    drafts = _table(page, "Drafts")
    assert (
        drafts.index("Due tonight")
        < drafts.index("Due tomorrow")
        < drafts.index("No deadline")
    )
    assert '<span class="status-badge status-draft">Draft</span>' in drafts
    for gone in ("Already out", "Spiked story", "In the trash"):
        assert gone not in page


def test_the_desk_costs_the_same_queries_for_three_stories_or_thirty(
    staff_client, reporter, desk_day
):
    def queries():
        with CaptureQueriesContext(connection) as context:
            assert staff_client.get(DESK_URL).status_code == 200
        return len(context)

    _stories_in_every_state(reporter)
    few = queries()
    for number in range(30):
        story = ArticleFactory(
            headline=f"Planned story {number}",
            status=[Status.DRAFT, Status.SUBMITTED, Status.APPROVED][number % 3],
            deadline=timezone.now() + timezone.timedelta(days=number - 3),
            assigned_editor=UserFactory(is_staff=True),
            created_by=UserFactory(),
        )
        BylineFactory.create_batch(2, article=story)
        BodyPartFactory.create_batch(3, article=story)

    assert queries() == few


def test_the_desk_filters_by_section_with_its_children_and_by_person(
    staff_client, reporter, other_reporter, desk_day
):
    world = SectionFactory(name="World", slug="world")
    europe = SectionFactory(name="Europe", slug="europe", parent=world)
    science = SectionFactory(name="Science", slug="science")
    chief = UserFactory(username="chief", is_staff=True)
    rita = AuthorFactory(name="Rita Byline")
    in_europe = ArticleFactory(
        headline="Ferry strike in Calais", section=europe, created_by=reporter
    )
    BylineFactory(article=in_europe, author=rita)
    ArticleFactory(
        headline="World summit opens",
        section=world,
        created_by=other_reporter,
        assigned_editor=chief,
    )
    ArticleFactory(headline="Comet returns", section=science, created_by=reporter)

    def headlines(**query):
        page = staff_client.get(DESK_URL, query).content.decode()
        found = {
            h
            for h in ("Ferry strike in Calais", "World summit opens", "Comet returns")
            if h in page
        }
        return found, page

    assert headlines(section=world.pk)[0] == {
        "Ferry strike in Calais",
        "World summit opens",
    }
    assert headlines(section=europe.pk)[0] == {"Ferry strike in Calais"}
    assert headlines(writer=reporter.pk)[0] == {
        "Ferry strike in Calais",
        "Comet returns",
    }
    assert headlines(byline=rita.pk)[0] == {"Ferry strike in Calais"}
    assert headlines(assignee=chief.pk)[0] == {"World summit opens"}
    assert headlines(section=world.pk, writer=reporter.pk)[0] == {
        "Ferry strike in Calais"
    }
    found, page = headlines(section=world.pk)
    assert f'<option value="{world.pk}" selected>World</option>' in page
    assert '<label for="id_section">Section</label>' in page
    assert '<label for="id_byline">Byline</label>' in page
    # Staff by first name (none first), then username, whenever they joined.
    UserFactory(username="zed", first_name="Aaron", is_staff=True)
    UserFactory(username="reader", first_name="Abe")
    page = staff_client.get(DESK_URL).content.decode()
    for field in ("writer", "assignee"):
        select = re.search(rf'<select name="{field}".*?</select>', page, re.S)
        names = re.findall(r'<option value="\d+">([^<]+)</option>', select[0])
        assert names == ["chief", "desk", "other-reporter", "reporter", "Aaron"]


def test_a_filter_the_desk_does_not_know_is_said_and_every_story_shown(
    staff_client, desk_day
):
    ArticleFactory(headline="Comet returns")

    response = staff_client.get(DESK_URL, {"section": "not-a-number"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "A filter was not understood, so every story is shown." in page
    assert "Select a valid choice." in page
    assert "Comet returns" in page


def test_the_admin_home_page_counts_stories_per_state_linking_to_the_list(
    staff_client, django_assert_max_num_queries
):
    ArticleFactory.create_batch(3)
    ArticleFactory(status=Status.SUBMITTED)
    PublishedArticleFactory.create_batch(2)

    # Session, user, the unread notifications (header and inbox summary), counts.
    with django_assert_max_num_queries(5):
        response = staff_client.get(INDEX_URL)

    page = response.content.decode()
    counts = page[page.index('id="desk-counts"') :]
    list_url = reverse("admin:articles_article_changelist")
    for status, count in (
        ("draft", 3),
        ("submitted", 1),
        ("published", 2),
        ("spiked", 0),
    ):
        assert f'<a href="{list_url}?status__exact={status}">{count}</a>' in counts
    assert f'href="{DESK_URL}"' in counts
    filtered = staff_client.get(f"{list_url}?status__exact=published")
    assert filtered.context["cl"].result_count == 2


def test_the_story_list_links_to_the_desk(staff_client):
    page = staff_client.get(
        reverse("admin:articles_article_changelist")
    ).content.decode()

    assert f'href="{DESK_URL}"' in page


def test_the_desk_needs_a_login_and_a_right_to_see_stories(client):
    nobody = UserFactory(username="visitor", is_staff=True)

    assert client.get(DESK_URL).status_code == 302
    assert logged_in_client(nobody).get(DESK_URL).status_code == 403
    assert (
        'id="desk-counts"'
        not in logged_in_client(nobody).get(INDEX_URL).content.decode()
    )


def _queries_to_compare_and_restore(client, user, parts):
    article = ArticleFactory(headline=f"Ferry line opens, {parts} parts")
    for position in range(parts):
        BodyPartFactory(
            article=article, position=position, text=f"<p>Line {position}.</p>"
        )
    revisions.save_revision(article, by=user, comment="Created.")
    article.headline += " at last"
    article.save()
    revisions.save_revision(article, by=user, comment="Changed headline.")
    newer, older = revisions.revisions_of(article)
    client.get(compare_url(article, older, newer))  # what the process keeps, once

    with CaptureQueriesContext(connection) as compare:
        assert client.get(compare_url(article, older, newer)).status_code == 200
    with CaptureQueriesContext(connection) as restore:
        assert client.get(restore_url(article, older)).status_code == 200
    return len(compare), len(restore)


def test_comparing_and_restoring_take_the_same_queries_however_long_the_story(
    staff_client, staff_user
):
    # Nothing is asked per stored row (each part, each tag) of a revision.
    short = _queries_to_compare_and_restore(staff_client, staff_user, 2)
    long = _queries_to_compare_and_restore(staff_client, staff_user, 30)

    assert short == long
