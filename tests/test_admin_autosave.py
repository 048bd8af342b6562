"""Nothing lost while typing: the story form kept as typed, for its typist alone,
offered back, restored into the form without saving, and cleared by a save."""

import json

import pytest

from django.contrib.messages import INFO
from django.urls import reverse

from articles.models import Article, Autosave, BodyPart

from .factories import ArticleFactory, AuthorFactory, BodyPartFactory, UserFactory
from .helpers import logged_in_client
from .test_admin import change_url, form_data, messages_of, set_rows

pytestmark = pytest.mark.django_db

Status = Article.Status
ADD_URL = reverse("admin:articles_article_add")
NEW_AUTOSAVE_URL = reverse("admin:articles_article_autosave_new")


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def discard_url(article):
    return reverse("admin:articles_article_autosave_discard", args=[article.pk])


def pairs(data):
    """A ``form_data()`` dict as the [name, value] pairs autosave.js sends."""
    return [
        [name, value]
        for name, values in data.items()
        for value in (values if isinstance(values, list) else [values])
    ]


def keep(client, url, data, **extra):
    body = {"fields": pairs(data), "files": [], "lock_version": None, **extra}
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def story():
    article = ArticleFactory(headline="Night ferry returns", dek="The old dek.")
    BodyPartFactory(article=article, position=0, text="<p>The ferry left.</p>")
    return article


def test_typed_changes_are_kept_and_offered_back_to_their_typist(
    staff_client, staff_user, story
):
    data = form_data(staff_client.get(change_url(story)))
    data.update(headline="Night ferry returns to the islands")

    response = keep(staff_client, autosave_url(story), data, lock_version=1)

    assert response.status_code == 200
    assert "Unsaved changes kept at" in response.json()["message"]
    kept = Autosave.objects.get(user=staff_user, article=story)
    assert ["headline", "Night ferry returns to the islands"] in kept.fields
    assert not any(name == "csrfmiddlewaretoken" for name, _value in kept.fields)
    page = staff_client.get(change_url(story)).content.decode()
    assert "You have unsaved changes from " in page
    assert 'href="?autosave=restore">Restore them</a>' in page
    assert f'action="{discard_url(story)}"' in page
    story.refresh_from_db()
    assert story.headline == "Night ferry returns"


def test_another_editor_never_sees_what_someone_else_typed(staff_client, editor, story):
    data = form_data(staff_client.get(change_url(story)))
    data.update(headline="A headline only I typed")
    keep(staff_client, autosave_url(story), data)
    other = logged_in_client(editor)

    page = other.get(change_url(story)).content.decode()
    restored = other.get(change_url(story), {"autosave": "restore"}).content.decode()

    assert "You have unsaved changes" not in page
    assert "A headline only I typed" not in restored


