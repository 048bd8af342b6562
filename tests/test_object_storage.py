"""Media in an S3-compatible bucket: uploads, renditions, the CDN's addresses, what
stays private, export and restore, and a store that stops answering."""

import io
import re
import urllib.error
import urllib.request

import pytest

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles import images, preview
from articles.models import Article

from .factories import walk_to
from .interchange import (
    content_types_forgotten,  # noqa: F401  (a fixture)
    empty_the_database,
)
from .objectstore import CDN, use_bucket
from .test_admin import ADD_URL, form_data
from .test_media_privacy import (
    jpeg_with_comment,
    media_addresses,
    post_story,
    ready_for_the_desk,
)

pytestmark = pytest.mark.django_db


def upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "harbour.jpg", jpeg_with_comment((1400, 800)), content_type="image/jpeg"
    )


@pytest.fixture
def story_in_bucket(bucket, staff_client, django_capture_on_commit_callbacks):
    """A draft whose lead image an editor uploaded in the admin, renditions made."""
    with django_capture_on_commit_callbacks(execute=True):
        response = post_story(staff_client, upload())
    assert response.status_code == 302, response.context["errors"]
    return Article.objects.get()


def rendition_names(article):
    return sorted(
        rendition.name
        for group in images.renditions(
            article.lead_image.name,
            article.lead_image_width,
            article.lead_image_height,
        ).values()
        for rendition in group
    )


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_an_admin_upload_and_its_renditions_land_in_the_bucket(
    story_in_bucket, bucket, object_store, tmp_path
):
    name = story_in_bucket.lead_image.name
    assert re.fullmatch(r"lead/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", name)

    keys = object_store.keys(bucket)

    assert keys == sorted([name, *rendition_names(story_in_bucket)])
    assert len(keys) == 1 + 2 * len(images.rendition_widths(1400))
    # Nothing on the disk.
    assert not (tmp_path / "media").exists()
    stored = object_store.client().get_object(Bucket=bucket, Key=name)["Body"].read()
    assert stored[:2] == b"\xff\xd8" and b"CONFIDENTIAL" not in stored


