"""Images: uploads checked and cleaned in the admin, renditions made once, and the
<picture> elements of the article and author pages that offer them."""

import importlib
import io
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import images
from articles.models import Article, Author, BodyPart

from .factories import (
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    PublishedArticleFactory,
    SectionFactory,
)
from .test_admin import ADD_URL, form_data, png_upload, set_rows

AUTHOR_ADD_URL = "/admin/articles/author/add/"
A_LONG_TIME_AGO = 1_000_000_000  # September 2001, in seconds since 1970


def jpeg_bytes(size=(1500, 1000), colour=(200, 120, 40), **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG", **save_options)
    return buffer.getvalue()


def noisy_jpeg_bytes(size=(600, 400)):
    buffer = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


def stored(name, content):
    """Store ``content`` as an uploaded image would be, and return its name."""
    return default_storage.save(name, ContentFile(content))


def media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return (
        sorted(path for path in root.rglob("*") if path.is_file())
        if root.exists()
        else []
    )


def age(paths):
    for path in paths:
        os.utime(path, (A_LONG_TIME_AGO, A_LONG_TIME_AGO))


def mtimes(paths):
    return {path: path.stat().st_mtime for path in paths}


def rendition_files(name, width, height):
    return [
        Path(default_storage.path(rendition.name))
        for group in images.renditions(name, width, height).values()
        for rendition in group
    ]


# ---- Renditions ----


def test_renditions_are_made_at_each_width_up_to_the_original_as_webp_and_jpeg():
    name = stored("lead/harbour.jpg", jpeg_bytes((1500, 1000)))

    made = images.ensure_renditions(name, 1500, 1000)

    found = {}
    for rendition in made:
        with Image.open(default_storage.path(rendition.name)) as image:
            found.setdefault(image.format, []).append(image.size)
    expected = [(320, 213), (640, 427), (960, 640), (1280, 853), (1500, 1000)]
    assert sorted(found["WEBP"]) == expected
    assert sorted(found["JPEG"]) == expected
    assert set(found) == {"WEBP", "JPEG"}


def test_renditions_are_made_once_and_never_rewritten():
    name = stored("lead/harbour.jpg", jpeg_bytes((1500, 1000)))
    images.ensure_renditions(name, 1500, 1000)
    files = rendition_files(name, 1500, 1000)
    age(files)
    before = mtimes(files)

    made_again = images.ensure_renditions(name, 1500, 1000)

    assert made_again == []
    assert mtimes(files) == before
    assert all(when == A_LONG_TIME_AGO for when in before.values())


def test_a_missing_rendition_is_made_again_and_only_it():
    name = stored("lead/harbour.jpg", jpeg_bytes((1500, 1000)))
    images.ensure_renditions(name, 1500, 1000)
    files = rendition_files(name, 1500, 1000)
    age(files)
    files[0].unlink()

    made = images.ensure_renditions(name, 1500, 1000)

    assert [Path(default_storage.path(r.name)) for r in made] == [files[0]]
    assert files[0].exists()
    assert all(path.stat().st_mtime == A_LONG_TIME_AGO for path in files[1:])


def test_an_image_is_never_scaled_up_and_a_wide_one_stops_at_1920():
    narrow = images.renditions("body/chart.png", 200, 150)
    wide = images.renditions("lead/panorama.jpg", 4000, 1000)

    assert [r.width for r in narrow["webp"]] == [200]
    assert [r.width for r in narrow["png"]] == [200]
    assert [r.width for r in wide["webp"]] == [320, 640, 960, 1280, 1920]
    assert [(r.width, r.height) for r in wide["jpg"]][-1] == (1920, 480)


def test_a_transparent_png_keeps_its_transparency_in_both_formats():
    buffer = io.BytesIO()
    Image.new("RGBA", (700, 300), (0, 90, 160, 0)).save(buffer, format="PNG")
    name = stored("body/logo.png", buffer.getvalue())

    made = images.ensure_renditions(name, 700, 300)

    for rendition in made:
        with Image.open(default_storage.path(rendition.name)) as image:
            assert image.format == {"webp": "WEBP", "png": "PNG"}[rendition.extension]
            assert image.convert("RGBA").getpixel((5, 5))[3] == 0
    assert sorted({r.width for r in made}) == [320, 640, 700]


def test_a_rendition_address_depends_on_the_name_and_size_only():
    first = images.renditions("lead/harbour.jpg", 1500, 1000)
    again = images.renditions("lead/harbour.jpg", 1500, 1000)
    other_name = images.renditions("lead/harbour_x1y2z3.jpg", 1500, 1000)
    other_size = images.renditions("lead/harbour.jpg", 1400, 1000)

    assert first == again
    assert first["webp"][0].name != other_name["webp"][0].name
    assert first["webp"][0].name != other_size["webp"][0].name
    assert first["webp"][0].name.startswith("renditions/")


# ---- The article page ----


class Pictures(HTMLParser):
    """Each <picture>'s <source> and <img> attributes, in page order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pictures = []

    def handle_starttag(self, tag, attrs):
        if tag == "picture":
            self.pictures.append({})
        elif tag in ("source", "img") and self.pictures:
            self.pictures[-1][tag] = dict(attrs)

    def handle_endtag(self, tag):
        pass


def pictures_of(response):
    parser = Pictures()
    parser.feed(response.content.decode())
    return parser.pictures


def descriptors(srcset):
    return [
        (url, int(width.removesuffix("w")))
        for url, width in (entry.split() for entry in srcset.split(", "))
    ]


@pytest.fixture
def story_with_images(db):
    article = PublishedArticleFactory(
        section=SectionFactory(slug="world"),
        lead_image=SimpleUploadedFile("harbour.jpg", jpeg_bytes((1500, 1000))),
        lead_image_alt="Fishing boats in a harbour at dawn.",
    )
    BodyPartFactory(article=article, kind=BodyPart.Kind.PARAGRAPH)
    BodyPartFactory(
        article=article,
        kind=BodyPart.Kind.IMAGE,
        text="",
        image=SimpleUploadedFile("chart.png", png_bytes((800, 450))),
        alt_text="A chart of ferry journeys by month.",
    )
    return article


def png_bytes(size):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_lead_image_is_a_picture_with_webp_and_jpeg_srcsets_loaded_first(
    client, story_with_images
):
    lead, _ = pictures_of(client.get(story_with_images.get_absolute_url()))

    source, img = lead["source"], lead["img"]
    assert source["type"] == "image/webp"
    assert [width for _, width in descriptors(source["srcset"])] == [
        320,
        640,
        960,
        1280,
        1500,
    ]
    assert all(url.endswith(".webp") for url, _ in descriptors(source["srcset"]))
    assert [width for _, width in descriptors(img["srcset"])] == [
        320,
        640,
        960,
        1280,
        1500,
    ]
    assert all(url.endswith(".jpg") for url, _ in descriptors(img["srcset"]))
    assert img["src"].endswith("-960.jpg")
    assert source["sizes"] == img["sizes"] and "100vw" in img["sizes"]
    assert (img["width"], img["height"]) == ("1500", "1000")
    assert img["alt"] == "Fishing boats in a harbour at dawn."
    # Above the fold: fetched at once, and first.
    assert img["fetchpriority"] == "high"
    assert "loading" not in img


def test_a_body_image_is_a_lazy_picture_with_a_png_fallback(client, story_with_images):
    _, body = pictures_of(client.get(story_with_images.get_absolute_url()))

    source, img = body["source"], body["img"]
    assert [width for _, width in descriptors(source["srcset"])] == [320, 640, 800]
    assert [width for _, width in descriptors(img["srcset"])] == [320, 640, 800]
    assert all(url.endswith(".png") for url, _ in descriptors(img["srcset"]))
    assert (img["width"], img["height"]) == ("800", "450")
    assert img["alt"] == "A chart of ferry journeys by month."
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert "fetchpriority" not in img


def test_every_address_in_a_srcset_answers_with_an_image_that_wide(
    client, story_with_images
):
    for picture in pictures_of(client.get(story_with_images.get_absolute_url())):
        for element, kind in (("source", "WEBP"), ("img", None)):
            for url, width in descriptors(picture[element]["srcset"]):
                response = client.get(url)

                assert response.status_code == 200, url
                assert "immutable" in response.headers["Cache-Control"]
                with Image.open(
                    io.BytesIO(b"".join(response.streaming_content))
                ) as image:
                    assert image.width == width
                    assert image.format == (
                        kind or {"jpg": "JPEG", "png": "PNG"}[url.rsplit(".", 1)[1]]
                    )


def test_a_rendition_asked_for_twice_is_encoded_once(client, story_with_images):
    lead, _ = pictures_of(client.get(story_with_images.get_absolute_url()))
    url, _ = descriptors(lead["source"]["srcset"])[1]
    assert client.get(url).status_code == 200
    name = url.removeprefix(default_storage.base_url)
    path = Path(default_storage.path(name))
    age([path])

    second = client.get(url)

    assert second.status_code == 200
    assert path.stat().st_mtime == A_LONG_TIME_AGO


@pytest.mark.parametrize(
    "path",
    [
        "0123456789abcdef0123/lead/harbour-640.webp",  # a key no image has
        "{key}/lead/harbour-641.webp",  # a width never offered
        "{key}/lead/harbour-640.gif",  # a format never offered
        "{key}/../../etc/passwd-640.webp",
        "{key}/renditions/x-640.webp",
    ],
)
def test_no_rendition_is_made_that_the_site_never_offered(client, db, settings, path):
    name = stored("lead/harbour.jpg", jpeg_bytes((1500, 1000)))
    key = images.rendition_key(name, 1500, 1000)
    before = media_files(settings)

    response = client.get(f"/media/renditions/{path.format(key=key)}")

    assert response.status_code == 404
    assert media_files(settings) == before


def test_images_add_no_queries_to_the_article_page(
    client, story_with_images, django_assert_num_queries
):
    plain = PublishedArticleFactory(section=story_with_images.section)
    BodyPartFactory(article=plain, kind=BodyPart.Kind.PARAGRAPH)
    BodyPartFactory(article=plain, kind=BodyPart.Kind.PARAGRAPH)

    response = as_many_queries_as(
        client, plain, story_with_images, django_assert_num_queries
    )

    assert len(pictures_of(response)) == 2


def as_many_queries_as(client, plain, pictured, django_assert_num_queries):
    """The page of ``pictured``, asserted to take the queries ``plain``'s page does."""
    # A first request reads what each process keeps (sections, the content type of
    # stories, a list's ids): both pages are measured as a warm worker renders them.
    client.get(plain.get_absolute_url())
    client.get(pictured.get_absolute_url())
    caches["default"].clear()  # rendered again, not served from the page cache
    with CaptureQueriesContext(connection) as without_pictures:
        assert client.get(plain.get_absolute_url()).status_code == 200

    with django_assert_num_queries(len(without_pictures.captured_queries)):
        return client.get(pictured.get_absolute_url())


# ---- Uploads through the admin ----


def story_data(staff_client, section, **files):
    data = form_data(staff_client.get(ADD_URL))
    data.update(headline="Harbour city opens its new ferry line", slug="")
    data["section"] = str(section.pk)
    data.update(files)
    return data


@pytest.fixture
def section(db):
    return SectionFactory(name="World", slug="world")


def exif_jpeg():
    """A 40 × 20 JPEG, red on the left and blue on the right, whose EXIF says to
    turn it a quarter clockwise (orientation 6) and where it was taken."""
    image = Image.new("RGB", (40, 20), (255, 0, 0))
    image.paste((0, 0, 255), (20, 0, 40, 20))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Harbour Cameras"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (35.0, 39.0, 29.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (139.0, 44.0, 28.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def test_the_test_photo_carries_its_orientation_and_location():
    with Image.open(io.BytesIO(exif_jpeg())) as image:
        exif = image.getexif()
        assert exif[ExifTags.Base.Orientation] == 6
        assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"


def test_an_uploaded_photo_is_stored_upright_without_its_location(
    staff_client, section
):
    upload = SimpleUploadedFile("ferry.jpg", exif_jpeg(), content_type="image/jpeg")

    response = staff_client.post(
        ADD_URL, story_data(staff_client, section, lead_image=upload)
    )

    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get()
    assert (article.lead_image_width, article.lead_image_height) == (20, 40)
    with Image.open(article.lead_image.path) as image:
        assert image.size == (20, 40)
        exif = image.getexif()
        assert dict(exif) == {}
        assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert "exif" not in image.info and "xmp" not in image.info
        # Turned a quarter clockwise: the left (red) half is now on top.
        red, _, blue = image.convert("RGB").getpixel((10, 5))
        assert red > 200 and blue < 60
        red, _, blue = image.convert("RGB").getpixel((10, 35))
        assert blue > 200 and red < 60


def test_a_png_sent_as_jpg_is_stored_as_png(staff_client, section):
    upload = SimpleUploadedFile(
        "map.jpg", png_bytes((60, 40)), content_type="image/jpeg"
    )

    response = staff_client.post(
        ADD_URL, story_data(staff_client, section, lead_image=upload)
    )

    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get()
    assert article.lead_image.name.endswith(".png")
    with Image.open(article.lead_image.path) as image:
        assert image.format == "PNG" and image.size == (60, 40)


def test_saving_a_story_with_an_image_makes_its_renditions_once_committed(
    staff_client, section, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("harbour.jpg", jpeg_bytes((1000, 600)))

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            ADD_URL, story_data(staff_client, section, lead_image=upload)
        )

    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get()
    files = rendition_files(article.lead_image.name, 1000, 600)
    assert len(files) == 8  # 320, 640, 960 and 1000, as WebP and JPEG
    assert all(path.is_file() for path in files)


def decompression_bomb():
    """A 100-megapixel PNG of a few kilobytes: its pixels would take 100 MB."""
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, format="PNG")
    return buffer.getvalue()


