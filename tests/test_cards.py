"""Social cards: every published story without a lead image is shared with a picture."""

import io

import pytest
from PIL import Image

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.urls import reverse

from articles import cards, workflow
from articles.models import Article

from .factories import ArticleFactory, PublishedArticleFactory, SectionFactory
from .test_metadata import head_of, json_ld_of, png_file

pytestmark = pytest.mark.django_db(transaction=True)

Status = Article.Status


def _card_pixels(name):
    with default_storage.open(name, "rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def test_publishing_a_story_draws_its_card_once(settings):
    settings.NEWSROOM_SITE_NAME = "The Westhaven Courier"
    story = ArticleFactory(
        status=Status.APPROVED,
        headline="Night ferry returns to the islands after ten years",
        section=SectionFactory(name="Islands"),
        ready_for_the_desk=True,
    )

    workflow.publish(story, by=None)

    name = cards.card_name(story)
    assert default_storage.exists(name)
    card = _card_pixels(name)
    assert (card.format, card.size) == ("PNG", (1200, 630))
    # The site's dark band with light words on it, not a blank picture.
    colours = {colour for _count, colour in card.getcolors(maxcolors=100000)}
    assert cards.BAND in colours and cards.INK in colours and cards.ACCENT in colours


def test_the_article_page_names_the_card_everywhere_a_picture_goes(
    client, django_assert_max_num_queries
):
    story = PublishedArticleFactory(headline="Harbour wall to rise by a metre")
    url = story.get_absolute_url()
    client.get(reverse("articles:home"))
    # Read once per process, and emptied with the database between these tests.
    ContentType.objects.get_for_model(Article)

    # The card adds nothing to read: the page is still its one query.
    with django_assert_max_num_queries(1):
        head = head_of(client, url)
    data = json_ld_of(client, url)

    card = f"http://testserver/media/{cards.card_name(story)}"
    assert head.value("og:image") == head.value("twitter:image") == card
    assert (head.value("og:image:width"), head.value("og:image:height")) == (
        "1200",
        "630",
    )
    assert head.value("twitter:card") == "summary_large_image"
    assert "Harbour wall to rise by a metre" in head.value("og:image:alt")
    assert data["image"]["url"] == card
    assert (data["image"]["width"], data["image"]["height"]) == (1200, 630)


def test_a_story_with_a_lead_image_is_shared_with_it_and_gets_no_card(client):
    story = PublishedArticleFactory(lead_image=png_file())

    head = head_of(client, story.get_absolute_url())

    assert head.value("og:image") == f"http://testserver{story.lead_image.url}"
    assert not default_storage.exists(cards.card_name(story))


def test_a_new_headline_makes_a_new_card_at_a_new_address():
    story = PublishedArticleFactory(headline="Ferry delayed")
    first = cards.card_name(story)

    story.headline = "Ferry cancelled for the winter"
    story.save()

    assert cards.card_name(story) != first
    assert default_storage.exists(first) and default_storage.exists(
        cards.card_name(story)
    )


def test_a_missing_card_is_drawn_on_its_first_request(client):
    story = PublishedArticleFactory()
    name = cards.card_name(story)
    default_storage.delete(name)

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (
        1200,
        630,
    )
    assert default_storage.exists(name)


def test_no_card_is_drawn_for_a_story_readers_cannot_see_or_an_old_address(client):
    draft = ArticleFactory()
    story = PublishedArticleFactory(headline="Old words")
    old = cards.card_name(story)
    story.headline = "New words"
    story.save()
    default_storage.delete(old)

    assert client.get(f"/media/{cards.card_name(draft)}").status_code == 404
    assert client.get(f"/media/{old}").status_code == 404
    assert client.get("/media/cards/not-a-card.png").status_code == 404
    assert not default_storage.exists(cards.card_name(draft))


def test_a_long_headline_in_any_script_fits_the_card():
    for headline, rtl in (
        ("A " + "very " * 80 + "long headline", False),
        ("東京の朝" * 40, False),
        # Right to left, with Pillow's own face, which libraqm does not lay out.
        ("مكتبة المدينة تفتح أبوابها من جديد بعد عشر سنوات من الإغلاق " * 3, True),
    ):
        drawn = cards.draw(headline, "World", "The Newsroom", rtl=rtl)
        card = Image.open(io.BytesIO(drawn))
        assert card.size == (1200, 630)
    lines = cards._wrapped("word " * 200, cards._font(46), 1056)
    assert len(lines) == cards.MAX_LINES and lines[-1].endswith("…")
