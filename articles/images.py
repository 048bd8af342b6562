"""Uploaded images: checked and cleaned on upload, and served as resized renditions.

An upload must be a real JPEG, PNG, WebP or GIF within ``MAX_BYTES`` and
``MAX_PIXELS``; it is turned upright (EXIF orientation) and stored re-encoded,
without its EXIF and XMP metadata, so that no camera position reaches readers.

Each stored image has renditions at ``WIDTHS`` (never wider than the original), as
WebP and as a fallback in the original's family (JPEG, or PNG for PNG and GIF, which
keeps transparency and sharp edges), under
``renditions/<key>/<name without extension>-<width>.<format>`` in the media storage
(the media folder, or a bucket: ``storage``). The key hashes the stored name with
the pixel size the model keeps for it, so a rendition's address is a pure function
of what the database row says: rendering a page touches neither the storage nor
Pillow. Django's storage never reuses a name, so a new upload
gets new addresses, and a browser or CDN may cache a rendition for good.

Renditions are made once: when a story, body part or author is saved with an image
(after the transaction commits), or, for images stored some other way, by
``views.images.rendition`` on the first request for one. A rendition that exists is
never encoded again.
"""

import hashlib
import io
import logging
import os
import tempfile
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import Article, Author, BodyPart
from .storage import STORAGE_ERRORS
from .upload_names import RefuseNamelessMixin

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow refuses to open anything over twice this, and warns above it: a
# decompression bomb fails in Image.open, before it is decoded.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

WIDTHS = (320, 640, 960, 1280, 1920)
RENDITIONS_DIR = "renditions"
# Part of every key: raising it gives every rendition a new address, for when the
# encoding below changes.
RENDITION_VERSION = 1

# Pillow's format name: (file extension, MIME type).
ACCEPTED = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
}
CONTENT_TYPES = {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}
ENCODING = {
    "webp": {"format": "WEBP", "quality": 80, "method": 4},
    "jpg": {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True},
    "png": {"format": "PNG", "compress_level": 6},
}
# What the cleaned original is stored with: close to the upload, metadata gone.
ORIGINAL_ENCODING = {
    "JPEG": {"quality": 90, "optimize": True, "progressive": True},
    "PNG": {"optimize": False},
    "WEBP": {"quality": 90, "method": 4},
    "GIF": {},
}


# ---- Checking uploads ----


class CheckedImageField(RefuseNamelessMixin, forms.ImageField):
    """An image upload that is checked, turned upright and stripped of metadata.

    ``to_python`` returns a new upload holding the cleaned image, under a random
    name with the extension of its real format: a PNG sent as ``photo.jpg`` is
    stored as ``<random id>.png``. The name it was sent with is kept as
    ``original_name`` on the upload, for the admin's history, never in the address.
    """

    default_error_messages = {
        "too_large": _(
            "This file is %(size)s; an image can be at most %(limit)s. "
            "Export it smaller and upload it again."
        ),
        "not_an_image": _(
            "This file is not an image. Upload a JPEG, PNG, WebP or GIF file."
        ),
        "format": _(
            "%(format)s images are not accepted. Upload a JPEG, PNG, WebP or GIF file."
        ),
        "too_many_pixels": _(
            "This image is %(width)s × %(height)s pixels; an image can have at most "
            "%(limit)s million. Export it smaller and upload it again."
        ),
        "too_many_frames": _(
            "This animation has %(frames)s frames of %(width)s × %(height)s pixels, "
            "%(total)s million pixels in all; an image can have at most %(limit)s "
            "million. Shorten it or make it smaller, and upload it again."
        ),
        "too_many_pixels_unknown": _(
            "This image has too many pixels; an image can have at most %(limit)s "
            "million. Export it smaller and upload it again."
        ),
        "damaged": _(
            "This image is damaged or incomplete. Export it again and upload the "
            "new file."
        ),
        "unreachable": _(
            "The image store cannot be reached just now, so nothing was saved. "
            "Try again in a minute; if it keeps failing, tell the site's "
            "administrators."
        ),
    }

    def to_python(self, data):
        # FileField's checks (an upload, a name, not empty), not ImageField's: the
        # image is opened here, once, with the limits below.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        cleaned = clean_upload(upload, self.error_messages)
        # Asked before the form saves anything: a store that cannot take the file
        # is an error on the form, with the rest of it as typed, not a failed save.
        try:
            default_storage.exists(f"{RENDITIONS_DIR}/reachable")
        except STORAGE_ERRORS:
            logger.warning("The media storage cannot be reached", exc_info=True)
            raise ValidationError(
                self.error_messages["unreachable"], code="unreachable"
            ) from None
        return cleaned


