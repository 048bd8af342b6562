"""A source marked retracted or disputed: its stories listed, published ones on the
desk as corrections to consider, unpublished ones held back by the copy desk."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, Correction, Source

from .factories import (
    ArticleFactory,
    CitationFactory,
    PublishedArticleFactory,
    SourceFactory,
)
from .helpers import logged_in_client

Status = Article.Status
DESK_URL = reverse("admin:articles_article_desk")


def source_form(source, **fields):
    data = {
        "organisation": source.organisation,
        "abbreviation": source.abbreviation,
        "title": source.title,
        "kind": source.kind,
        "url": source.url,
        "published_on": "",
        "published_precision": "day",
        "standing": "sound",
        "standing_changed_on": "",
        "standing_note": "",
    }
    data.update(fields)
    return data


@pytest.fixture
def cited():
    source = SourceFactory(organisation="Lakeside Institute", title="Snow survey")
    published = PublishedArticleFactory(
        headline="Snow is thinning", ready_for_the_desk=True
    )
    waiting = ArticleFactory(
        headline="Snow survey follow-up",
        status=Status.SUBMITTED,
        ready_for_the_desk=True,
    )
    for story in (published, waiting):
        CitationFactory(article=story, source=source)
    return source, published, waiting


def test_marking_a_source_retracted_lists_its_stories_and_says_what_follows(
    editor, cited
):
    source, published, waiting = cited
    client = logged_in_client(editor)
    url = reverse("admin:articles_source_change", args=[source.pk])

    response = client.post(
        url,
        source_form(source, standing="retracted", standing_note="Withdrawn: bad data."),
        follow=True,
    )

    source.refresh_from_db()
    assert source.standing == "retracted"
    assert source.standing_changed_on == timezone.localdate()
    html = response.content.decode()
    assert "Marked retracted. 1 published stories cite it" in html
    assert "holds back the 1 not yet published" in html
    page = client.get(url).content.decode()
    assert "Snow is thinning" in page and "Snow survey follow-up" in page


def test_a_source_in_doubt_needs_a_note(editor, cited):
    source, _published, _waiting = cited

    response = logged_in_client(editor).post(
        reverse("admin:articles_source_change", args=[source.pk]),
        source_form(source, standing="disputed"),
    )

    assert response.status_code == 200
    assert "Say who retracted or disputed it, and why." in response.content.decode()
    source.refresh_from_db()
    assert source.standing == "sound"


def test_published_stories_citing_it_wait_on_the_desk_until_corrected(editor, cited):
    source, published, _waiting = cited
    Source.objects.filter(pk=source.pk).update(
        standing="disputed",
        standing_note="The survey's method is questioned.",
        standing_changed_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    client = logged_in_client(editor)

    page = client.get(DESK_URL).content.decode()
    assert "Corrections to consider (1)" in page
    assert "Snow is thinning" in page
    assert f"/admin/articles/article/{published.pk}/change/#corrections-group" in page

    workflow.correct(
        published,
        kind=Correction.Kind.CORRECTION,
        text="The survey is disputed.",
        by=editor,
    )

    assert "Corrections to consider" not in client.get(DESK_URL).content.decode()


def test_a_story_not_yet_published_citing_it_is_held_back(editor, cited):
    source, _published, waiting = cited
    Source.objects.filter(pk=source.pk).update(
        standing="retracted", standing_note="Withdrawn."
    )

    with pytest.raises(
        workflow.CopyNotReady, match="has been marked retracted: Withdrawn."
    ):
        workflow.approve(waiting, by=editor)

    waiting.refresh_from_db()
    assert waiting.status == Status.SUBMITTED
