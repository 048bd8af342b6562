"""The model fields of the project's own: rich text, and images with their size."""

from django_prose_editor.fields import ProseEditorField

from django.db import models
from django.db.models.signals import post_init

from ..sanitize import EDITOR_EXTENSIONS, clean_html


class RichTextField(ProseEditorField):
    """A text field edited in the prose editor and cleaned by ``sanitize.clean_html``.

    The form cleans what an editor submits; models also clean in ``save()`` so that
    rows written by commands and imports pass through the same allowlist.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": dict(EDITOR_EXTENSIONS)})
        kwargs.setdefault("sanitize", clean_html)
        super().__init__(*args, **kwargs)


class SizedImageField(models.ImageField):
    """An image whose pixel size is read when a file is put in it, never when its row
    is read.

    Django's ``ImageField`` fills empty size fields each time a row is loaded, by
    opening the file: every list showing a story or author whose size was never
    recorded opened the file again on each request, and a file missing from storage
    made each of those pages a server error. Here the size is read when a file is
    assigned or uploaded (the field's descriptor asks for it then), or when a row
    naming a stored file is saved without one; a row whose file cannot be read
    keeps none, and its pages show the image at its address, without renditions.
    """

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        # Django's field listens to every instance made of the model, to fill the
        # size as a row is read; this one never does (above), so it does not
        # listen: a page of twenty stories made sixty instances that called it.
        post_init.disconnect(self.update_dimension_fields, sender=cls)

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        if force:
            super().update_dimension_fields(instance, force, *args, **kwargs)

    def pre_save(self, model_instance, add):
        file = super().pre_save(model_instance, add)
        sized = all(
            getattr(model_instance, name)
            for name in (self.width_field, self.height_field)
            if name
        )
        if file and not sized:
            try:
                self.update_dimension_fields(model_instance, force=True)
            except OSError:
                pass  # gone from storage: saved without a size, shown without one
        return file
