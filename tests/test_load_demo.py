"""load_demo: a whole demo newsroom, in every state, that can be loaded again and again."""

import html
import io
import re
from itertools import pairwise

import pytest
from reversion.models import Revision, Version
from taggit.models import Tag, TaggedItem

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count

from articles.copyreading import load_desk, story_report
from articles.models import (
    Article,
    ArticleTransition,
    Author,
    BodyPart,
    Byline,
    CalloutKind,
    Citation,
    CopyDeskSettings,
    Correction,
    Section,
    Source,
)

pytestmark = pytest.mark.django_db

Status = Article.Status
COUNTED = [
    Section,
    Author,
    Source,
    Article,
    BodyPart,
    Byline,
    Citation,
    Correction,
    ArticleTransition,
    Tag,
    TaggedItem,
    Revision,
    Version,
]


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts():
    counts = {model.__name__: model.objects.count() for model in COUNTED}
    counts["User"] = get_user_model().objects.count()
    return counts


def test_the_demo_fills_several_sections_with_twenty_stories_by_several_authors():
    output = load_demo()

    stories = Article.objects.count()
    assert stories >= 20
    assert Article.objects.published().count() >= 20
    assert Section.objects.filter(articles__isnull=False).distinct().count() >= 8
    assert Author.objects.filter(bylines__isnull=False).distinct().count() >= 6
    assert not Author.objects.filter(title="").exists()
    assert not Author.objects.filter(bio="").exists()
    assert {
        child.slug for child in Section.objects.get(slug="world").children.all()
    } == {
        "asia-pacific",
        "europe",
    }
    assert f"Stories: {stories} ({stories} created, 0 kept)" in output


def test_the_demo_uses_every_kind_of_body_part_and_every_callout_kind():
    load_demo()

    assert set(BodyPart.objects.values_list("kind", flat=True)) == set(
        BodyPart.Kind.values
    )
    used = CalloutKind.objects.filter(parts__isnull=False).distinct()
    assert used.count() == CalloutKind.objects.count()
    quotes = BodyPart.objects.filter(kind=BodyPart.Kind.QUOTE)
    assert set(quotes.values_list("display", flat=True)) == set(BodyPart.Display.values)
    assert not quotes.filter(speaker="").exists()
    assert quotes.filter(quote_source__isnull=False).exists()
    for image in BodyPart.objects.filter(kind=BodyPart.Kind.IMAGE):
        assert image.alt_text and image.caption
        assert image.image.storage.exists(image.image.name)


def test_every_published_story_has_headed_sections_a_dek_a_dateline_and_tags():
    load_demo()

    for article in Article.objects.published():
        assert article.dek and article.dateline, article.headline
        assert article.tags.exists(), article.headline
        assert len([s for s in article.body_sections() if s.subhead]) >= 2, (
            article.headline
        )
        assert article.bylines.exists(), article.headline


def test_the_demo_credits_every_byline_role():
    load_demo()

    assert set(Byline.objects.values_list("role", flat=True)) == set(Byline.Role.values)


def test_the_demo_has_a_story_in_every_status_each_with_the_history_that_led_there():
    load_demo()

    assert set(Article.objects.values_list("status", flat=True)) == set(Status.values)
    for article in Article.objects.all():
        steps = list(article.transitions.order_by("pk"))
        if article.status == Status.DRAFT:
            assert steps == []
            continue
        assert steps[0].source == Status.DRAFT
        assert steps[-1].target == article.status
        for before, after in pairwise(steps):
            assert after.source == before.target
            assert after.created_at >= before.created_at
    published = Article.objects.filter(status=Status.PUBLISHED)
    for article in published:
        assert article.transitions.last().created_at == article.published_at
    spiked = Article.objects.get(status=Status.SPIKED)
    assert spiked.transitions.last().note
    assert spiked.transitions.last().by.author.name


def test_every_demo_story_starts_with_a_first_draft_revision_by_its_reporter():
    from articles.revisions import revisions_of

    load_demo()

    for article in Article.objects.all():
        first = revisions_of(article).last().revision
        assert first.user == article.created_by
        assert first.date_created == article.created_at


def test_the_scheduled_story_waits_for_its_embargo():
    load_demo()

    scheduled = Article.objects.get(status=Status.SCHEDULED)
    assert scheduled.embargo_until == scheduled.published_at
    assert not Article.objects.published().filter(pk=scheduled.pk).exists()


def test_sources_are_shared_between_stories_and_some_are_dated_to_the_month():
    load_demo()

    shared = Source.objects.annotate(stories=Count("citations")).filter(stories__gte=2)
    assert shared.count() >= 3
    assert shared.filter(published_precision=Source.Precision.MONTH).exists()
    assert (
        "2026"
        in Source.objects.filter(published_precision="month")[0].published_display
    )


def test_a_couple_of_published_stories_carry_corrections():
    load_demo()

    corrected = Article.objects.filter(corrections__isnull=False).distinct()
    assert corrected.count() >= 2
    assert set(corrected.values_list("status", flat=True)) == {Status.PUBLISHED}
    for article in corrected:
        assert article.was_updated