def just_over_the_pixel_limit():
    """49 megapixels: over the limit, yet under what Pillow itself refuses."""
    buffer = io.BytesIO()
    Image.new("1", (7_000, 7_000)).save(buffer, format="PNG")
    return buffer.getvalue()


def truncated_jpeg():
    whole = noisy_jpeg_bytes()
    return whole[: len(whole) // 2]


def tiff():
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "teal").save(buffer, format="TIFF")
    return buffer.getvalue()


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b'<rect width="10" height="10"/></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"

BAD_UPLOADS = {
    "decompression bomb": ("bomb.png", decompression_bomb, "too many pixels"),
    "49 megapixels": ("huge.png", just_over_the_pixel_limit, "at most 40 million"),
    "truncated": ("cut.jpg", truncated_jpeg, "damaged or incomplete"),
    "text named .jpg": (
        "notes.jpg",
        lambda: b"Meeting notes, not a photo.\n",
        "not an image",
    ),
    "SVG named .jpg": ("logo.jpg", lambda: SVG, "not an image"),
    "HTML named .jpg": ("page.jpg", lambda: HTML, "not an image"),
    "TIFF": ("scan.tif", tiff, "TIFF images are not accepted"),
    "over 20 MB": (
        "big.jpg",
        lambda: jpeg_bytes((10, 10)) + bytes(images.MAX_BYTES),
        "an image can be at most 20.0\xa0MB",
    ),
}


