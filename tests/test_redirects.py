"""Addresses that last: every address a published story had leads to where it is now."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, FormerAddress

from .factories import ArticleFactory, PublishedArticleFactory, SectionFactory
from .test_admin import change_url, form_data
from .test_sitemaps import absolute, locations, read_xml

pytestmark = pytest.mark.django_db

Status = Article.Status


def _published(**fields):
    """A published story as the admin and the workflow meet it: read from the database."""
    story = PublishedArticleFactory(**fields)
    return Article.objects.get(pk=story.pk)


def _rename_in_admin(client, story, **edits):
    data = form_data(client.get(change_url(story)))
    data.update(edits)
    data["_continue"] = "1"
    response = client.post(change_url(story), data)
    assert response.status_code == 302, response.context["errors"]
    story.refresh_from_db()
    return story


def _assert_redirects(client, old, story, django_assert_max_num_queries):
    current = story.get_absolute_url()
    # A first page reads what the site keeps until its content changes (sections).
    client.get(reverse("articles:home"))
    # The story as it is, and, not found there, the story that had the address.
    with django_assert_max_num_queries(2):
        response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == current
    assert client.get(response["Location"]).status_code == 200


def test_an_editor_changing_the_slug_leaves_the_old_address_leading_to_the_new(
    staff_client, client, django_assert_max_num_queries
):
    story = _published(slug="ferry-returns")
    old = story.get_absolute_url()

    _rename_in_admin(staff_client, story, slug="night-ferry-returns")

    assert story.get_absolute_url().endswith("/night-ferry-returns/")
    _assert_redirects(client, old, story, django_assert_max_num_queries)


def test_moving_a_story_to_another_section_keeps_its_old_address_working(
    staff_client, client, django_assert_max_num_queries
):
    story = _published(section=SectionFactory(slug="world"))
    science = SectionFactory(slug="science", name="Science")
    old = story.get_absolute_url()

    _rename_in_admin(staff_client, story, section=str(science.pk))

    assert story.get_absolute_url().startswith("/science/")
    _assert_redirects(client, old, story, django_assert_max_num_queries)


def test_a_new_publication_date_keeps_the_old_dated_address_working(
    client, django_assert_max_num_queries
):
    story = _published(slug="ferry")
    old = story.get_absolute_url()

    story.published_at -= datetime.timedelta(days=3)
    story.save()

    assert story.get_absolute_url() != old
    assert FormerAddress.objects.get().path == old
    _assert_redirects(client, old, story, django_assert_max_num_queries)


def test_every_address_of_a_chain_of_renames_leads_straight_to_the_last(
    staff_client, client, django_assert_max_num_queries
):
    story = _published(slug="first", section=SectionFactory(slug="world"))
    science = SectionFactory(slug="science", name="Science")
    olds = [story.get_absolute_url()]
    _rename_in_admin(staff_client, story, slug="second")
    olds.append(story.get_absolute_url())
    _rename_in_admin(staff_client, story, section=str(science.pk))
    olds.append(story.get_absolute_url())
    _rename_in_admin(staff_client, story, slug="fourth")

    for old in olds:
        # One hop each, never a chain of redirects.
        _assert_redirects(client, old, story, django_assert_max_num_queries)
    assert story.former_addresses.count() == 3


@pytest.mark.parametrize("verb", [workflow.unpublish, workflow.spike])
def test_a_story_taken_down_answers_404_at_every_address(staff_client, client, verb):
    story = _published(slug="first")
    old = story.get_absolute_url()
    _rename_in_admin(staff_client, story, slug="second")

    if verb is workflow.spike:
        workflow.unpublish(story, by=None)
    verb(story, by=None)

    assert client.get(old).status_code == 404
    assert client.get(story.get_absolute_url()).status_code == 404


def test_renaming_a_story_readers_never_saw_leaves_no_redirect(staff_client, client):
    story = Article.objects.get(pk=ArticleFactory(slug="draft-name").pk)
    old = story.get_absolute_url()

    _rename_in_admin(staff_client, story, slug="better-name")

    assert not FormerAddress.objects.exists()
    assert client.get(old).status_code == 404


def test_a_story_now_at_an_old_address_is_the_one_readers_get(staff_client, client):
    world = SectionFactory(slug="world")
    first = _published(slug="ferry", section=world)
    old = first.get_absolute_url()
    _rename_in_admin(staff_client, first, slug="old-ferry")

    second = _published(slug="ferry", section=world, published_at=first.published_at)

    assert second.get_absolute_url() == old
    assert client.get(old).status_code == 200
    assert client.get(first.get_absolute_url()).status_code == 200


def test_an_old_address_with_an_unicode_slug_redirects(staff_client, client):
    story = _published(slug="東京の朝")
    old = story.get_absolute_url()

    _rename_in_admin(staff_client, story, slug="東京の夜")

    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


def test_the_sitemap_lists_only_the_current_address(staff_client, client):
    story = _published(slug="first")
    old = story.get_absolute_url()
    _rename_in_admin(staff_client, story, slug="second")

    root = read_xml(
        client, reverse("articles:sitemap_section", kwargs={"section": "stories"})
    )

    assert locations(root) == [absolute(story)]
    assert absolute(old) not in locations(root)


def test_the_article_page_still_reads_one_query_after_a_rename(
    staff_client, client, django_assert_max_num_queries
):
    story = _published(slug="first")
    _rename_in_admin(staff_client, story, slug="second")
    client.get(reverse("articles:home"))
    current = story.get_absolute_url()

    with django_assert_max_num_queries(1):
        assert client.get(current).status_code == 200


def test_a_never_used_address_answers_404(client):
    section = SectionFactory(slug="world")
    today = timezone.localdate()
    url = f"/world/{today.year}/{today.month}/{today.day}/nothing-here/"

    assert section.get_absolute_url() == "/world/"
    assert client.get(url).status_code == 404


def test_renaming_a_section_keeps_the_addresses_of_the_stories_readers_saw_in_it(
    staff_client, client, django_assert_max_num_queries
):
    harbour = SectionFactory(name="Harbour", slug="harbour")
    seen = _published(section=harbour, slug="ferry-returns")
    withdrawn = _published(section=harbour, slug="pier-closes")
    workflow.unpublish(withdrawn, by=None)
    draft = ArticleFactory(section=harbour, slug="quay-plans")
    elsewhere = _published(slug="ferry-returns-too")
    old_seen, old_withdrawn = seen.get_absolute_url(), withdrawn.get_absolute_url()
    old_draft, old_elsewhere = draft.get_absolute_url(), elsewhere.get_absolute_url()
    section_url = reverse("admin:articles_section_change", args=[harbour.pk])
    data = form_data(staff_client.get(section_url), form_id="section_form")
    data["slug"] = "waterfront"

    response = staff_client.post(section_url, data)

    assert response.status_code == 302
    seen.refresh_from_db()
    assert seen.get_absolute_url().startswith("/waterfront/")
    _assert_redirects(client, old_seen, seen, django_assert_max_num_queries)
    # A story taken down answers 404 at its old address too; one never published
    # and one of another section got no redirect.
    assert client.get(old_withdrawn).status_code == 404
    assert set(FormerAddress.objects.values_list("article_id", flat=True)) == {
        seen.pk,
        withdrawn.pk,
    }
    # The draft moved with its section; the story of another section did not.
    draft.refresh_from_db()
    elsewhere.refresh_from_db()
    assert old_draft.startswith("/harbour/")
    assert draft.get_absolute_url() == old_draft.replace("/harbour/", "/waterfront/")
    assert elsewhere.get_absolute_url() == old_elsewhere
    assert client.get(old_elsewhere).status_code == 200


def test_a_section_renamed_twice_leads_from_either_old_address_to_the_last(client):
    harbour = SectionFactory(name="Harbour", slug="harbour")
    story = _published(section=harbour, slug="ferry-returns")
    first = story.get_absolute_url()
    harbour.slug = "waterfront"
    harbour.save()
    second = Article.objects.get(pk=story.pk).get_absolute_url()
    harbour.slug = "the-waterfront"
    harbour.save()

    current = Article.objects.get(pk=story.pk).get_absolute_url()
    assert current.startswith("/the-waterfront/")
    for old in (first, second):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == current