def test_japanese_and_arabic_headlines_keep_their_own_letters_in_the_address():
    load_demo()

    japanese = Article.objects.get(headline__contains="ローカル線")
    arabic = Article.objects.get(headline__contains="مكتبة")

    assert "ローカル線" in japanese.slug
    assert "مكتبة" in arabic.slug


def test_loading_the_demo_twice_leaves_the_same_rows():
    load_demo()
    first = row_counts()
    first_ids = set(Article.objects.values_list("pk", flat=True))

    output = load_demo()

    assert row_counts() == first
    assert set(Article.objects.values_list("pk", flat=True)) == first_ids
    assert re.search(r"Stories: \d+ \(0 created, \d+ kept\)", output)


def test_a_second_run_leaves_an_editors_changes_alone(editor, staff_client):
    from articles import workflow

    from .test_admin import change_url, form_data

    load_demo()
    edited, renamed, deleted = Article.objects.published().order_by("pk")[:3]
    parts = edited.parts.count()
    edited.parts.first().delete()
    Article.objects.filter(pk=edited.pk).update(headline="Changed by an editor")
    workflow.unpublish(edited, by=editor)
    data = form_data(staff_client.get(change_url(renamed)))
    data.update(headline="A better headline", slug="a-better-slug")
    assert staff_client.post(change_url(renamed), data).status_code == 302
    deleted_headline = deleted.headline
    workflow.unpublish(deleted, by=editor)
    deleted.delete()
    before = row_counts()

    output = load_demo()

    edited.refresh_from_db()
    assert edited.headline == "Changed by an editor"
    assert edited.parts.count() == parts - 1
    assert edited.status == Status.UNPUBLISHED
    assert Article.objects.filter(headline="A better headline").count() == 1
    # What is missing comes back; nothing else is added or written.
    assert Article.objects.filter(headline=deleted_headline).count() == 1
    after = row_counts()
    assert after["Article"] == before["Article"] + 1
    assert re.search(r"Stories: \d+ \(1 created, \d+ kept\)", output)


def test_every_published_demo_story_page_answers(client, django_assert_max_num_queries):
    load_demo()

    for article in Article.objects.published():
        with django_assert_max_num_queries(10):
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200, article.get_absolute_url()
        assert article.headline in html.unescape(response.content.decode())


def test_the_home_page_every_section_and_every_author_page_answer(client):
    load_demo()

    pages = ["/"]
    pages += [section.get_absolute_url() for section in Section.objects.all()]
    pages += [author.get_absolute_url() for author in Author.objects.all()]
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_stories_off_the_site_are_not_found(client):
    load_demo()

    hidden = Article.objects.exclude(pk__in=Article.objects.published())
    assert hidden.count() >= 6
    for article in hidden:
        assert client.get(article.get_absolute_url()).status_code == 404


def test_no_demo_story_copies_the_seed_story(seed_story_path):
    load_demo()

    def runs_of_words(text, length=6):
        words = re.findall(r"\w+", text.lower())
        return {" ".join(words[i : i + length]) for i in range(len(words) - length + 1)}

    seed = runs_of_words(seed_story_path.read_text(encoding="utf-8"))
    demo = set()
    for article in Article.objects.all():
        demo |= runs_of_words(f"{article.headline}\n{article.dek}")
        for part in article.parts.all():
            demo |= runs_of_words(f"{part.title}\n{part.plain_text}")
    assert seed
    assert not seed & demo


def test_stories_in_arabic_and_japanese_say_their_language_and_direction(client):
    call_command("load_demo", stdout=io.StringIO())

    arabic = Article.objects.get(language="ar")
    japanese = Article.objects.get(language="ja")

    arabic_page = client.get(arabic.get_absolute_url()).content.decode()
    japanese_page = client.get(japanese.get_absolute_url()).content.decode()
    assert 'class="article__headline" lang="ar" dir="rtl"' in arabic_page
    assert 'class="article__body" lang="ar" dir="rtl"' in arabic_page
    assert 'class="article__headline" lang="ja" dir="ltr"' in japanese_page
    assert '"inLanguage": "ar"' in arabic_page


def test_staff_authors_have_a_photo_with_its_size_drawn_once(client):
    load_demo()
    staff = Author.objects.filter(user__isnull=False)
    photos = {author.slug: author.photo.name for author in staff}

    assert staff.exists() and all(photos.values())
    assert not any(
        Author.objects.filter(user__isnull=True).values_list("photo", flat=True)
    )
    for author in staff:
        assert (author.photo_width, author.photo_height) == (600, 750)
        page = client.get(author.get_absolute_url()).content.decode()
        assert '<div class="author__photo"><picture>' in page

    load_demo()
    assert {
        a.slug: a.photo.name for a in Author.objects.filter(user__isnull=False)
    } == (photos)


def test_the_copy_desk_finds_nothing_blocking_in_any_demo_story():
    load_demo()
    desk = load_desk()

    blocking = {
        story.headline: [(f.label, f.rule, f.text) for f in report.blocking]
        for story in Article.objects.all()
        if (report := story_report(story, desk=desk)).blocking
    }

    assert blocking == {}
    assert CopyDeskSettings.current().spelling == "UK"
