"""The story form, which refuses a save made over an edit its author never saw, and
the image widget every image field of the admin uses."""

from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import revisions
from ..images import CheckedImageField, renditions
from ..models import Article
from ..upload_names import NamedFileInputMixin


class ThumbnailFileInput(NamedFileInputMixin, AdminFileWidget):
    """An image field that shows the image it holds, small, above its file name."""

    template_name = "admin/articles/widgets/thumbnail_file_input.html"
    # The name of a file chosen for this field in a save that failed: browsers never
    # fill a file input again, so the field asks for it by name.
    choose_again = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value):
            context["widget"]["thumbnail_url"] = thumbnail_url(value)
        if self.choose_again:
            widget = context["widget"]
            widget["choose_again"] = self.choose_again
            widget["attrs"]["aria-describedby"] = f"{widget['attrs']['id']}_again"
        return context


def thumbnail_url(image):
    """The narrowest rendition of a stored image (a ``FieldFile``), or the image
    itself when its size is not on its row."""
    field = image.field
    width = getattr(image.instance, field.width_field or "", None)
    height = getattr(image.instance, field.height_field or "", None)
    if not (width and height):
        return image.url
    return renditions(image.name, width, height)["webp"][0].url


# For a ModelAdmin or inline: uploads checked and cleaned, shown as thumbnails.
IMAGE_FIELDS = {
    models.ImageField: {"form_class": CheckedImageField, "widget": ThumbnailFileInput}
}

_MARKS = {"delete": "−", "insert": "+"}


class ArticleForm(forms.ModelForm):
    seen_lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Off for a form bound only to be shown (restored autosaved input): nothing is
    # saved from it, so there is no edit to refuse and no row to lock.
    checks_staleness = True

    class Meta:
        model = Article
        # The admin names the fields it shows (its fieldsets) and passes them here.
        fields = "__all__"  # noqa: DJ007

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_lock_version"].initial = self.instance.lock_version
        self.conflict = None

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_lock_version")
        if self.instance.pk is None or seen is None or not self.checks_staleness:
            return cleaned
        # The admin saves inside one transaction; the row stays locked until it ends.
        try:
            revisions.check_not_stale(self.instance.pk, seen)
        except revisions.EditConflict as conflict:
            self.conflict = conflict
            changed = [
                f"{_MARKS[op]} {line}" for op, line in conflict.changes if op != "equal"
            ]
            raise ValidationError(
                [str(conflict)]
                + (
                    [_("What changed since you opened it:")] + changed
                    if changed
                    else []
                )
            ) from conflict
        return cleaned