@pytest.mark.parametrize("case", BAD_UPLOADS, ids=list(BAD_UPLOADS))
def test_a_bad_lead_image_is_a_form_error_and_nothing_is_saved(
    staff_client, section, settings, case
):
    filename, content, message = BAD_UPLOADS[case]
    data = story_data(
        staff_client, section, lead_image=SimpleUploadedFile(filename, content())
    )

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["lead_image"]
    assert any(message in error for error in errors), errors
    assert Article.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.parametrize("case", ["decompression bomb", "truncated", "SVG named .jpg"])
def test_a_bad_image_part_is_an_error_on_its_row(staff_client, section, settings, case):
    filename, content, message = BAD_UPLOADS[case]
    data = story_data(staff_client, section)
    set_rows(
        data,
        "parts",
        [
            {
                "position": "1",
                "kind": "paragraph",
                "text": "<p>The first ferry left.</p>",
            },
            {
                "position": "2",
                "kind": "image",
                "image": SimpleUploadedFile(filename, content()),
                "alt_text": "A ferry.",
            },
        ],
    )

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "parts"
    )
    assert formset.forms[0].errors == {}
    assert any(message in error for error in formset.forms[1].errors["image"])
    assert Article.objects.count() == 0 and BodyPart.objects.count() == 0
    assert media_files(settings) == []


