"""The one allowlist for editor HTML, met through every rich-text field."""

import pytest

from articles.models import BodyPart
from articles.sanitize import clean_html, html_to_text, text_to_html

from .factories import BodyPartFactory, CalloutKindFactory

HOSTILE = (
    '<p>Read <a href="javascript:alert(1)">this</a>'
    '<script>alert("x")</script>'
    '<strong onclick="steal()">now</strong>'
    '<img src="x" onerror="steal()">'
    '<a href="https://example.org/report" target="_blank" rel="opener">report</a>'
    ' <em onmouseover="x()">here</em></p>'
)


def test_scripts_event_handlers_and_javascript_links_are_removed():
    cleaned = clean_html(HOSTILE)

    assert "<script" not in cleaned
    assert "alert" not in cleaned
    assert "onclick" not in cleaned and "onerror" not in cleaned
    assert "onmouseover" not in cleaned
    assert "javascript:" not in cleaned
    assert "<img" not in cleaned
    assert "target=" not in cleaned


def test_allowed_markup_survives_with_a_safe_rel():
    cleaned = clean_html(
        "<p><strong>Bold</strong> <em>italic</em> <s>gone</s> H<sub>2</sub>O "
        'x<sup>2</sup><br><a href="https://example.org/">link</a> '
        '<a href="mailto:desk@example.org">mail</a></p>'
    )

    assert cleaned == (
        "<p><strong>Bold</strong> <em>italic</em> <s>gone</s> H<sub>2</sub>O "
        'x<sup>2</sup><br><a href="https://example.org/" rel="noopener noreferrer">'
        'link</a> <a href="mailto:desk@example.org" rel="noopener noreferrer">mail</a></p>'
    )


@pytest.mark.parametrize("scheme", ["ftp", "data", "vbscript", "file"])
def test_links_other_than_http_https_and_mailto_lose_their_address(scheme):
    assert "href" not in clean_html(f'<p><a href="{scheme}:something">x</a></p>')


def test_block_markup_beyond_paragraphs_is_unwrapped_to_its_text():
    cleaned = clean_html("<h1>Big</h1><table><tr><td>cell</td></tr></table>")

    assert "<h1>" not in cleaned and "<table>" not in cleaned
    assert "Big" in cleaned and "cell" in cleaned


def test_plain_text_is_escaped_into_a_paragraph_and_read_back_unchanged():
    text = "Prices rose 5% <again> & “quotes” stay as written."

    assert html_to_text(text_to_html(text)) == text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, extra",
    [
        (BodyPart.Kind.PARAGRAPH, {}),
        (BodyPart.Kind.QUOTE, {"speaker": "A. Speaker"}),
        (BodyPart.Kind.CALLOUT, {}),
        (BodyPart.Kind.BULLETED_ITEM, {}),
    ],
)
def test_every_rich_text_part_is_cleaned_when_saved(kind, extra):
    if kind == BodyPart.Kind.CALLOUT:
        extra = {"callout_kind": CalloutKindFactory()}
    part = BodyPartFactory(kind=kind, text=HOSTILE, **extra)

    part.refresh_from_db()
    assert "<script" not in part.text and "javascript:" not in part.text
    assert "onclick" not in part.text
    assert (
        '<a href="https://example.org/report" rel="noopener noreferrer">' in part.text
    )