def test_the_article_page_names_the_cdn_and_the_bucket_is_not_public(
    story_in_bucket, bucket, object_store, django_assert_max_num_queries
):
    article = ready_for_the_desk(story_in_bucket)
    walk_to(article, "published")
    article.refresh_from_db()

    with django_assert_max_num_queries(8):
        response = Client().get(article.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    addresses = re.findall(r'(?:src|srcset)="([^"]+)"', html)
    urls = [url.split()[0] for value in addresses for url in value.split(", ")]
    image_urls = [url for url in urls if "/renditions/" in url]
    assert image_urls, html
    assert all(url.startswith(f"{CDN}renditions/") for url in image_urls)
    assert object_store.endpoint not in html and "X-Amz" not in html
    # The bucket answers no one without a signature.
    status, _ = fetch(f"{object_store.endpoint}/{bucket}/{image_urls[0][len(CDN) :]}")
    assert status == 403


def test_the_cdns_origin_sends_public_images_and_keeps_unpublished_ones_private(
    story_in_bucket, bucket, object_store, staff_client
):
    addresses = media_addresses(story_in_bucket)
    assert all(address.startswith(CDN) for address in addresses)
    # What the CDN asks the site for: the same path under /media/.
    on_site = [f"/media/{address[len(CDN) :]}" for address in addresses]
    reader = Client()

    for address in on_site:
        assert reader.get(address).status_code == 404, address
        seen = staff_client.get(address)
        # The newsroom sees them through the site, kept by no cache.
        assert seen.status_code == 200, address
        assert seen.headers["Cache-Control"] == "private, no-store"
        key = address.removeprefix("/media/")
        stored = object_store.client().get_object(Bucket=bucket, Key=key)
        assert b"".join(seen.streaming_content) == stored["Body"].read()

    walk_to(ready_for_the_desk(story_in_bucket), "published")

    for address in on_site:
        response = reader.get(address)
        assert response.status_code == 200, address
        assert response.headers["Cache-Control"] == (
            "public, max-age=31536000, immutable"
        )
        key = address.removeprefix("/media/")
        stored = object_store.client().get_object(Bucket=bucket, Key=key)
        assert b"".join(response.streaming_content) == stored["Body"].read()


def test_the_newsroom_is_shown_the_sites_own_media_addresses(
    story_in_bucket, staff_client
):
    change = staff_client.get(
        reverse("admin:articles_article_change", args=[story_in_bucket.pk])
    )
    html = change.content.decode()

    assert "/media/renditions/" in html
    assert CDN not in html


def test_a_share_links_page_names_the_sites_own_addresses_and_they_load(
    story_in_bucket,
):
    link = preview.share(story_in_bucket, by=None)
    holder = Client()

    page = holder.get(reverse("articles:shared_preview", args=[link.token]))

    html = page.content.decode()
    assert CDN not in html
    sources = re.findall(r'<img src="(/media/renditions/[^"]+)"', html)
    assert sources, html
    response = holder.get(sources[0])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_missing_rendition_is_made_into_the_bucket_on_its_first_request(
    bucket, object_store, staff_client
):
    response = post_story(staff_client, upload())  # no on-commit: no renditions
    assert response.status_code == 302
    article = Article.objects.get()
    assert object_store.keys(bucket) == [article.lead_image.name]
    walk_to(ready_for_the_desk(article), "published")
    wanted = images.renditions(
        article.lead_image.name, article.lead_image_width, article.lead_image_height
    )["webp"][1]

    response = Client().get(f"/media/{wanted.name}")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/webp"
    assert object_store.keys(bucket) == sorted([article.lead_image.name, wanted.name])


@pytest.mark.usefixtures("content_types_forgotten")
def test_export_and_restore_read_and_write_the_bucket(
    story_in_bucket, bucket, object_store, settings, tmp_path
):
    walk_to(ready_for_the_desk(story_in_bucket), "published")
    name = story_in_bucket.lead_image.name
    original = object_store.client().get_object(Bucket=bucket, Key=name)["Body"].read()

    call_command("export_newsroom", str(tmp_path / "out"), stdout=io.StringIO())

    assert (tmp_path / "out" / "media" / name).read_bytes() == original

    empty_the_database()
    other = object_store.new_bucket()
    use_bucket(settings, object_store, other)
    call_command("restore_newsroom", str(tmp_path / "out"), stdout=io.StringIO())

    assert object_store.keys(other) == [name]
    restored = object_store.client().get_object(Bucket=other, Key=name)["Body"].read()
    assert restored == original
    assert Article.objects.get().lead_image.name == name


@pytest.fixture
def published_in_own_store(own_object_store, settings, staff_client):
    """``(bucket, article)``: a story published with a lead image an editor uploaded
    to a bucket of ``own_object_store``, which the test may stop."""
    bucket = own_object_store.new_bucket()
    use_bucket(settings, own_object_store, bucket)
    assert post_story(staff_client, upload()).status_code == 302
    article = ready_for_the_desk(Article.objects.get())
    walk_to(article, "published")
    return bucket, article


def add_story_with_image(staff_client, section):
    """The admin's answer to a new story with a lead image, posted in ``section``."""
    data = form_data(staff_client.get(ADD_URL))
    data.update(
        headline="Port strike ends",
        slug="",
        section=str(section.pk),
        lead_image=upload(),
    )
    return staff_client.post(ADD_URL, data)


def test_with_the_store_stopped_pages_render_and_an_upload_is_refused_on_the_form(
    published_in_own_store, own_object_store, staff_client, client
):
    bucket, article = published_in_own_store
    before = own_object_store.keys(bucket)

    own_object_store.stop()

    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(reverse("articles:home")).status_code == 200
    readyz = client.get(reverse("readyz"))
    assert readyz.status_code == 503
    assert readyz.json()["checks"]["storage"]["ok"] is False

    response = add_story_with_image(staff_client, article.section)

    assert response.status_code == 200
    page = response.content.decode()
    assert "The image store cannot be reached just now, so nothing was saved." in page
    # The rest of the form is as typed; nothing was written.
    assert 'value="Port strike ends"' in page
    assert list(Article.objects.values_list("pk", "lead_image")) == [
        (article.pk, article.lead_image.name)
    ]
    assert article.lead_image.name in before


def test_while_the_store_is_down_images_are_a_503_and_it_works_again_when_back(
    published_in_own_store, own_object_store, staff_client, client, caplog
):
    bucket, article = published_in_own_store
    image = f"/media/{article.lead_image.name}"
    assert client.get(image).status_code == 200

    own_object_store.stop()

    # The page renders; its image is "come back later", not a server error.
    assert client.get(article.get_absolute_url()).status_code == 200
    caplog.clear()
    missing = [client.get(image) for _ in range(3)]
    assert [answer.status_code for answer in missing] == [503] * 3
    assert missing[0].headers["Retry-After"] == "10"
    assert "This image cannot be fetched just now." in missing[0].text
    # Logged once, as a warning: no traceback, nor a line for each answer.
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert "The media storage cannot be reached" in caplog.records[0].getMessage()

    # The store comes back at its address (moto forgets its buckets; a real store
    # keeps them). The same process uploads again, without a restart.
    own_object_store.start_again()
    own_object_store.client().create_bucket(Bucket=bucket)
    assert client.get(reverse("readyz")).status_code == 200

    assert add_story_with_image(staff_client, article.section).status_code == 302
    saved = Article.objects.get(headline="Port strike ends")
    assert saved.lead_image.name in own_object_store.keys(bucket)