def test_a_good_image_part_is_accepted(staff_client, section):
    data = story_data(staff_client, section)
    set_rows(
        data,
        "parts",
        [
            {
                "position": "1",
                "kind": "image",
                "image": png_upload(),
                "alt_text": "A map.",
            }
        ],
    )

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["errors"]
    part = BodyPart.objects.get()
    assert (part.image_width, part.image_height) == (8, 6)


@pytest.mark.parametrize("case", ["text named .jpg", "decompression bomb"])
def test_a_bad_author_photo_is_a_form_error(staff_client, settings, case):
    filename, content, message = BAD_UPLOADS[case]
    data = form_data(staff_client.get(AUTHOR_ADD_URL), form_id="author_form")
    data.update(
        name="Hana Mori",
        slug="hana-mori",
        photo=SimpleUploadedFile(filename, content()),
    )

    response = staff_client.post(AUTHOR_ADD_URL, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["photo"]
    assert any(message in error for error in errors), errors
    assert not Author.objects.exists()
    assert media_files(settings) == []


def test_an_author_photo_is_stored_without_its_location(staff_client):
    data = form_data(staff_client.get(AUTHOR_ADD_URL), form_id="author_form")
    data.update(
        name="Hana Mori",
        slug="hana-mori",
        photo=SimpleUploadedFile("hana.jpg", exif_jpeg(), content_type="image/jpeg"),
    )

    response = staff_client.post(AUTHOR_ADD_URL, data)

    assert response.status_code == 302, response.context["errors"]
    with Image.open(Author.objects.get().photo.path) as image:
        assert image.size == (20, 40)
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}


