"""Who may do what to a story, through every path of the admin, tried with the test client.

Three people try every path on four stories: a reporter (whose own draft, own
submitted story, a colleague's draft and an approved story are on the desk), an
editor, and a staff member in no newsroom group. The paths are the story page (read
and saved), each status button posted straight to its address, each action of the
story list, restoring a revision, sharing a preview link and leaving a comment.

What is allowed happens and is on record (a transition, a revision, a comment, a log
entry); what is refused answers 403 or says why in an error message, and leaves the
story exactly as it was: its status, its words, its history.
"""

import pytest

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.messages import ERROR, SUCCESS, WARNING
from django.urls import reverse
from django.utils import timezone

from articles import revisions, workflow
from articles.models import Article, BodyPart

from .factories import (
    ArticleFactory,
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    UserFactory,
)
from .helpers import logged_in_client
from .test_admin import form_data

Status = Article.Status
LIST_URL = reverse("admin:articles_article_changelist")

ROLES = ["reporter", "editor", "nobody"]
STORIES = ["own_draft", "own_submitted", "others_draft", "approved"]
BUTTONS = [
    "submit",
    "approve",
    "publish",
    "schedule",
    "send_back",
    "unpublish",
    "spike",
]
ACTIONS = [
    "submit_selected",
    "approve_selected",
    "publish_selected",
    "schedule_selected",
    "unpublish_selected",
    "spike_selected",
    "trash_selected",
]

# What each person meets on each story's page: "edit", "read" (a read-only page), or 403.
PAGE = {
    ("reporter", "own_draft"): "edit",
    ("reporter", "own_submitted"): "read",
    ("reporter", "others_draft"): "read",
    ("reporter", "approved"): "read",
    **{("editor", story): "edit" for story in STORIES},
    **{("nobody", story): 403 for story in STORIES},
}

# The status each button (and each list action) leads to, where it is allowed.
# Anything missing is refused; the staff member in no group is refused with a 403.
MOVES = {
    ("reporter", "own_draft", "submit"): Status.SUBMITTED,
    ("editor", "own_draft", "submit"): Status.SUBMITTED,
    ("editor", "own_draft", "spike"): Status.SPIKED,
    ("editor", "own_submitted", "approve"): Status.APPROVED,
    ("editor", "own_submitted", "send_back"): Status.DRAFT,
    ("editor", "own_submitted", "spike"): Status.SPIKED,
    ("editor", "others_draft", "submit"): Status.SUBMITTED,
    ("editor", "others_draft", "spike"): Status.SPIKED,
    ("editor", "approved", "publish"): Status.PUBLISHED,
    ("editor", "approved", "schedule"): Status.SCHEDULED,
    ("editor", "approved", "send_back"): Status.DRAFT,
    ("editor", "approved", "spike"): Status.SPIKED,
}

# The list actions each person is offered; deleting is the editors' own right.
OFFERED = {"reporter": {"submit_selected"}, "editor": set(ACTIONS)}

# Restoring a revision and sharing a preview link are edits: allowed where the page is
# editable. A comment needs only the right to read the story.
EDITS = {key for key, page in PAGE.items() if page == "edit"}
COMMENTS = {key for key, page in PAGE.items() if page != 403}


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    # A few hundred people are made here; the default hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(reporter, other_reporter, editor):
    return {
        "reporter": reporter,
        "other_reporter": other_reporter,
        "editor": editor,
        "nobody": UserFactory(username="nobody", is_staff=True),
    }


def _story(headline, created_by, editor, status=Status.DRAFT):
    """A story with two revisions: "First words." then "Second words."."""
    story = ArticleFactory(headline=headline, created_by=created_by)
    BylineFactory(article=story)
    part = BodyPartFactory(
        article=story,
        position=1,
        kind=BodyPart.Kind.PARAGRAPH,
        text="<p>First words.</p>",
    )
    revisions.save_revision(story, by=created_by, comment="Created.")
    part.text = "<p>Second words.</p>"
    part.save()
    revisions.save_revision(story, by=created_by, comment="Changed the text.")
    if status in (Status.SUBMITTED, Status.APPROVED):
        workflow.submit(story, by=created_by)
    if status == Status.APPROVED:
        workflow.approve(story, by=editor)
    return story


@pytest.fixture
def stories(people):
    reporter, editor = people["reporter"], people["editor"]
    return {
        "own_draft": _story("Own draft", reporter, editor),
        "own_submitted": _story("Own submitted", reporter, editor, Status.SUBMITTED),
        "others_draft": _story("A colleague's draft", people["other_reporter"], editor),
        "approved": _story(
            "Approved", people["other_reporter"], editor, Status.APPROVED
        ),
    }


