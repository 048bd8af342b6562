"""Addresses built without reverse() are the addresses reverse() gives."""

import datetime
import zoneinfo
from urllib.parse import quote

import pytest

from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import timezone
from django.utils.html import escape

from articles import addresses

from .factories import (
    AuthorFactory,
    BylineFactory,
    PublishedArticleFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

# Authors and stories keep slugs in any script; sections take ASCII.
SLUGS = ["ferries", "東京の朝", "أخبار-اليوم", "mori_hana-2"]


def reversed_story(story):
    moment = timezone.localtime(story.published_at)
    return reverse(
        "articles:article_detail",
        kwargs={
            "section": story.section.slug,
            "year": moment.year,
            "month": moment.month,
            "day": moment.day,
            "slug": story.slug,
        },
    )


@pytest.fixture(params=["/", "/news/"])
def script_prefix(request):
    # A site served below a path (SCRIPT_NAME) gets its addresses below it too.
    set_script_prefix(request.param)
    yield request.param
    clear_script_prefix()


@pytest.mark.parametrize("number, slug", list(enumerate(SLUGS)))
def test_authors_sections_and_stories_have_the_addresses_reverse_gives(
    number, slug, script_prefix
):
    author = AuthorFactory(slug=slug)
    section = SectionFactory(slug=f"desk-{number}")
    # Late in the evening in UTC: the address takes the day in the site's zone.
    when = datetime.datetime(2025, 3, 9, 23, 30, tzinfo=datetime.UTC)
    story = PublishedArticleFactory(section=section, slug=slug, published_at=when)

    author_url = reverse("articles:author_detail", kwargs={"slug": slug})
    section_url = reverse("articles:section_detail", kwargs={"slug": section.slug})
    assert author.get_absolute_url() == author_url
    assert section.get_absolute_url() == section_url
    assert story.get_absolute_url() == reversed_story(story)
    story.tags.add(slug)
    tag = story.tags.get()
    tag_url = reverse("articles:tag_detail", kwargs={"slug": tag.slug})
    assert addresses.of_tag(tag) == tag_url
    assert story.get_absolute_url().startswith(script_prefix)


def test_the_front_page_has_the_address_reverse_gives(script_prefix):
    assert addresses.home() == reverse("articles:home") == script_prefix


@pytest.mark.parametrize("page", ["section", "home"])
def test_a_list_links_its_stories_and_authors_where_reverse_says(
    client, settings, page
):
    # Served below a path, in a zone where the evening in UTC is the next day.
    settings.TIME_ZONE = "Asia/Tokyo"
    author = AuthorFactory(slug="東京の朝")
    section = SectionFactory(slug="desk")
    when = datetime.datetime(2025, 3, 9, 23, 30, tzinfo=datetime.UTC)
    story = PublishedArticleFactory(section=section, slug="ferries", published_at=when)
    BylineFactory(article=story, author=author)
    path = "/" if page == "home" else section.get_absolute_url()

    set_script_prefix("/news/")
    try:
        html = client.get(path).content.decode()
        story_url = reversed_story(story)
        author_url = reverse("articles:author_detail", kwargs={"slug": author.slug})
    finally:
        clear_script_prefix()
    assert story_url.startswith("/news/desk/2025/3/10/")
    assert f'<a href="{story_url}">' in html
    assert f'<a href="{escape(author_url)}" rel="author">' in html
    # The card's time is local too, worked out with the address.
    assert (
        '<time datetime="2025-03-10T08:30:00+09:00">10 March 2025, 08:30</time>' in html
    )


def test_a_storys_address_is_matched_first_and_by_no_other_pattern():
    # The article page is the page asked for most: its pattern is tried first,
    # which is safe only while no other public pattern takes such an address.
    from articles import urls

    first, *others = urls.urlpatterns
    assert first.name == "article_detail"
    for path in (
        "world/2026/12/4/a-story/",
        "archive/2024/1/2/a-story/",
        "authors/2024/1/2/feed/",
        "tags/1/2/3/rss/",
        "api/1/2/3/stories/",
    ):
        match = first.resolve(path)
        assert match is not None and match.url_name == "article_detail", path
        assert [p.name for p in others if p.resolve(path)] == [], path


@pytest.mark.django_db(databases=[])
def test_a_slug_is_quoted_as_quote_does_whatever_its_characters():
    texts = [chr(code) for code in range(0x250)]
    texts += [*SLUGS, "a b", "100%", "x/y?z#w", "plain-slug_2.0~", ""]
    for text in texts:
        assert addresses._quoted(text) == quote(text, safe=addresses._URL_SAFE), text


@pytest.mark.django_db
def test_a_sections_feed_addresses_are_reverses_and_follow_the_script_prefix():
    section = SectionFactory(slug="harbour-desk")
    for format in ("rss", "atom"):
        assert section.feed_url(format) == reverse(
            "articles:section_feed", args=[section.slug, format]
        )
    # The same section, kept by a process, asked under another prefix.
    set_script_prefix("/news/")
    try:
        assert section.feed_url("rss") == "/news/harbour-desk/feed/rss/"
        assert section.feed_url("atom") == reverse(
            "articles:section_feed", args=[section.slug, "atom"]
        )
    finally:
        clear_script_prefix()


@pytest.mark.django_db(databases=[])
@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata"])
def test_a_cards_time_is_what_the_time_filters_write_in_the_pages_language(zone):
    """A list works out its cards' times at once (``card_time()``), the language read
    once for the page: the same text as ``|seconds`` and ``|day_and_time`` write."""
    from django.utils import translation

    from articles.jinja2 import day_and_time, seconds

    moment = timezone.localtime(
        datetime.datetime(2024, 5, 3, 4, 5, 59, tzinfo=datetime.UTC),
        zoneinfo.ZoneInfo(zone),
    )
    for language in ("en", "fr", "en"):
        with translation.override(language):
            months = addresses.month_names(translation.get_language())
            assert addresses.card_time(moment, months) == (
                seconds(moment),
                day_and_time(moment),
            )
    with translation.override("fr"):
        months = addresses.month_names(translation.get_language())
        assert " mai 2024, " in addresses.card_time(moment, months)[1]


@pytest.mark.django_db(databases=[])
def test_a_cards_credits_are_written_with_their_joints_and_first_capital():
    a, b, c, d = "abcd"
    assert addresses.written_credits([]) == []
    assert addresses.written_credits([("By", [a])]) == [("By", [("", a)])]
    assert addresses.written_credits(
        [("By", [a, b, c]), ("additional reporting by", [d])]
    ) == [
        ("By", [("", a), (", ", b), (" and ", c)]),
        ("; additional reporting by", [("", d)]),
    ]
    assert addresses.written_credits([("photos by", [a, b])]) == [
        ("Photos by", [("", a), (" and ", b)])
    ]


def test_a_story_read_whole_shows_the_card_a_list_makes_of_it(settings):
    """A card of an Article (not worked out by a list's ``settle()``) reads its
    ``card_time`` and ``card_credits`` from the story itself: the same card."""
    from django.template import engines

    from articles.models import Article
    from articles.selectors import stories_by_id

    settings.TIME_ZONE = "Asia/Tokyo"
    story = PublishedArticleFactory(
        published_at=datetime.datetime(2025, 3, 9, 23, 30, tzinfo=datetime.UTC)
    )
    for name in ("Ann Ash", "Bo Bell", "Cy Cole"):
        BylineFactory(article=story, author=AuthorFactory(name=name))
    BylineFactory(
        article=story, author=AuthorFactory(name="Di Dunn"), role="additional"
    )
    cards = engines["jinja2"].env.get_template("articles/_cards.html").module

    (listed,) = stories_by_id([story.pk])
    article = Article.objects.select_related("section").get(pk=story.pk)

    card = str(cards.story_card(listed))
    assert str(cards.story_card(article)) == card
    assert (
        '<time datetime="2025-03-10T08:30:00+09:00">10 March 2025, 08:30</time>' in card
    )
    assert ">Ann Ash</a>, <a" in card and ">Bo Bell</a> and <a" in card
    assert "; additional reporting by <a" in card


def test_a_public_address_is_tried_against_the_admins_prefix_once():
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404) as missing:
        resolve("/no-such-section/page/")

    tried = [str(patterns[0].pattern) for patterns in missing.value.args[0]["tried"]]
    assert [route for route in tried if route.startswith("admin/")] == ["admin/"]
    # Its own addresses for a forgotten password are where the admin's pages say.
    assert reverse("admin_password_reset") == "/admin/password_reset/"
    assert reverse("password_reset_done") == "/admin/password_reset/done/"
    assert reverse("password_reset_complete") == "/admin/reset/done/"
    assert (
        reverse("password_reset_confirm", args=["MQ", "set-password"])
        == "/admin/reset/MQ/set-password/"
    )
    assert reverse("admin:index") == "/admin/"