# ---- Authors' photos ----


def author_data(client, url=AUTHOR_ADD_URL, **fields):
    data = form_data(client.get(url), form_id="author_form")
    data.update(fields)
    return data


def assert_renditions_on_disk(name, width, height):
    offered = [
        rendition
        for group in images.renditions(name, width, height).values()
        for rendition in group
    ]
    for rendition in offered:
        with Image.open(default_storage.path(rendition.name)) as image:
            assert image.size == (rendition.width, rendition.height), rendition.name
    return offered


def test_an_editor_uploads_an_author_photo_and_it_keeps_its_size_and_renditions(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    upload = SimpleUploadedFile("hana.jpg", jpeg_bytes((600, 800)))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            AUTHOR_ADD_URL,
            author_data(client, name="Hana Mori", slug="hana-mori", photo=upload),
        )

    assert response.status_code == 302, response.context["errors"]
    author = Author.objects.get()
    assert (author.photo_width, author.photo_height) == (600, 800)
    offered = assert_renditions_on_disk(author.photo.name, 600, 800)
    # 320 and 600 wide, as WebP and JPEG; the portrait keeps its shape.
    assert sorted((r.extension, r.width, r.height) for r in offered) == [
        ("jpg", 320, 427),
        ("jpg", 600, 800),
        ("webp", 320, 427),
        ("webp", 600, 800),
    ]


def test_a_replaced_author_photo_gets_its_own_size_and_renditions(
    client, site_administrator, django_capture_on_commit_callbacks
):
    author = AuthorFactory(
        name="Hana Mori",
        slug="hana-mori",
        photo=SimpleUploadedFile("hana.jpg", jpeg_bytes((600, 800))),
    )
    client.force_login(site_administrator)
    url = f"/admin/articles/author/{author.pk}/change/"
    upload = SimpleUploadedFile("hana-2026.png", png_bytes((500, 500)))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, author_data(client, url, photo=upload))

    assert response.status_code == 302, response.context["errors"]
    author.refresh_from_db()
    assert author.photo.name.endswith(".png")
    assert (author.photo_width, author.photo_height) == (500, 500)
    offered = assert_renditions_on_disk(author.photo.name, 500, 500)
    assert sorted((r.extension, r.width) for r in offered) == [
        ("png", 320),
        ("png", 500),
        ("webp", 320),
        ("webp", 500),
    ]


@pytest.fixture
def author_with_photo(db):
    author = AuthorFactory(
        name="Hana Mori",
        slug="hana-mori",
        photo=SimpleUploadedFile("hana.jpg", jpeg_bytes((600, 800))),
    )
    BylineFactory(article=PublishedArticleFactory(), author=author)
    return author


