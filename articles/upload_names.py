"""Uploads sent without a usable name: kept as far as the form, which refuses them.

Django's multipart parser drops a file whose name is ``.`` or ``..``, or has nothing
left once path separators and unprintable characters are taken out, as if no file
had been chosen; and a part sent with an empty file name reaches ``request.POST``
as text, not ``request.FILES``. Either way a form would save without the file and
say nothing. ``KeepNamelessUploads`` (first in ``FILE_UPLOAD_HANDLERS``) parses the
request so that such a file arrives named ``NAMELESS``; the widgets of file fields
(``NamedFileInputMixin``) hand it, or the bytes of an empty-named part, to their
field as a ``NamelessUpload``, which the field (``RefuseNamelessMixin``) refuses with
an error that says what to do. The rest of the form comes back as it was typed.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.utils.translation import gettext_lazy as _

# Never a name the parser keeps: it takes unprintable characters out of every name.
NAMELESS = "\x00nameless"

NAMELESS_MESSAGE = _(
    "This file was sent without a name that can be used (such as “.”, “..” or no "
    "name at all), so it was not uploaded. Give the file a name and choose it again."
)


class _NamelessKeepingParser(MultiPartParser):
    def sanitize_file_name(self, file_name):
        return super().sanitize_file_name(file_name) or NAMELESS


class KeepNamelessUploads(FileUploadHandler):
    """Parse a multipart request so that no file is dropped for its name."""

    def handle_raw_input(
        self, input_data, META, content_length, boundary, encoding=None
    ):
        handlers = [
            handler for handler in self.request.upload_handlers if handler is not self
        ]
        return _NamelessKeepingParser(META, input_data, handlers, encoding).parse()

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


class NamelessUpload(SimpleUploadedFile):
    """A file sent for a field without a usable name; never saved."""

    def __init__(self, content=b""):
        super().__init__(NAMELESS, content)


def is_nameless(upload):
    return getattr(upload, "name", None) == NAMELESS


class NamedFileInputMixin:
    """For a file input: a file sent without a usable name reaches the field."""

    def value_from_datadict(self, data, files, name):
        upload = files.get(name)
        if is_nameless(upload):
            return NamelessUpload()
        if upload is None and data.get(name):
            # An empty file name: the parser kept the file's bytes as text.
            return NamelessUpload(data[name].encode())
        return super().value_from_datadict(data, files, name)


class RefuseNamelessMixin:
    """For a file field: a file sent without a usable name is a form error."""

    def clean(self, data, initial=None):
        if isinstance(data, NamelessUpload):
            raise ValidationError(NAMELESS_MESSAGE, code="nameless")
        return super().clean(data, initial)


class NamedFileInput(NamedFileInputMixin, forms.ClearableFileInput):
    """Django's file input, passing on a file sent without a usable name."""


class NamedFileField(RefuseNamelessMixin, forms.FileField):
    """A file field that refuses a file sent without a usable name."""

    widget = NamedFileInput
