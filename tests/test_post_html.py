"""A WordPress post's HTML read into parts: the cases the test exports leave out.

Pure functions, no database; the HTML here is made up for each case.
"""

import pytest

from articles.importing.post_html import read_post_html
from articles.importing.wxr import Attachment, ExportError, parse_export, upload_path


def kinds(content, **options):
    parts, _notices = read_post_html(content, **options)
    return [(part.kind, part.text) for part in parts]


def test_classic_text_becomes_a_paragraph_at_each_blank_line():
    content = (
        "The ferry left at dawn.\nIt was late.\n\nThe quay was empty."
        "\n\n<p>Gulls came.\n\nThen rain.</p>"
    )

    parts, notices = read_post_html(content)

    assert [p.text for p in parts] == [
        "The ferry left at dawn. It was late.",
        "The quay was empty.",
        "Gulls came.",
        "Then rain.",
    ]
    assert "<br>" in parts[0].html
    assert notices == []


def test_a_caption_shortcode_gives_the_image_its_caption_and_credit():
    content = (
        '[caption id="attachment_7" width="300"]<a href="/big.jpg">'
        '<img class="wp-image-7" src="https://news.example/wp-content/uploads/2020/'
        '05/quay-300x200.jpg" alt="" /></a> The new quay at dawn (Ana Ruiz)[/caption]'
    )
    attachments = {
        7: Attachment(
            7,
            "Quay",
            "https://news.example/wp-content/uploads/2020/05/quay.jpg",
            alt_text="Cranes over the new quay",
        )
    }

    parts, _notices = read_post_html(content, attachments=attachments)

    (image,) = parts
    assert (image.kind, image.text, image.credit) == (
        "image",
        "The new quay at dawn",
        "Ana Ruiz",
    )
    assert image.alt_text == "Cranes over the new quay"
    assert image.address.endswith("/2020/05/quay.jpg")


def test_a_gallery_shortcode_without_ids_shows_the_post_s_attachments():
    attachments = {
        n: Attachment(n, f"Photo {n}", f"https://x.example/{n}.jpg", parent_id=5)
        for n in (1, 2)
    }
    attachments[3] = Attachment(3, "Elsewhere", "https://x.example/3.jpg", parent_id=9)

    parts, _notices = read_post_html(
        "Before.\n\n[gallery]\n\nAfter.", attachments=attachments, post_id=5
    )

    assert [(p.kind, p.address) for p in parts] == [
        ("paragraph", ""),
        ("image", "https://x.example/1.jpg"),
        ("image", "https://x.example/2.jpg"),
        ("paragraph", ""),
    ]


def test_what_has_no_part_is_kept_as_a_link_or_named():
    content = (
        "https://video.example/watch/1\n\n"
        '[audio mp3="https://x.example/a.mp3"][/audio]\n\n'
        "<script>track()</script>\n\n"
        "[contact-form]"
    )
    blocks = '<!-- wp:latest-posts {"postsToShow":3} /-->'

    parts, notices = read_post_html(content)
    notices += read_post_html(blocks)[1]

    links = [p.html for p in parts]
    assert '<a href="https://video.example/watch/1">' in links[0]
    assert '<a href="https://x.example/a.mp3">' in links[1]
    assert "track()" not in " ".join(p.text for p in parts)
    assert any("a script was left out" in n for n in notices)
    assert any("latest-posts block was left out" in n for n in notices)
    assert any("[contact-form] shortcode was kept as written" in n for n in notices)


def test_a_nested_list_keeps_every_item_at_one_level():
    content = "<ol><li>One<ul><li>One, a</li></ul></li><li>Two</li></ol>"

    assert kinds(content) == [
        ("list_item", "One"),
        ("list_item", "One, a"),
        ("list_item", "Two"),
    ]


def test_a_block_quote_s_cite_is_its_speaker_and_not_its_words():
    content = (
        '<!-- wp:quote --><blockquote class="wp-block-quote"><p>We sail at six.</p>'
        "<cite>Captain Ida Sato</cite></blockquote><!-- /wp:quote -->"
    )

    parts, _notices = read_post_html(content)

    assert [(p.kind, p.text, p.speaker) for p in parts] == [
        ("quote", "We sail at six.", "Captain Ida Sato")
    ]


def test_an_export_that_declares_entities_is_refused_unexpanded():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><title>&e;</title></channel></rss>"
    )

    with pytest.raises(ExportError, match="declares a DTD"):
        parse_export(bomb)


def test_an_upload_s_path_is_read_from_a_self_hosted_or_a_hosted_address():
    assert upload_path(
        "https://news.example/blog/wp-content/uploads/2020/05/a.jpg"
    ) == ("2020/05/a.jpg")
    assert upload_path("https://site.files.wordpress.com/2008/06/b%20c.jpg") == (
        "2008/06/b c.jpg"
    )