def test_the_author_page_offers_the_photo_as_renditions_for_its_small_size(
    client, author_with_photo
):
    response = client.get(author_with_photo.get_absolute_url())

    (picture,) = pictures_of(response)
    source, img = picture["source"], picture["img"]
    offered = images.renditions(author_with_photo.photo.name, 600, 800)
    assert descriptors(source["srcset"]) == [(r.url, r.width) for r in offered["webp"]]
    assert descriptors(img["srcset"]) == [(r.url, r.width) for r in offered["jpg"]]
    assert [width for _, width in descriptors(img["srcset"])] == [320, 600]
    # Drawn 96 pixels wide: even a phone at three pixels to the point takes 320.
    assert source["sizes"] == img["sizes"] == "96px"
    assert (img["width"], img["height"]) == ("600", "800")
    # Decorative: the author's name is the heading beside it.
    assert img["alt"] == ""
    assert author_with_photo.photo.url not in response.content.decode()
    for element in (source, img):
        for url, width in descriptors(element["srcset"]):
            answer = client.get(url)
            assert answer.status_code == 200, url
            with Image.open(io.BytesIO(b"".join(answer.streaming_content))) as image:
                assert image.width == width


def test_a_photo_adds_no_queries_to_the_author_page(
    client, author_with_photo, django_assert_num_queries
):
    plain = AuthorFactory(name="Ken Sato", slug="ken-sato")
    BylineFactory(article=PublishedArticleFactory(), author=plain)

    response = as_many_queries_as(
        client, plain, author_with_photo, django_assert_num_queries
    )

    assert len(pictures_of(response)) == 1


def test_the_migration_gives_photos_stored_before_it_their_size(db):
    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0011_author_photo_sizes")
    kept = AuthorFactory(photo=SimpleUploadedFile("kept.jpg", jpeg_bytes((300, 450))))
    lost = AuthorFactory(photo=SimpleUploadedFile("lost.jpg", jpeg_bytes((300, 450))))
    without = AuthorFactory()
    default_storage.delete(lost.photo.name)
    Author.objects.update(photo_width=None, photo_height=None)

    migration.fill_photo_sizes(apps, None)

    sizes = {
        pk: (width, height)
        for pk, width, height in Author.objects.values_list(
            "pk", "photo_width", "photo_height"
        )
    }
    # A photo whose file is gone keeps no size, and stops no one migrating.
    assert sizes == {
        kept.pk: (300, 450),
        lost.pk: (None, None),
        without.pk: (None, None),
    }


def test_a_row_whose_image_size_was_never_recorded_and_whose_file_is_gone_still_shows(
    client, db
):
    # As a row written before sizes were kept, whose file has since been lost: its
    # pages show the image at its address rather than fail opening the file.
    author = AuthorFactory(
        slug="hana-mori", photo=stored("authors/gone.jpg", jpeg_bytes())
    )
    story = PublishedArticleFactory(
        section=SectionFactory(slug="world"),
        lead_image=stored("lead/gone.jpg", jpeg_bytes()),
    )
    BylineFactory(article=story, author=author)
    Author.objects.filter(pk=author.pk).update(photo_width=None, photo_height=None)
    Article.objects.filter(pk=story.pk).update(
        lead_image_width=None, lead_image_height=None
    )
    default_storage.delete("authors/gone.jpg")
    default_storage.delete("lead/gone.jpg")

    for url in (story.get_absolute_url(), author.get_absolute_url(), "/", "/world/"):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'src="{default_storage.url("lead/gone.jpg")}"' in page
    author_page = client.get(author.get_absolute_url()).content.decode()
    assert f'src="{default_storage.url("authors/gone.jpg")}"' in author_page


def test_a_newly_assigned_file_has_its_size_read(db):
    author = AuthorFactory(photo=stored("authors/new.jpg", jpeg_bytes((300, 450))))

    assert (author.photo_width, author.photo_height) == (300, 450)
    author.refresh_from_db()
    assert (author.photo_width, author.photo_height) == (300, 450)


def test_a_row_read_runs_nothing_for_its_image(db):
    """Django's image field listens to every instance made of its model, to fill an
    empty size by opening the file; ours never does on reading, so it does not
    listen: a list of stories makes its rows without calling the field."""
    from django.db.models.signals import post_init

    for model in (Article, Author, BodyPart):
        assert not post_init.has_listeners(model), model
