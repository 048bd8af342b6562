"""Text that can be stored can be served: plain text is checked on input, and no
stored string can make a feed or sitemap ill-formed."""

import unicodedata
import xml.etree.ElementTree as ET

import feedparser
import pytest
from taggit.models import Tag

from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from articles import sanitize
from articles.models import Article, Author, Section

from .factories import (
    AuthorFactory,
    BylineFactory,
    CorrectionFactory,
    PublishedArticleFactory,
    SectionFactory,
)

# Every control character but tab and newline, and every noncharacter.
CONTROLS = [
    chr(code)
    for code in range(0x110000)
    if unicodedata.category(chr(code)) == "Cc" and chr(code) not in "\t\n"
]
NONCHARACTERS = [chr(code) for code in range(0xFDD0, 0xFDF0)] + [
    chr(plane * 0x10000 + last) for plane in range(17) for last in (0xFFFE, 0xFFFF)
]
# What XML 1.0 cannot carry: the controls a stored string breaks feeds with.
NOT_XML = [chr(code) for code in range(0x20) if chr(code) not in "\t\n\r"] + [
    "\ufffe",
    "\uffff",
]


@pytest.mark.parametrize("multiline", [False, True], ids=["one line", "text area"])
def test_every_control_character_and_noncharacter_is_refused_with_its_code(multiline):
    for character in CONTROLS + NONCHARACTERS:
        if multiline and character == "\r":
            continue
        with pytest.raises(ValidationError) as refused:
            sanitize.clean_text(f"Budget{character}talks", multiline=multiline)
        message = " ".join(refused.value.messages)
        assert f"U+{ord(character):04X}" in message or "line breaks" in message


@pytest.mark.parametrize(
    "text",
    [
        "Tab\tseparated",
        "\u202eReversed\u202c and \u2067isolated\u2069",
        "Family 👩‍👩‍👧 and flag 🇯🇵 and skin 👋🏽",
        "日本語の見出し",
        "عنوان عربي",
        "Zero\u200bwidth\u200djoiner\ufeff",
        "Private \ue000 use and unassigned \U000e0fff",
    ],
)
def test_text_of_any_script_with_bidi_controls_and_emoji_is_kept_exactly(text):
    assert sanitize.clean_text(text) == text
    assert sanitize.clean_text(text, multiline=True) == text


def test_a_text_area_keeps_newlines_and_reads_a_browsers_crlf_as_one():
    assert sanitize.clean_text("One\r\nTwo\rThree\n", multiline=True) == (
        "One\nTwo\nThree\n"
    )
    with pytest.raises(ValidationError, match="one line"):
        sanitize.clean_text("One\nTwo")


def _stored_story(text):
    """A published story whose every plain text holds ``text``, written past the
    forms, as a command or an old row would."""
    section = SectionFactory(name=f"Section {text}", slug="hostile")
    author = AuthorFactory(name=f"Author {text}", slug="hostile-author")
    article = PublishedArticleFactory(
        headline=f"Headline {text}", dek=f"Dek {text}", section=section
    )
    BylineFactory(article=article, author=author)
    article.tags.add("hostile")
    Tag.objects.filter(slug="hostile").update(name=f"Tag {text}")
    CorrectionFactory(article=article, text=f"Correction {text}")
    # Bypass every save(): the stored strings are exactly these.
    Article.objects.filter(pk=article.pk).update(headline=f"Headline {text}")
    Section.objects.filter(pk=section.pk).update(name=f"Section {text}")
    Author.objects.filter(pk=author.pk).update(name=f"Author {text}")
    return article


