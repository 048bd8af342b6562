"""A file sent without a usable name (".", "..", a name of nothing but separators or
unprintable characters, or no name at all) is refused with an error on its field,
and the rest of the form comes back as typed; nothing is saved."""

import pytest

from django.urls import reverse

from articles.models import Article, Author
from articles.upload_names import NAMELESS_MESSAGE

from .factories import ArticleFactory, AuthorFactory, BodyPartFactory, SectionFactory
from .test_admin import change_url, form_data, png_upload, row_errors
from .test_admin_import import IMPORT_URL

pytestmark = pytest.mark.django_db

# Names Django's parser would drop, and an empty one, which it would take for a
# file input left empty but for the bytes that come with it.
UNUSABLE_NAMES = [".", "..", "", "/", "\x01\x7f", "folder\\"]


BOUNDARY = "harden-boundary-7f3a"


def post_multipart(client, url, data, files):
    """Post ``data`` and ``files`` ({field: (name as sent, bytes)}) as a browser or
    any other client may: the test client would rename a file it finds no name for.
    """
    lines = []
    for key, values in data.items():
        for value in values if isinstance(values, list) else [values]:
            lines += [
                f"--{BOUNDARY}".encode(),
                f'Content-Disposition: form-data; name="{key}"'.encode(),
                b"",
                str(value).encode(),
            ]
    for key, (name, content) in files.items():
        lines += [
            f"--{BOUNDARY}".encode(),
            f'Content-Disposition: form-data; name="{key}"; filename="{name}"'.encode(),
            b"Content-Type: application/octet-stream",
            b"",
            content,
        ]
    lines += [f"--{BOUNDARY}--".encode(), b""]
    return client.post(
        url,
        b"\r\n".join(lines),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )


def png_bytes():
    return png_upload().read()


def field_errors(response, name):
    return [str(error) for error in response.context["adminform"].form.errors[name]]


@pytest.mark.parametrize("name", UNUSABLE_NAMES)
def test_a_lead_image_without_a_usable_name_is_an_error_and_the_form_is_kept(
    staff_client, name
):
    article = ArticleFactory(headline="Harbour reopens")
    data = form_data(staff_client.get(change_url(article)))
    data.update(headline="Harbour reopens after storm")

    response = post_multipart(
        staff_client, change_url(article), data, {"lead_image": (name, png_bytes())}
    )

    assert response.status_code == 200
    assert field_errors(response, "lead_image") == [NAMELESS_MESSAGE]
    # What was typed comes back; nothing was saved.
    assert 'value="Harbour reopens after storm"' in response.content.decode()
    article.refresh_from_db()
    assert (article.headline, article.lead_image.name) == ("Harbour reopens", "")


@pytest.mark.parametrize("name", ["..", ""])
def test_a_body_image_without_a_usable_name_is_an_error_on_its_row(staff_client, name):
    article = ArticleFactory(headline="Harbour reopens")
    BodyPartFactory(article=article, position=0, kind="image", alt_text="A quay.")
    data = form_data(staff_client.get(change_url(article)))
    data.update(headline="Harbour reopens after storm")

    response = post_multipart(
        staff_client, change_url(article), data, {"parts-0-image": (name, png_bytes())}
    )

    assert response.status_code == 200
    assert {"image": [NAMELESS_MESSAGE]} in row_errors(response, "parts")
    article.refresh_from_db()
    assert article.headline == "Harbour reopens"
    assert not article.parts.get().image


@pytest.mark.parametrize("name", [".", ""])
def test_an_author_photo_without_a_usable_name_is_an_error(staff_client, name):
    author = AuthorFactory(name="Ana Ruiz")
    url = reverse("admin:articles_author_change", args=[author.pk])
    data = form_data(staff_client.get(url), form_id="author_form")
    data.update(name="Ana Ruiz Soto")

    response = post_multipart(staff_client, url, data, {"photo": (name, png_bytes())})

    assert response.status_code == 200
    assert field_errors(response, "photo") == [NAMELESS_MESSAGE]
    assert Author.objects.get().name == "Ana Ruiz"


@pytest.mark.parametrize("name", ["..", ""])
def test_an_imported_file_without_a_usable_name_is_an_error(staff_client, name):
    section = SectionFactory()
    copy = b"Harbour reopens\nThe quay is open.\n"

    response = post_multipart(
        staff_client,
        IMPORT_URL,
        {"section": section.pk, "read": "1"},
        {"file": (name, copy)},
    )

    assert response.status_code == 200
    assert [str(e) for e in response.context["form"].errors["file"]] == [
        NAMELESS_MESSAGE
    ]
    assert not Article.objects.exists()


def test_an_image_input_left_empty_still_saves_the_rest(staff_client):
    # What a browser sends for a file input with nothing chosen: an empty name and
    # no bytes. That is no file, not a nameless one.
    article = ArticleFactory(headline="Harbour reopens")
    data = form_data(staff_client.get(change_url(article)))
    data.update(headline="Harbour reopens after storm")

    response = post_multipart(
        staff_client, change_url(article), data, {"lead_image": ("", b"")}
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.lead_image.name) == (
        "Harbour reopens after storm",
        "",
    )


def test_a_named_upload_still_arrives(staff_client):
    article = ArticleFactory(headline="Harbour reopens")
    data = form_data(staff_client.get(change_url(article)))

    response = post_multipart(
        staff_client,
        change_url(article),
        data,
        {"lead_image": ("quay.png", png_bytes())},
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.lead_image.name.endswith(".png")
