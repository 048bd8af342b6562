"""A story's word count: kept on each part as it is written, added up when read."""

import pytest

from articles.models import Article, BodyPart

from .factories import BodyPartFactory, CalloutKindFactory, PublishedArticleFactory
from .test_metadata import json_ld_of

pytestmark = pytest.mark.django_db


def stored_count(part):
    return BodyPart.objects.values_list("word_count", flat=True).get(pk=part.pk)


def test_a_saved_part_counts_the_words_of_its_title_and_text_not_its_markup():
    part = BodyPartFactory(
        kind=BodyPart.Kind.CALLOUT,
        callout_kind=CalloutKindFactory(),
        title="Did you know",
        text="<p>Ferries <em>carry</em> cars &amp; bikes.</p><p>Twice a day.</p>",
    )

    assert stored_count(part) == 3 + 5 + 3

    part.text = "<p>One sailing.</p>"
    part.save(update_fields=["text"])
    assert stored_count(part) == 3 + 2


def test_a_story_adds_up_its_parts_and_the_page_says_so(client):
    story = PublishedArticleFactory()
    BodyPartFactory(article=story, position=1, text="<p>The first ferry left.</p>")
    BodyPartFactory(
        article=story,
        position=2,
        kind=BodyPart.Kind.SUBHEAD,
        title="At the pier",
        text="",
    )

    assert Article.objects.get(pk=story.pk).word_count() == 4 + 3
    assert json_ld_of(client, story.get_absolute_url())["wordCount"] == 7


def test_writes_that_skip_save_count_too():
    story = PublishedArticleFactory()
    created = BodyPart.objects.bulk_create(
        [
            BodyPart(article=story, position=1, text="<p>Three words here.</p>"),
            BodyPart(article=story, position=2, kind="subhead", title="Two words"),
        ]
    )
    assert [stored_count(part) for part in created] == [3, 2]

    BodyPart.objects.filter(pk=created[0].pk).update(
        text="<p>Now five words in it.</p>"
    )
    assert stored_count(created[0]) == 5

    BodyPart.objects.filter(article=story).update(title="One")
    assert [stored_count(part) for part in created] == [5 + 1, 1]
