"""Media follow the story: an image only unpublished stories use is not served to
the public, stored names are random, and no metadata survives a re-encode."""

import io
import re

import pytest
from PIL import Image

from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles import images, preview
from articles.models import Article, Author

from .factories import BodyPartFactory, BylineFactory, SectionFactory, walk_to
from .test_admin import ADD_URL, form_data

HIDDEN = b"<script>alert('memo')</script> CONFIDENTIAL"


def jpeg_with_comment(size=(700, 400)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(
        buffer, format="JPEG", comment=HIDDEN, xmp=b"<x:xmpmeta>" + HIDDEN + b"</x>"
    )
    return buffer.getvalue()


def gif_with_comment(frames=1, size=(60, 40)):
    buffer = io.BytesIO()
    pictures = [
        Image.new("RGB", size, (index % 256, index // 256 * 40, 90))
        for index in range(frames)
    ]
    pictures[0].save(
        buffer,
        format="GIF",
        comment=HIDDEN,
        save_all=frames > 1,
        append_images=pictures[1:],
        duration=40,
    )
    return buffer.getvalue()


def post_story(client, upload):
    section = SectionFactory(name="World", slug="world")
    data = form_data(client.get(ADD_URL))
    data.update(headline="Layoffs planned", slug="", section=str(section.pk))
    data["lead_image"] = upload
    return client.post(ADD_URL, data)


def media_addresses(article):
    """The original's address and every rendition's."""
    name, width, height = (
        article.lead_image.name,
        article.lead_image_width,
        article.lead_image_height,
    )
    found = [article.lead_image.url]
    for group in images.renditions(name, width, height).values():
        found += [rendition.url for rendition in group]
    return found


@pytest.fixture
def draft_with_image(staff_client):
    upload = SimpleUploadedFile(
        "layoffs-memo-draft.jpg", jpeg_with_comment(), content_type="image/jpeg"
    )
    response = post_story(staff_client, upload)
    assert response.status_code == 302, response.context["errors"]
    return Article.objects.get()


def ready_for_the_desk(article):
    """The story as the copy desk lets it out: a byline, a paragraph, alt text."""
    BylineFactory(article=article)
    BodyPartFactory(article=article, text="<p>The memo was leaked.</p>")
    Article.objects.filter(pk=article.pk).update(lead_image_alt="A memo on a desk")
    article.refresh_from_db()
    return article


@pytest.mark.django_db
def test_an_unpublished_storys_images_are_not_served_to_the_public_until_published(
    staff_client, draft_with_image
):
    reader = Client()
    addresses = media_addresses(draft_with_image)
    assert len(addresses) > 3

    for address in addresses:
        assert reader.get(address).status_code == 404, address
        # The newsroom sees them (the admin's preview), kept by no cache.
        seen = staff_client.get(address)
        assert seen.status_code == 200, address
        assert seen.headers["Cache-Control"] == "private, no-store"

    walk_to(ready_for_the_desk(draft_with_image), "published")

    for address in addresses:
        response = reader.get(address)
        assert response.status_code == 200, address
        assert "immutable" in response.headers["Cache-Control"]

    walk_to_unpublished = Article.objects.filter(pk=draft_with_image.pk)
    walk_to_unpublished.update(status=Article.Status.UNPUBLISHED)
    assert reader.get(addresses[0]).status_code == 404


@pytest.mark.django_db
def test_an_author_photo_is_public_and_a_file_no_story_uses_is_not(client):
    Author.objects.create(name="Hana Mori", slug="hana-mori", photo="authors/hana.png")
    images.default_storage.save("authors/hana.png", io.BytesIO(b""))
    orphan = images.default_storage.save(
        "lead/2026/12/orphan.jpg", io.BytesIO(jpeg_with_comment())
    )

    assert images.is_public("authors/hana.png")
    assert client.get(f"/media/{orphan}").status_code == 404
    for path in ["/media/../settings.py", "/media/.hidden.jpg", "/media/lead/x.txt"]:
        assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_a_share_link_holder_sees_the_storys_images_until_the_link_is_revoked(
    staff_client, draft_with_image
):
    link = preview.share(draft_with_image, by=None)
    holder = Client()
    address = media_addresses(draft_with_image)[1]
    assert holder.get(address).status_code == 404

    page = holder.get(reverse("articles:shared_preview", args=[link.token]))
    assert page.status_code == 200

    assert holder.get(address).status_code == 200
    preview.revoke(type(link).objects.filter(pk=link.pk), by=None)
    assert holder.get(address).status_code == 404


@pytest.mark.django_db
def test_with_accel_redirect_the_web_server_sends_the_file_after_the_check(
    settings, staff_client, draft_with_image
):
    settings.NEWSROOM_MEDIA_ACCEL_REDIRECT = "/protected-media/"
    walk_to(ready_for_the_desk(draft_with_image), "published")

    response = Client().get(draft_with_image.lead_image.url)

    assert response.status_code == 200
    assert response.headers["X-Accel-Redirect"] == (
        f"/protected-media/{draft_with_image.lead_image.name}"
    )
    assert response.content == b""


@pytest.mark.django_db
def test_a_stored_file_is_named_at_random_with_its_real_formats_extension(
    staff_client,
):
    png = io.BytesIO()
    Image.new("RGB", (30, 20), "teal").save(png, format="PNG")
    upload = SimpleUploadedFile("Q3 layoffs memo.jpg", png.getvalue())

    assert post_story(staff_client, upload).status_code == 302

    article = Article.objects.get()
    name = article.lead_image.name
    assert re.fullmatch(r"lead/\d{4}/\d{2}/[0-9a-f]{32}\.png", name), name
    assert "memo" not in name.lower()
    # The uploader's name is data: in the story's history, for the newsroom.
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert "uploaded as “Q3 layoffs memo.jpg”" in entry.get_change_message()
    assert name.rsplit("/", 1)[1] in entry.get_change_message()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("filename", "content"),
    [("memo.jpg", jpeg_with_comment), ("memo.gif", gif_with_comment)],
    ids=["JPEG comment and XMP", "GIF comment"],
)
def test_no_comment_or_metadata_survives_in_the_original_or_a_rendition(
    staff_client, filename, content
):
    upload = SimpleUploadedFile(filename, content())

    assert post_story(staff_client, upload).status_code == 302

    article = Article.objects.get()
    stored = [article.lead_image.path] + [
        images.default_storage.path(rendition.name)
        for group in images.renditions(
            article.lead_image.name,
            article.lead_image_width,
            article.lead_image_height,
        ).values()
        for rendition in group
    ]
    images.ensure_renditions(article.lead_image.name)
    for path in stored:
        with open(path, "rb") as file:
            data = file.read()
        assert b"CONFIDENTIAL" not in data and b"script" not in data, path
        with Image.open(path) as image:
            assert "comment" not in image.info and "xmp" not in image.info


@pytest.mark.django_db
def test_a_long_animation_is_refused_with_its_frames_counted(staff_client):
    upload = SimpleUploadedFile("loop.gif", gif_with_comment(1500, (200, 150)))

    response = post_story(staff_client, upload)

    assert response.status_code == 200
    page = response.content.decode()
    assert "1,500 frames of 200 × 150 pixels" in page
    assert "45 million pixels in all" in page
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_with_a_cdn_readers_pages_name_it_and_the_newsrooms_name_the_site(
    settings, staff_client, draft_with_image
):
    settings.MEDIA_PUBLIC_URL = "https://cdn.example.org/media/"
    article = walk_to(ready_for_the_desk(draft_with_image), "published")
    rendition = images.renditions(
        article.lead_image.name, article.lead_image_width, article.lead_image_height
    )["webp"][0].name

    for_readers = Client().get(article.get_absolute_url()).content.decode()
    for_the_newsroom = staff_client.get(article.get_absolute_url()).content.decode()

    assert f'srcset="https://cdn.example.org/media/{rendition} 320w' in for_readers
    assert "/media/" not in for_readers.replace("https://cdn.example.org/media/", "")
    assert f'srcset="/media/{rendition} 320w' in for_the_newsroom
    assert "cdn.example.org" not in for_the_newsroom
    # What the CDN asks the site for is the same path, answered as before.
    assert Client().get(f"/media/{rendition}").status_code == 200