def state(story):
    """Everything a refused request must leave as it was."""
    story = Article.objects.filter(pk=story.pk).first()
    if story is None:
        return None
    return {
        "status": story.status,
        "headline": story.headline,
        "lock_version": story.lock_version,
        "words": [part.text for part in story.parts.all()],
        "transitions": list(story.transitions.values_list("source", "target", "by")),
        "revisions": revisions.revisions_of(story).count(),
        "comments": story.comments.count(),
        "published_at": story.published_at,
        "trashed": story.trashed_at is not None,
    }


def messages_of(response):
    return [(message.level, str(message)) for message in response.context["messages"]]


def url(name, story, *args):
    return reverse(f"admin:articles_article_{name}", args=[story.pk, *args])


def matrix(expected):
    """Parameters for every role × story, each with the outcome it should have."""
    return [
        pytest.param(role, story, expected(role, story), id=f"{role}-{story}")
        for role in ROLES
        for story in STORIES
    ]


@pytest.mark.parametrize("role, story, outcome", matrix(lambda r, s: PAGE[r, s]))
def test_the_story_page_is_editable_read_only_or_forbidden(
    people, stories, role, story, outcome
):
    response = logged_in_client(people[role]).get(url("change", stories[story]))

    if outcome == 403:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    page = response.content.decode()
    assert ('name="_save"' in page) is (outcome == "edit")
    assert response.context["has_change_permission"] is (outcome == "edit")
    # The inlines follow the story: no row of a read-only story can be edited either.
    for formset in response.context["inline_admin_formsets"]:
        assert formset.has_change_permission is (outcome == "edit")
        assert formset.has_add_permission is (outcome == "edit")


@pytest.mark.parametrize("role, story, outcome", matrix(lambda r, s: PAGE[r, s]))
def test_posting_the_story_form_saves_only_for_who_may_edit(
    people, stories, role, story, outcome
):
    article = stories[story]
    # The whole form as an editor's page holds it, posted by each person in turn.
    data = form_data(logged_in_client(people["editor"]).get(url("change", article)))
    data.update({"headline": "Rewritten headline", "parts-0-text": "<p>New words.</p>"})
    before = state(article)

    response = logged_in_client(people[role]).post(url("change", article), data)

    after = state(article)
    if outcome == "edit":
        assert response.status_code == 302, response.context["errors"]
        assert after["headline"] == "Rewritten headline"
        assert after["words"] == ["<p>New words.</p>"]
        assert after["lock_version"] == before["lock_version"] + 1
        assert after["revisions"] == before["revisions"] + 1
        newest = revisions.revisions_of(article).first().revision
        assert newest.user == people[role]
    else:
        assert response.status_code == 403
        assert after == before


def _button_data(button):
    data = {"change": button, "note": "Because the desk says so."}
    if button == "schedule":
        later = timezone.localtime() + timezone.timedelta(days=2)
        data["at"] = later.strftime("%Y-%m-%dT%H:%M")
    return data


@pytest.mark.parametrize("button", BUTTONS)
@pytest.mark.parametrize(
    "role, story, outcome", matrix(lambda r, s: 403 if r == "nobody" else None)
)
def test_each_status_button_posted_directly_moves_only_what_it_may(
    people, stories, role, story, outcome, button
):
    article = stories[story]
    user = people[role]
    target = MOVES.get((role, story, button))
    before = state(article)

    response = logged_in_client(user).post(
        url("status", article), _button_data(button), follow=True
    )

    after = state(article)
    if outcome == 403:
        assert response.status_code == 403
        assert after == before
    elif target:
        assert after["status"] == target
        assert after["transitions"] == [
            *before["transitions"],
            (before["status"], target, user.pk),
        ]
        assert [level for level, _ in messages_of(response)] == [SUCCESS]
    else:
        assert after == before
        [(level, message)] = messages_of(response)
        assert level == ERROR
        assert message.startswith(("A ", "You may", "Say in the note"))


def _action_data(action, story):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(story.pk)], "index": "0"}
    if action == "schedule_selected":
        later = timezone.localtime() + timezone.timedelta(days=2)
        data.update(apply="1", at=later.strftime("%Y-%m-%dT%H:%M"))
    return data


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    "role, story, outcome", matrix(lambda r, s: 403 if r == "nobody" else None)
)
def test_each_list_action_moves_only_what_it_may(
    people, stories, role, story, outcome, action
):
    article = stories[story]
    user = people[role]
    button = action.removesuffix("_selected")
    before = state(article)

    response = logged_in_client(user).post(
        LIST_URL, _action_data(action, article), follow=True
    )

    after = state(article)
    if outcome == 403:
        assert response.status_code == 403
        assert after == before
    elif action not in OFFERED[role]:
        # An action the person is not offered is not a choice of the list at all.
        assert after == before
        assert (WARNING, "No action selected.") in messages_of(response)
    elif action == "trash_selected":
        # Deleting moves the story to the trash, whole.
        assert after["trashed"] and not before["trashed"]
        assert (after["status"], after["words"]) == (before["status"], before["words"])
    elif target := MOVES.get((role, story, button)):
        assert after["status"] == target
        assert after["transitions"] == [
            *before["transitions"],
            (before["status"], target, user.pk),
        ]
        assert [level for level, _ in messages_of(response)] == [SUCCESS]
    else:
        assert after == before
        [(level, message)] = messages_of(response)
        assert level == ERROR
        assert "Not changed:" in message