def clean_upload(upload, messages=None):
    """The cleaned copy of ``upload``, or a ``ValidationError`` saying what is wrong."""
    messages = messages or CheckedImageField.default_error_messages

    def error(code, **params):
        return ValidationError(messages[code], code=code, params=params)

    if upload.size > MAX_BYTES:
        raise error(
            "too_large",
            size=filesizeformat(upload.size),
            limit=filesizeformat(MAX_BYTES),
        )
    limit = MAX_PIXELS // 1_000_000
    try:
        with warnings.catch_warnings():
            # Above MAX_PIXELS Pillow only warns; here that is a refusal too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                kind, (width, height) = probe.format, probe.size
                frames = getattr(probe, "n_frames", 1)
                if kind not in ACCEPTED:
                    raise error("format", format=kind)
                if frames > 1 and width * height * frames > MAX_PIXELS:
                    raise error(
                        "too_many_frames",
                        frames=f"{frames:,}",
                        width=width,
                        height=height,
                        total=f"{width * height * frames / 1_000_000:,.0f}",
                        limit=limit,
                    )
                if width * height > MAX_PIXELS:
                    raise error(
                        "too_many_pixels", width=width, height=height, limit=limit
                    )
                probe.verify()
            # verify() leaves the image unusable; decoding needs a fresh one.
            upload.seek(0)
            with Image.open(upload) as image:
                content = _reencoded(image, kind)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise error("too_many_pixels_unknown", limit=limit) from None
    except UnidentifiedImageError:
        raise error("not_an_image") from None
    except Exception:
        # Pillow's decoders answer broken input with many kinds of exception
        # (OSError for a truncated file, SyntaxError, ValueError, EOFError,
        # struct.error, ...); each means the same thing to the editor.
        logger.info("Refused a damaged image upload %r", upload.name, exc_info=True)
        raise error("damaged") from None
    extension, content_type = ACCEPTED[kind]
    # A random name: the uploader's ("layoffs-memo-draft.jpg") would be public in
    # the image's address, and one file could be found from another's name.
    cleaned = SimpleUploadedFile(
        f"{uuid.uuid4().hex}.{extension}", content, content_type=content_type
    )
    cleaned.original_name = upload.name
    return cleaned


def _reencoded(image, kind):
    """The image's pixels, upright, in format ``kind``, without EXIF, XMP or comments.

    The colour profile is kept: it says how to show the colours and holds nothing
    about the photographer.
    """
    options = dict(ORIGINAL_ENCODING[kind])
    if icc_profile := image.info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    buffer = io.BytesIO()
    if getattr(image, "n_frames", 1) > 1:
        # An animation keeps its frames and timing; it has no orientation to apply.
        for name in ("loop", "duration", "background"):
            if name in image.info:
                options[name] = image.info[name]
        _strip_metadata(image)
        image.save(buffer, format=kind, save_all=True, comment=b"", **options)
    else:
        image.load()
        upright = ImageOps.exif_transpose(image)
        if kind == "GIF" and "transparency" in image.info:
            options["transparency"] = image.info["transparency"]
        _strip_metadata(upright)
        upright.save(buffer, format=kind, **options)
    return buffer.getvalue()


# What an image's ``info`` may keep when it is written again: how to show it, never
# text about it (EXIF, XMP, a JPEG COM segment, a GIF comment, PNG text chunks).
_DISPLAY_INFO = {"icc_profile", "transparency", "duration", "loop", "background"}


def _strip_metadata(image):
    """Drop what Pillow would write back from ``image.info``: it saves a JPEG's or
    GIF's comment, and XMP, from there unless told otherwise."""
    for name in set(image.info) - _DISPLAY_INFO:
        del image.info[name]


# ---- Renditions: addresses ----


@dataclass(frozen=True)
class Rendition:
    name: str  # in the storage, under RENDITIONS_DIR
    width: int
    height: int
    extension: str
    original: str = ""  # the stored image it is made from

    @property
    def url(self):
        return default_storage.url(self.name)