FEEDS = [
    ("articles:feed", {}),
    ("articles:section_feed", {"slug": "hostile"}),
    ("articles:tag_feed", {"slug": "hostile"}),
    ("articles:author_feed", {"slug": "hostile-author"}),
    ("articles:corrections_feed", {}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("character", NOT_XML, ids=lambda c: f"U+{ord(c):04X}")
def test_a_stored_control_character_or_noncharacter_never_breaks_a_feed_or_sitemap(
    client, character
):
    if character == "\x00" and connection.vendor == "postgresql":
        pytest.skip("PostgreSQL stores no NUL: no row can hold one")
    _stored_story(f"a{character}b")

    for name, kwargs in FEEDS:
        for format in ("rss", "atom"):
            response = client.get(reverse(name, kwargs={**kwargs, "format": format}))
            assert response.status_code == 200
            feed = feedparser.parse(response.content)
            assert not feed.bozo, (name, format, feed.get("bozo_exception"))
            assert feed.entries[0].title.endswith("Headline ab")
    news = client.get(reverse("articles:news_sitemap"))
    titles = [
        element.text
        for element in ET.fromstring(news.content).iter(
            "{http://www.google.com/schemas/sitemap-news/0.9}title"
        )
    ]
    assert titles == ["Headline ab"]
    for section in ("stories", "sections", "authors", "tags"):
        url = reverse("articles:sitemap_section", kwargs={"section": section})
        ET.fromstring(client.get(url).content)


@pytest.mark.django_db
@pytest.mark.parametrize("format", ["rss", "atom"])
def test_feed_titles_are_escaped_once(client, format):
    headline = 'Mayor\'s "plan" & <budget> fails'
    PublishedArticleFactory(headline=headline)

    response = client.get(reverse("articles:feed", kwargs={"format": format}))

    assert feedparser.parse(response.content).entries[0].title == headline


# ---- Tags ----


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [("x" * 101, "at most 100 characters"), ("!!!", "needs a letter or a digit")],
    ids=["too long", "empty slug"],
)
def test_a_tag_its_model_could_not_keep_is_refused_on_save(name, message):
    with pytest.raises(ValidationError, match=message):
        Tag.objects.create(name=name)

    assert not Tag.objects.exists()


@pytest.mark.django_db
def test_a_tag_stored_with_an_empty_slug_gets_no_address_anywhere(client):
    article = PublishedArticleFactory()
    article.tags.add("kept", "emptied")
    Tag.objects.filter(name="emptied").update(slug="")

    page = client.get(article.get_absolute_url()).content.decode()
    sitemap = client.get(
        reverse("articles:sitemap_section", kwargs={"section": "tags"})
    ).content.decode()

    assert "/tags//" not in page and "emptied" in page
    assert "/tags/kept/" in page
    assert "/tags//" not in sitemap and "/tags/kept/" in sitemap


@pytest.mark.django_db
def test_no_sitemap_address_is_longer_than_the_schema_allows(client):
    article = PublishedArticleFactory(headline="字" * 300)
    article.tags.add("𠀋" * 95)

    for section in ("stories", "sections", "tags"):
        url = reverse("articles:sitemap_section", kwargs={"section": section})
        root = ET.fromstring(client.get(url).content)
        locations = [
            loc.text
            for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
        ]
        assert locations
        assert all(len(location) <= 2048 for location in locations)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tag", "message"),
    [("𠀋" * 101, "at most 100 characters"), ("!!!", "needs a letter or a digit")],
    ids=["too long", "empty slug"],
)
def test_a_tag_the_model_could_not_keep_is_a_story_form_error_that_keeps_the_form(
    staff_client, tag, message
):
    from .test_admin import ADD_URL, form_data

    section = SectionFactory()
    data = form_data(staff_client.get(ADD_URL))
    data.update(
        headline="Harbour reopens after storm",
        section=str(section.pk),
        tags=f'"{tag}", harbour',
    )

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["tags"]
    assert any(message in error for error in errors), errors
    assert 'value="Harbour reopens after storm"' in response.content.decode()
    assert not Article.objects.exists()
    assert not Tag.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tag", "kept"),
    [
        ("𠀋" * 95, True),
        ("𠀋" * 96, False),  # a slug of 96: no room for taggit's "_1" on a clash
    ],
    ids=["95", "96"],
)
def test_a_tag_is_kept_up_to_the_length_its_address_allows_in_any_script(
    staff_client, tag, kept
):
    from .test_admin import ADD_URL, form_data

    section = SectionFactory()
    data = form_data(staff_client.get(ADD_URL))
    data.update(headline="Harbour", section=str(section.pk), tags=f'"{tag}"')

    response = staff_client.post(ADD_URL, data)

    assert (response.status_code == 302) is kept
    assert list(Tag.objects.values_list("name", flat=True)) == ([tag] if kept else [])