@pytest.mark.parametrize("role, story, allowed", matrix(lambda r, s: (r, s) in EDITS))
def test_restoring_a_revision_needs_the_right_to_edit(
    people, stories, role, story, allowed
):
    article = stories[story]
    user = people[role]
    oldest = revisions.revisions_of(article).last()
    before = state(article)

    response = logged_in_client(user).post(url("revision_restore", article, oldest.pk))

    after = state(article)
    if allowed:
        assert response.status_code == 302
        assert after["words"] == ["<p>First words.</p>"]
        assert after["status"] == before["status"]
        assert after["revisions"] == before["revisions"] + 1
        assert revisions.revisions_of(article).first().revision.user == user
    else:
        assert response.status_code == 403
        assert after == before


@pytest.mark.parametrize("role, story, allowed", matrix(lambda r, s: (r, s) in EDITS))
def test_sharing_a_preview_link_needs_the_right_to_edit(
    people, stories, role, story, allowed
):
    article = stories[story]
    user = people[role]
    before = state(article)

    response = logged_in_client(user).post(url("share", article), follow=True)

    shared = LogEntry.objects.filter(
        object_id=str(article.pk), change_message__startswith="Shared a preview link"
    )
    assert state(article) == before
    if allowed:
        [(level, message)] = messages_of(response)
        assert level == SUCCESS
        assert "/preview/" in message
        assert shared.get().user == user
    else:
        assert response.status_code == 403
        assert not shared.exists()


@pytest.mark.parametrize(
    "role, story, allowed", matrix(lambda r, s: (r, s) in COMMENTS)
)
def test_a_comment_needs_only_the_right_to_read_the_story(
    people, stories, role, story, allowed
):
    article = stories[story]
    user = people[role]
    before = state(article)

    response = logged_in_client(user).post(
        url("comment", article), {"comment-text": "Who confirmed the figures?"}
    )

    after = state(article)
    if allowed:
        assert response.status_code == 302
        comment = article.comments.get()
        assert (comment.author, comment.text) == (user, "Who confirmed the figures?")
        assert {**after, "comments": before["comments"]} == before
    else:
        assert response.status_code == 403
        assert after == before


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_the_story_page_of_a_read_only_story_says_why(people, stories, role):
    page = logged_in_client(people[role]).get(url("change", stories["own_submitted"]))

    reason = page.context["read_only_reason"]
    if role == "editor":
        assert reason is None
    else:
        assert reason.startswith("Submitted for review: the desk has the story now.")
        assert str(reason) in page.content.decode()
        assert "Share preview link" not in page.content.decode()


def test_a_draft_sent_back_shows_the_reporter_the_note_on_top(people, stories):
    story = stories["own_submitted"]
    workflow.send_back(story, by=people["editor"], note="Name the second source.")

    page = logged_in_client(people["reporter"]).get(url("change", story))

    panel = (
        page.content.decode().split('class="status-panel', 1)[1].split("</section>")[0]
    )
    assert "Sent back by" in panel
    assert "Name the second source." in panel
    assert page.context["sent_back"].by == people["editor"]
    # Once it is submitted again, the note is history, not an instruction.
    workflow.submit(story, by=people["reporter"])
    again = logged_in_client(people["reporter"]).get(url("change", story))
    assert again.context["sent_back"] is None


@pytest.fixture
def published(people):
    story = _story("Published", people["reporter"], people["editor"], Status.APPROVED)
    workflow.publish(story, by=people["editor"])
    return story


def _with_correction(data, text):
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-text": text,
            "corrections-0-reason": "The reporter misread the table.",
        }
    )
    return data


