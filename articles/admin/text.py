"""Plain text in every admin form: one field class, and the hook that puts it on
every text field of every model admin, inline and form.

The rule itself is ``sanitize.clean_text``; tags are checked one by one against the
limits of their model (``TAG_NAME_MAX_LENGTH``) before the database sees them.
"""

from taggit.forms import TagField
from taggit.managers import TaggableManager

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models

from ..sanitize import LONGEST_TEXT, clean_text, without_controls
from ..tags import tag_problem

LONGEST_RICH_TEXT = 5 * LONGEST_TEXT


class PlainTextField(forms.CharField):
    """A text field that takes plain text only: see ``sanitize.clean_text``."""

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        return clean_text(super().to_python(value), multiline=self.multiline)


class CheckedTagField(TagField):
    """Tags as comma-separated names, each refused when its model could not keep it
    or its page would have no address."""

    def clean(self, value):
        names = super().clean(value)
        errors = []
        for name in names:
            try:
                clean_text(name)
            except forms.ValidationError as error:
                errors.extend(f"{name[:40]}: {message}" for message in error.messages)
                continue
            problem = tag_problem(name)
            if problem:
                errors.append(problem)
        if errors:
            raise forms.ValidationError(errors)
        return names


def plain_text_kwargs(db_field, kwargs):
    """The form field arguments that make ``db_field``'s form field take plain text.

    Only Django's own CharField and TextField, without choices: rich text, slugs,
    URLs and e-mail addresses have form fields of their own that check more.
    """
    if "form_class" in kwargs:
        return kwargs  # a form that names its own field class (a username)
    if isinstance(db_field, TaggableManager):
        return {"form_class": CheckedTagField, **kwargs}
    if type(db_field) not in (models.CharField, models.TextField) or db_field.choices:
        return kwargs
    multiline = isinstance(db_field, models.TextField)
    extra = {"form_class": PlainTextField, "multiline": multiline}
    if db_field.max_length is None:
        extra["max_length"] = LONGEST_TEXT
    return {**extra, **kwargs}


def refuse_controls(value):
    """The rule as a validator, for text fields of other classes (slugs, URLs,
    e-mail addresses, user names), which check their own shape but not this."""
    clean_text(value, multiline=True)


def with_plain_text(formfield):
    """``formfield``, checked by the plain-text rule whatever its class."""
    if (
        isinstance(formfield, forms.CharField)
        and not isinstance(formfield, PlainTextField | CheckedTagField)
        and not isinstance(formfield.widget, forms.PasswordInput)
    ):
        formfield.validators.append(refuse_controls)
        if formfield.max_length is None:
            # Rich text: marked up, so longer than plain text may be, but bounded.
            formfield.validators.append(MaxLengthValidator(LONGEST_RICH_TEXT))
    return formfield


def plain_text_formfield(db_field, **kwargs):
    """A ``formfield_callback`` for model forms made outside a model admin."""
    return with_plain_text(db_field.formfield(**plain_text_kwargs(db_field, kwargs)))


class PlainTextAdminMixin:
    """Put first in the bases of every ModelAdmin and inline of the project."""

    def get_search_results(self, request, queryset, search_term):
        # The list's search and the autocomplete: a NUL would be a database error.
        return super().get_search_results(
            request, queryset, without_controls(search_term)
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return with_plain_text(
            super().formfield_for_dbfield(
                db_field, request, **plain_text_kwargs(db_field, kwargs)
            )
        )


__all__ = [
    "CheckedTagField",
    "PlainTextAdminMixin",
    "PlainTextField",
    "plain_text_formfield",
]
