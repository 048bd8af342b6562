"""The names images were uploaded under, kept in the admin's history.

A stored image is named at random (``images.clean_upload``); the name the file had
on the uploader's computer is data about it, kept in the change's history entry
for the newsroom, never in the image's address.
"""

from django.utils.translation import gettext as _


def _uploads(form):
    data = getattr(form, "cleaned_data", None) or {}
    for name, value in data.items():
        original = getattr(value, "original_name", None)
        if original is not None and name in form.fields:
            yield form.fields[name].label or name, original, value.name


class UploadNamesAdminMixin:
    """Adds "<field> uploaded as “<name>”" to the history entry of a save."""

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        forms = [form] + [row for formset in formsets for row in formset.forms]
        uploaded = [
            _("%(field)s uploaded as “%(original)s”, stored as %(stored)s")
            % {"field": label, "original": original, "stored": stored}
            for row in forms
            for label, original, stored in _uploads(row)
        ]
        if uploaded:
            message.append({"changed": {"fields": uploaded}})
        return message