def rendition_key(name, width, height):
    """The folder of ``name``'s renditions: changes with the name, size or encoding."""
    text = f"{RENDITION_VERSION}\n{name}\n{width}x{height}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def rendition_widths(width):
    """The widths made of an image ``width`` pixels wide, narrowest first, never wider.

    An image no wider than the widest rendition also gets one at its own width,
    so a wide screen can show all of it without scaling it up.
    """
    widths = [candidate for candidate in WIDTHS if candidate < width]
    if width <= WIDTHS[-1]:
        widths.append(width)
    return widths


def fallback_extension(name):
    """The format offered beside WebP: PNG for PNG and GIF originals, else JPEG."""
    return "png" if PurePosixPath(name).suffix.lower() in (".png", ".gif") else "jpg"


def renditions(name, width, height):
    """Every rendition of stored image ``name`` of ``width`` × ``height`` pixels.

    A pure function: nothing is read or written. Returns ``{extension: [Rendition,
    ...]}`` with "webp" and the fallback's extension, narrowest first.
    """
    key = rendition_key(name, width, height)
    stem = str(PurePosixPath(name).with_suffix(""))
    found = {}
    for extension in ("webp", fallback_extension(name)):
        found[extension] = [
            Rendition(
                name=f"{RENDITIONS_DIR}/{key}/{stem}-{size}.{extension}",
                width=size,
                height=max(1, round(height * size / width)),
                extension=extension,
                original=name,
            )
            for size in rendition_widths(width)
        ]
    return found


# ---- Renditions: files ----


def ensure_renditions(name, width=None, height=None, *, storage=None):
    """Make whichever renditions of stored image ``name`` do not exist yet.

    ``width`` and ``height`` are the sizes the database holds (read from the file
    when not given). Returns the renditions made; an existing one is left alone.
    """
    storage = storage or default_storage
    if width is None or height is None:
        with storage.open(name, "rb") as file, Image.open(file) as probe:
            width, height = probe.size
    wanted = [
        rendition
        for group in renditions(name, width, height).values()
        for rendition in group
        if not storage.exists(rendition.name)
    ]
    if wanted:
        with storage.open(name, "rb") as file, Image.open(file) as original:
            _write_renditions(original, wanted, storage)
    return wanted