def test_a_correction_added_on_the_story_page_goes_through_the_workflow(
    people, published
):
    editor = logged_in_client(people["editor"])
    data = _with_correction(
        form_data(editor.get(url("change", published))), "The fare is 4 euros, not 40."
    )
    before = state(published)

    response = editor.post(url("change", published), data)

    assert response.status_code == 302
    correction = published.corrections.get()
    assert correction.text == "The fare is 4 euros, not 40."
    assert correction.created_by == people["editor"]
    assert correction.revision == revisions.revisions_of(published).first().revision
    after = state(published)
    assert after["status"] == Status.PUBLISHED
    assert after["revisions"] == before["revisions"] + 1
    assert after["transitions"][-1] == (
        Status.PUBLISHED,
        Status.PUBLISHED,
        people["editor"].pk,
    )
    # A correction on record is not rewritten from the story page.
    data = form_data(editor.get(url("change", published)))
    assert "corrections-0-text" not in data
    data.update(
        {
            "corrections-0-text": "Quietly changed.",
            "corrections-0-id": str(correction.pk),
        }
    )
    editor.post(url("change", published), data)
    correction.refresh_from_db()
    assert correction.text == "The fare is 4 euros, not 40."


def test_a_draft_takes_no_correction_from_its_page(people, stories):
    draft = stories["own_draft"]
    editor = logged_in_client(people["editor"])
    page = editor.get(url("change", draft))
    assert "corrections" not in [
        formset.formset.prefix for formset in page.context["inline_admin_formsets"]
    ]

    editor.post(url("change", draft), _with_correction(form_data(page), "Fix."))

    assert not draft.corrections.exists()


def test_the_corrections_list_adds_only_to_published_stories_through_the_workflow(
    people, stories, published
):
    editor = logged_in_client(people["editor"])
    add = reverse("admin:articles_correction_add")
    fields = {"kind": "clarification", "text": "The ferry is run by the city."}

    refused = editor.post(add, {**fields, "article": str(stories["own_draft"].pk)})
    made = editor.post(add, {**fields, "article": str(published.pk)})

    assert refused.status_code == 200
    assert "Only a published story takes a correction" in refused.content.decode()
    assert not stories["own_draft"].corrections.exists()
    assert made.status_code == 302
    correction = published.corrections.get()
    assert correction.created_by == people["editor"]
    assert correction.revision is not None
    assert published.transitions.last().note.startswith("Clarification:")


@pytest.mark.parametrize("role", ["reporter", "nobody"])
def test_only_editors_add_corrections_from_the_corrections_list(
    people, published, role
):
    response = logged_in_client(people[role]).post(
        reverse("admin:articles_correction_add"),
        {"article": str(published.pk), "kind": "correction", "text": "Fix."},
    )

    assert response.status_code == 403
    assert not published.corrections.exists()


def test_editors_plan_a_story_on_its_page_and_its_reporter_reads_the_plan(
    people, stories
):
    draft = stories["own_draft"]
    editor = logged_in_client(people["editor"])
    page = editor.get(url("change", draft))
    choices = page.context["adminform"].form.fields["assigned_editor"].queryset
    assert list(choices) == [people["editor"]]
    data = form_data(page)
    data.update(
        {
            "assigned_editor": str(people["editor"].pk),
            "deadline_0": "2030-05-01",
            "deadline_1": "18:00",
            "budget_line": "Night ferry returns; what it costs.",
            "planned_words": "600",
        }
    )

    assert editor.post(url("change", draft), data).status_code == 302

    draft.refresh_from_db()
    assert draft.assigned_editor == people["editor"]
    assert draft.planned_words == 600
    reporter = logged_in_client(people["reporter"])
    page = reporter.get(url("change", draft))
    assert "Night ferry returns; what it costs." in page.content.decode()
    data = form_data(page)
    assert "budget_line" not in data
    data.update({"budget_line": "Something else", "planned_words": "5000"})
    assert reporter.post(url("change", draft), data).status_code == 302
    draft.refresh_from_db()
    assert (draft.budget_line, draft.planned_words) == (
        "Night ferry returns; what it costs.",
        600,
    )


def test_a_reporter_finds_their_own_stories_with_one_filter(people, stories):
    bylined = ArticleFactory(headline="Bylined, made by someone else")
    BylineFactory(article=bylined, author=AuthorFactory(user=people["reporter"]))

    response = logged_in_client(people["reporter"]).get(LIST_URL, {"mine": "yes"})

    listed = {story.headline for story in response.context["cl"].result_list}
    assert listed == {"Own draft", "Own submitted", "Bylined, made by someone else"}


def test_the_desk_says_who_filed_each_story_and_who_edits_it(people, stories):
    editor = people["editor"]
    Article.objects.filter(pk=stories["own_submitted"].pk).update(
        assigned_editor=editor
    )

    page = logged_in_client(editor).get(reverse("admin:articles_article_desk"))

    [waiting] = [b for b in page.context["boards"] if b.slug == "submitted"]
    [row] = waiting.rows
    assert row.article == stories["own_submitted"]
    page = page.content.decode()
    board = page[page.index('id="desk-submitted"') :]
    table = board.split('class="desk-table"')[1].split("</table>")[0]
    assert '<td data-label="Filed by">reporter</td>' in table
    assert '<td data-label="Assigned editor">editor</td>' in table