def test_restoring_fills_the_form_and_its_rows_without_saving(
    staff_client, staff_user, story
):
    writer = AuthorFactory(name="Rita Byline")
    data = form_data(staff_client.get(change_url(story)))
    data.update(headline="Night ferry returns to the islands", dek="")
    data["parts-0-text"] = "<p>The ferry left at dawn.</p>"
    # A row added with "Add another": the fields of the first, blank, and its own.
    for name in [n for n in data if n.startswith("parts-0-")]:
        data[name.replace("parts-0-", "parts-1-")] = ""
    data.update(
        {
            "parts-1-article": str(story.pk),
            "parts-1-display": data["parts-0-display"],
            "parts-1-position": "1",
            "parts-1-kind": BodyPart.Kind.SUBHEAD,
            "parts-1-title": "What comes next",
        }
    )
    data["parts-TOTAL_FORMS"] = "2"
    set_rows(
        data,
        "bylines",
        [{"author": str(writer.pk), "role": "written", "position": "0"}],
    )
    keep(staff_client, autosave_url(story), data)

    response = staff_client.get(change_url(story), {"autosave": "restore"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "are in the form below" in page and 'data-restored="true"' in page
    restored = form_data(response)
    assert restored["headline"] == "Night ferry returns to the islands"
    assert restored["dek"] == ""
    assert "The ferry left at dawn." in restored["parts-0-text"]
    assert restored["parts-1-title"] == "What comes next"
    assert restored["parts-TOTAL_FORMS"] == "2"
    assert restored["bylines-0-author"] == str(writer.pk)
    assert 'href="?autosave=restore"' not in page
    # Nothing was saved, and what was kept is still there until a save.
    story.refresh_from_db()
    assert story.headline == "Night ferry returns"
    assert story.dek == "The old dek."
    assert story.parts.count() == 1 and not story.bylines.exists()
    assert Autosave.objects.filter(user=staff_user, article=story).exists()

    # Saving the restored form keeps it all, and forgets the autosave.
    saved = staff_client.post(change_url(story), {**restored, "dek": "A new dek."})

    assert saved.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Night ferry returns to the islands"
    assert [p.title for p in story.parts.order_by("position")] == [
        "",
        "What comes next",
    ]
    assert story.bylines.get().author == writer
    assert not Autosave.objects.filter(user=staff_user).exists()


def test_a_save_over_an_older_page_restores_with_a_warning(staff_client, story):
    data = form_data(staff_client.get(change_url(story)))
    data.update(headline="Typed on the old page")
    keep(staff_client, autosave_url(story), data, lock_version=story.lock_version)
    story.dek = "Someone else's dek."
    story.save()

    page = staff_client.get(change_url(story)).content.decode()

    assert "The story has been saved since you typed them." in page


def test_discarding_forgets_what_was_kept(staff_client, staff_user, story):
    data = form_data(staff_client.get(change_url(story)))
    keep(staff_client, autosave_url(story), {**data, "headline": "Gone soon"})

    response = staff_client.post(discard_url(story), follow=True)

    assert response.redirect_chain[-1][0] == change_url(story)
    assert messages_of(response) == [(INFO, "Your unsaved changes were discarded.")]
    assert not Autosave.objects.filter(user=staff_user).exists()
    assert "unsaved changes from" not in response.content.decode()
    assert staff_client.get(discard_url(story)).status_code == 405


def test_a_new_story_is_kept_restored_and_forgotten_once_saved(
    staff_client, staff_user
):
    data = form_data(staff_client.get(ADD_URL))
    section = ArticleFactory().section
    data.update(headline="A story not yet saved", section=str(section.pk))
    set_rows(data, "parts", [{"text": "<p>Its first line.</p>", "position": "0"}])

    assert keep(staff_client, NEW_AUTOSAVE_URL, data).status_code == 200
    assert Autosave.objects.get(user=staff_user).article is None
    offered = staff_client.get(ADD_URL).content.decode()
    assert "You have unsaved changes from " in offered
    restored = form_data(staff_client.get(ADD_URL, {"autosave": "restore"}))
    assert restored["headline"] == "A story not yet saved"
    assert "Its first line." in restored["parts-0-text"]
    assert not Article.objects.filter(headline="A story not yet saved").exists()

    assert staff_client.post(ADD_URL, restored).status_code == 302

    assert Article.objects.get(headline="A story not yet saved").parts.count() == 1
    assert not Autosave.objects.filter(user=staff_user).exists()


def test_files_chosen_but_not_uploaded_are_named_to_choose_again(staff_client, story):
    data = form_data(staff_client.get(change_url(story)))
    body = {
        "fields": pairs(data),
        "files": [["lead_image", "ferry-at-dawn.jpg"], ["parts-0-image", ""]],
    }
    staff_client.post(
        autosave_url(story), json.dumps(body), content_type="application/json"
    )

    page = staff_client.get(change_url(story)).content.decode()

    assert "Choose them again:" in page
    assert "<li>ferry-at-dawn.jpg <span" in page


def test_only_who_may_change_the_story_may_keep_its_form(
    client, reporter, other_reporter, story
):
    mine = ArticleFactory(created_by=reporter)
    submitted = ArticleFactory(created_by=reporter, status=Status.SUBMITTED)
    viewer = UserFactory(username="viewer", is_staff=True)
    body = json.dumps({"fields": [["headline", "Mine now"]]})
    as_reporter = logged_in_client(reporter)

    def post(who, article):
        return who.post(autosave_url(article), body, content_type="application/json")

    assert post(as_reporter, mine).status_code == 200
    # Someone else's draft, a story past the reporter's hands, no rights at all.
    assert post(logged_in_client(other_reporter), mine).status_code == 403
    refused = post(as_reporter, submitted)
    assert refused.status_code == 403
    assert refused.json() == {"error": "You may not change this story."}
    assert post(logged_in_client(viewer), story).status_code == 403
    assert post(client, story).status_code == 302  # to the login page
    assert Autosave.objects.count() == 1
    missing = reverse("admin:articles_article_autosave", args=[999999])
    assert (
        as_reporter.post(missing, body, content_type="application/json").status_code
        == 404
    )


@pytest.mark.parametrize(
    "body, message",
    [
        ("{not json", "What was sent is not JSON: "),
        ("[1, 2]", "Send a JSON object with the form's “fields”."),
        ('{"fields": "headline"}', "“fields” must be a list of [name, value] pairs."),
        ('{"fields": [["headline", 3]]}', "Item 0 of “fields” is not a [name, value]"),
        ('{"fields": [["", "x"]]}', "Item 0 of “fields” has no name, or one too long."),
        (
            '{"fields": [], "lock_version": "7"}',
            "“lock_version” must be a whole number",
        ),
        (b"\xff\xfe", "What was sent is not JSON: "),
    ],
)
def test_what_is_not_a_form_is_refused_with_a_clear_400(
    staff_client, staff_user, story, body, message
):
    response = staff_client.post(
        autosave_url(story), body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"].startswith(message)
    assert not Autosave.objects.exists()


def test_a_form_too_large_or_with_too_many_fields_is_refused_and_keeps_the_last(
    staff_client, staff_user, story
):
    keep(staff_client, autosave_url(story), {"headline": "Kept before"})
    huge = {"fields": [["dek", "x" * (1024 * 1024)]]}
    many = {"fields": [[f"f{n}", ""] for n in range(5001)]}

    too_large = staff_client.post(
        autosave_url(story), json.dumps(huge), content_type="application/json"
    )
    too_many = staff_client.post(
        autosave_url(story), json.dumps(many), content_type="application/json"
    )

    assert too_large.status_code == 413
    assert too_large.json()["error"].startswith("The form is too large to keep")
    assert too_many.status_code == 413
    assert too_many.json()["error"] == "Too many fields to keep (5001, at most 5000)."
    kept = Autosave.objects.get(user=staff_user, article=story)
    assert kept.fields == [["headline", "Kept before"]]


def test_the_autosave_address_takes_only_post(staff_client, story):
    response = staff_client.get(autosave_url(story))

    assert response.status_code == 405
    assert response.json() == {"error": "Send the form with POST."}


def test_the_story_page_costs_the_same_queries_with_an_autosave_or_without(
    staff_client, story, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as without:
        staff_client.get(change_url(story))
    keep(staff_client, autosave_url(story), {"headline": "Typed"})
    with CaptureQueriesContext(connection) as offered:
        staff_client.get(change_url(story))

    assert len(offered) == len(without)


def test_a_page_a_save_refused_counts_as_unsaved_and_is_kept(staff_client, story):
    data = form_data(staff_client.get(change_url(story)))

    refused = staff_client.post(change_url(story), {**data, "headline": ""})
    plain = staff_client.get(change_url(story))

    assert refused.status_code == 200
    assert 'data-unsaved="true"' in refused.content.decode()
    assert 'data-restored="true"' not in refused.content.decode()
    assert 'data-unsaved="true"' not in plain.content.decode()


@pytest.mark.django_db(transaction=True)
def test_restoring_outside_a_test_transaction_shows_the_form(staff_client, story):
    # As served: no transaction around the request, where PostgreSQL refuses a row
    # lock. Showing restored input saves nothing, so it takes no lock.
    data = form_data(staff_client.get(change_url(story)))
    keep(staff_client, autosave_url(story), {**data, "headline": "Typed, not saved"})

    response = staff_client.get(change_url(story), {"autosave": "restore"})

    assert response.status_code == 200
    assert form_data(response)["headline"] == "Typed, not saved"