def _write_renditions(original, wanted, storage):
    widest = max(rendition.width for rendition in wanted)
    if original.format == "JPEG":
        # Decode at the smallest scale (1/2, 1/4, 1/8) still at least this wide.
        original.draft(
            "RGB", (widest, max(1, original.height * widest // original.width))
        )
    # No EXIF rotation here: an upload is stored upright, and the sizes the
    # database holds (and the page's width and height) are the stored pixels'.
    image, icc_profile = _screen_colours(original)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    _strip_metadata(image)
    for rendition in sorted(wanted, key=lambda rendition: -rendition.width):
        size = (rendition.width, rendition.height)
        resized = (
            image
            if image.size == size
            else image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        )
        if rendition.extension == "jpg" and has_alpha:
            resized = _flattened(resized)
        options = dict(ENCODING[rendition.extension])
        if icc_profile:
            options["icc_profile"] = icc_profile
        _store(storage, rendition.name, resized, options)


def _screen_colours(image):
    """``image`` ready to turn into RGB, and the colour profile to keep with it.

    An RGB profile travels with the renditions. A print (CMYK) image is converted
    to sRGB through its profile, since its profile cannot describe RGB pixels.
    """
    icc_profile = image.info.get("icc_profile")
    if image.mode != "CMYK":
        return image, icc_profile
    if icc_profile:
        try:
            return (
                ImageCms.profileToProfile(
                    image,
                    ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
                    ImageCms.createProfile("sRGB"),
                    outputMode="RGB",
                ),
                None,
            )
        except ImageCms.PyCMSError:
            logger.info("Ignored a broken colour profile", exc_info=True)
    return image, None


def _flattened(image):
    """``image`` on a white background, for a format without transparency."""
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def _store(storage, name, image, options):
    """Write ``image`` as ``name`` into ``storage``, whole or not at all.

    On disk, through a temporary file renamed into place; in a bucket, one upload
    (an object appears whole). Two workers making the same rendition at once
    both succeed, and one copy is kept.
    """
    try:
        path = Path(storage.path(name))
    except NotImplementedError:
        path = None
    if path is not None:
        _write_atomically(path, image, options)
        return
    buffer = io.BytesIO()
    image.save(buffer, **options)
    stored = storage.save(name, ContentFile(buffer.getvalue()))
    if stored != name:
        storage.delete(stored)  # another worker stored it first


def _write_atomically(path, image, options):
    """Write ``path`` whole or not at all, so a reader never gets half a file.

    Two workers making the same rendition at once both succeed; the last rename wins.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as file:
            image.save(file, **options)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def rendition_from_path(path, *, storage=None):
    """The rendition whose address within the renditions folder is ``path``, made if
    missing; ``None`` when no stored image has that rendition.

    ``path`` is ``<key>/<name without extension>-<width>.<extension>``. The original
    is found beside that name and must produce the same key, so no one can make the
    server encode a size, format or file it never offered.
    """
    storage = storage or default_storage
    key, _, rest = path.partition("/")
    stem, dash, last = rest.rpartition("-")
    size, dot, extension = last.partition(".")
    if not (dash and dot and size.isdigit() and extension in CONTENT_TYPES):
        return None
    parts = PurePosixPath(stem).parts
    if (
        not parts
        or parts[0] == RENDITIONS_DIR
        or any(part in ("", ".", "..") or part.startswith(".") for part in parts)
    ):
        return None
    for name in _originals_named(stem, storage):
        try:
            with storage.open(name, "rb") as file, Image.open(file) as probe:
                width, height = probe.size
        except (*STORAGE_ERRORS, Image.DecompressionBombError):
            continue
        if rendition_key(name, width, height) != key:
            continue
        for rendition in renditions(name, width, height).get(extension, []):
            if rendition.width == int(size):
                if not storage.exists(rendition.name):
                    with storage.open(name, "rb") as file, Image.open(file) as original:
                        _write_renditions(original, [rendition], storage)
                return rendition
    return None


def _originals_named(stem, storage):
    """Stored images whose name is ``stem`` plus an image extension."""
    folder, _, base = stem.rpartition("/")
    try:
        _, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    extensions = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
    return [
        f"{folder}/{file}" if folder else file
        for file in files
        if PurePosixPath(file).stem == base
        and PurePosixPath(file).suffix.lower() in extensions
    ]


# ---- Who may see an image ----


def is_public(name):
    """Whether stored image ``name`` may be shown to anyone: an author's photo, or
    an image of a story readers can see. An image only unpublished stories use (or
    none) is not, whatever its address."""
    if not name:
        return False
    return (
        Author.objects.filter(photo=name).exists()
        or Article.objects.published()
        .filter(Q(lead_image=name) | Q(parts__image=name))
        .exists()
    )


def is_in_story(name, article_id):
    """Whether stored image ``name`` belongs to the story ``article_id``."""
    return (
        Article.objects.filter(pk=article_id)
        .filter(Q(lead_image=name) | Q(parts__image=name))
        .exists()
    )


# ---- Making renditions when an image is saved ----

# The models whose images get renditions, and the field that holds each.
IMAGE_FIELDS = {"Article": "lead_image", "BodyPart": "image", "Author": "photo"}


def _renditions_after_save(sender, instance, raw=False, update_fields=None, **kwargs):
    field_name = IMAGE_FIELDS.get(sender.__name__)
    if raw or field_name is None:
        return
    if update_fields is not None and field_name not in update_fields:
        return
    image = getattr(instance, field_name)
    if not image:
        return
    field = image.field
    width = getattr(instance, field.width_field) if field.width_field else None
    height = getattr(instance, field.height_field) if field.height_field else None
    name, storage = image.name, image.storage
    transaction.on_commit(lambda: _make_quietly(name, width, height, storage))


def _make_quietly(name, width, height, storage):
    """Renditions for a saved image; a failure here is logged, never the save's.

    The first request for a missing rendition makes it anyway.
    """
    try:
        ensure_renditions(name, width, height, storage=storage)
    except (*STORAGE_ERRORS, ValueError, Image.DecompressionBombError):
        logger.warning("Could not make renditions of %s", name, exc_info=True)


def connect_signals():
    """Make renditions of stories', body parts' and authors' images when saved."""
    for model in (Article, BodyPart, Author):
        post_save.connect(
            _renditions_after_save,
            sender=model,
            dispatch_uid=f"renditions-{model.__name__}",
        )
