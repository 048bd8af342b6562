"""Status buttons on the story page save the page's edits first, then move the story."""

from django.contrib.messages import ERROR, SUCCESS
from django.utils import timezone

from articles import revisions
from articles.models import Article

from .factories import ArticleFactory
from .helpers import logged_in_client
from .test_admin import change_url, form_data, messages_of

Status = Article.Status


def _press(client, article, change, **edits):
    """Open the story page, make ``edits`` in its form, then press a status button."""
    data = form_data(client.get(change_url(article)))
    data.update(edits)
    data["_status_change"] = change
    return client.post(change_url(article), data, follow=True)


def test_submitting_with_an_unsaved_dek_saves_it_then_submits(reporter):
    article = ArticleFactory(created_by=reporter, dek="")
    client = logged_in_client(reporter)

    response = _press(client, article, "submit", dek="Ferries sail again at night.")

    article.refresh_from_db()
    assert article.dek == "Ferries sail again at night."
    assert article.status == Status.SUBMITTED
    assert article.transitions.get().by == reporter
    assert revisions.revisions_of(article).first().revision.user == reporter
    assert (
        SUCCESS,
        f"Your edits are saved. “{article}” is now submitted.",
    ) in messages_of(response)


def test_a_note_and_a_time_typed_in_the_panel_go_with_the_saved_change(staff_client):
    article = ArticleFactory(status=Status.SUBMITTED)

    _press(
        staff_client,
        article,
        "send_back",
        headline="Ferries return",
        _status_note="Add the port's figures.",
    )

    article.refresh_from_db()
    assert (article.headline, article.status) == ("Ferries return", Status.DRAFT)
    assert article.transitions.get().note == "Add the port's figures."


def test_a_page_that_does_not_save_moves_nothing_and_says_so(reporter):
    article = ArticleFactory(created_by=reporter, headline="Ferries", dek="")
    client = logged_in_client(reporter)

    response = _press(client, article, "submit", headline="", dek="A new dek.")

    article.refresh_from_db()
    assert (article.headline, article.dek, article.status) == (
        "Ferries",
        "",
        Status.DRAFT,
    )
    assert not article.transitions.exists()
    content = response.content.decode()
    assert "Nothing was saved and the status did not change" in content
    # What was typed is still on the page, to correct and send again.
    assert "A new dek." in content


def test_a_refused_change_keeps_the_saved_edits_and_says_the_status_stayed(
    staff_client,
):
    article = ArticleFactory(status=Status.SUBMITTED, dek="")

    response = _press(staff_client, article, "send_back", dek="Kept.")

    article.refresh_from_db()
    assert (article.dek, article.status) == ("Kept.", Status.SUBMITTED)
    assert not article.transitions.exists()
    [(level, text)] = messages_of(response)
    assert level == ERROR
    assert text.startswith("Your edits are saved; the status did not change.")
    assert "why the story goes back" in text


def test_the_buttons_belong_to_the_story_form_only_where_the_page_can_save(
    reporter,
):
    own = ArticleFactory(created_by=reporter)
    submitted = ArticleFactory(created_by=reporter, status=Status.SUBMITTED)
    client = logged_in_client(reporter)

    editable = client.get(change_url(own)).content.decode()
    read_only = client.get(change_url(submitted)).content.decode()

    assert 'name="_status_change" value="submit"' in editable
    assert 'form="article_form"' in editable
    assert 'form="article_form"' not in read_only


def test_publish_at_takes_the_admins_date_format_and_names_the_time_zone(
    staff_client, settings
):
    settings.TIME_ZONE = "Europe/Berlin"
    article = ArticleFactory(status=Status.APPROVED, ready_for_the_desk=True)
    page = staff_client.get(change_url(article)).content.decode()
    at = timezone.localtime() + timezone.timedelta(days=2)

    _press(staff_client, article, "schedule", _status_at=at.strftime("%Y-%m-%d %H:%M"))

    assert 'placeholder="YYYY-MM-DD HH:MM"' in page
    assert "in the newsroom&#x27;s time (Europe/Berlin, CE" in page
    article.refresh_from_db()
    assert article.status == Status.SCHEDULED
    assert timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M") == (
        at.strftime("%Y-%m-%d %H:%M")
    )
