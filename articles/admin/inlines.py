"""The rows edited on a story's page: body parts, bylines, citations, corrections.

Every body part is one row of one inline, in reading order. A row shows only the
fields its kind uses (``BodyPart.FIELDS_BY_KIND``, read by ``body_parts.js`` from
the kind select), and its form checks what the kind needs, so that a callout without
a kind or a subhead without words is an error on that row rather than a failed
database constraint. Rows carry a position; ``inline_order.js`` adds up and down buttons
that renumber it.
"""

import json

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import Article, BodyPart, Byline, CalloutKind, Citation, Correction
from ..sanitize import clean_html
from .access import may_edit_story
from .forms import IMAGE_FIELDS
from .text import PlainTextAdminMixin

Kind = BodyPart.Kind

FIELDS_BY_KIND = BodyPart.FIELDS_BY_KIND
KIND_FIELDS = tuple(
    sorted({name for names in FIELDS_BY_KIND.values() for name in names})
)
# A story read without the right to edit it shows its text as readers see it.
READ_ONLY_FIELDS_BY_KIND = {
    kind: tuple("rendered_text" if name == "text" else name for name in names)
    for kind, names in FIELDS_BY_KIND.items()
}

# What each kind cannot do without, and what the editor is told when it is missing.
REQUIRED_BY_KIND = {
    Kind.PARAGRAPH: {"text": _("A paragraph needs its text.")},
    Kind.SUBHEAD: {"title": _("A subhead needs its words.")},
    Kind.CALLOUT: {
        "callout_kind": _("Pick the kind of callout, such as Did You Know?."),
        "text": _("A callout needs its text."),
    },
    Kind.QUOTE: {"text": _("A quote needs the words that were said.")},
    Kind.BULLETED_ITEM: {"text": _("A list item needs its text.")},
    Kind.NUMBERED_ITEM: {"text": _("A list item needs its text.")},
    Kind.IMAGE: {
        "image": _("An image part needs its image."),
        "alt_text": _("Describe the image for readers who cannot see it."),
    },
}

POSITION_WIDGET = forms.NumberInput(attrs={"class": "inline-position", "min": 0})


class PositionedRowForm(forms.ModelForm):
    """A row that has a position among its siblings, renumbered by the page."""

    def _changed_fields(self):
        changed = set(self.changed_data)
        if self.instance._state.adding:
            # The reorder buttons renumber every row, blank extra rows too; a
            # new row with nothing but a position is still blank, and ignored.
            changed.discard("position")
        return changed

    def has_changed(self):
        return bool(self._changed_fields())


class BodyPartForm(PositionedRowForm):
    class Meta:
        model = BodyPart
        fields = [
            "position",
            "kind",
            "title",
            "callout_kind",
            "text",
            "speaker",
            "speaker_title",
            "quote_source",
            "display",
            "image",
            "caption",
            "credit",
            "alt_text",
        ]
        widgets = {
            "position": POSITION_WIDGET,
            "kind": forms.Select(
                attrs={
                    "class": "part-kind-select",
                    "data-fields-by-kind": json.dumps(FIELDS_BY_KIND),
                }
            ),
        }

    def __init__(self, *args, callout_kind_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if callout_kind_choices is not None:
            # One list for every row of the formset, instead of a query per row.
            widget = self.fields["callout_kind"].widget
            getattr(widget, "widget", widget).choices = callout_kind_choices

    @property
    def kind_label(self):
        value = self["kind"].value()
        return Kind(value).label if value in Kind.values else ""

    def _changed_fields(self):
        changed = super()._changed_fields()
        # The editor may send an empty paragraph for an untouched field.
        text = self["text"]
        if "text" in changed and clean_html(text.data) == clean_html(text.initial):
            changed.discard("text")
        return changed

    def clean_text(self):
        return clean_html(self.cleaned_data["text"])

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind not in FIELDS_BY_KIND:
            return cleaned
        for name, message in REQUIRED_BY_KIND[kind].items():
            if name not in self.errors and not cleaned.get(name):
                self.add_error(name, message)
        # A field the kind does not use is hidden; what it held no longer applies.
        for name in KIND_FIELDS:
            if name not in FIELDS_BY_KIND[kind] and name in cleaned:
                cleaned[name] = self._blank(name)
        return cleaned

    def _blank(self, name):
        model_field = BodyPart._meta.get_field(name)
        if model_field.has_default():
            return model_field.get_default()
        return None if model_field.null else ""


class BodyPartFormSet(BaseInlineFormSet):
    @cached_property
    def callout_kind_choices(self):
        return [("", "---------")] + [
            (kind.pk, str(kind)) for kind in CalloutKind.objects.all()
        ]

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "callout_kind_choices": self.callout_kind_choices,
        }


class StoryPartInlineMixin:
    """Who may edit a story's parts follows who may edit the story itself."""

    def _story_permission(self, request, obj, permission):
        return permission and (obj is None or may_edit_story(request, obj))

    def has_add_permission(self, request, obj=None):
        return self._story_permission(
            request, obj, super().has_add_permission(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        return self._story_permission(
            request, obj, super().has_change_permission(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return self._story_permission(
            request, obj, super().has_delete_permission(request, obj)
        )


class BodyPartInline(StoryPartInlineMixin, PlainTextAdminMixin, admin.StackedInline):
    model = BodyPart
    form = BodyPartForm
    formset = BodyPartFormSet
    formfield_overrides = IMAGE_FIELDS
    template = "admin/articles/article/body_parts_inline.html"
    classes = ["body-parts", "sortable-inline"]
    autocomplete_fields = ["quote_source"]
    verbose_name = _("body part")
    verbose_name_plural = _("body, in reading order")
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("position", "kind"),
                    "title",
                    "callout_kind",
                    "text",
                    ("speaker", "speaker_title"),
                    ("quote_source", "display"),
                    "image",
                    ("caption", "credit"),
                    "alt_text",
                ]
            },
        )
    ]

    read_only_fields_by_kind = json.dumps(READ_ONLY_FIELDS_BY_KIND)

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        "rendered_text" if field == "text" else field
                        for field in options["fields"]
                    ],
                },
            )
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "rendered_text"]

    @admin.display(description=_("text"))
    def rendered_text(self, part):
        # Cleaned again on the way out, so only the sanitizer's HTML reaches the page.
        return mark_safe(clean_html(part.text))


class BylineInline(StoryPartInlineMixin, PlainTextAdminMixin, admin.TabularInline):
    model = Byline
    form = PositionedRowForm
    fields = ["author", "role", "position"]
    autocomplete_fields = ["author"]
    classes = ["sortable-inline"]

    def get_queryset(self, request):
        # Each row is shown by its str(), which names the author.
        return super().get_queryset(request).select_related("author")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            kwargs["widget"] = POSITION_WIDGET
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CitationInline(StoryPartInlineMixin, PlainTextAdminMixin, admin.TabularInline):
    model = Citation
    form = PositionedRowForm
    fields = ["source", "claim", "position"]
    autocomplete_fields = ["source"]
    classes = ["sortable-inline"]
    extra = 0

    def get_queryset(self, request):
        # Each row is shown by its str(), which names the source.
        return super().get_queryset(request).select_related("source")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            kwargs["widget"] = POSITION_WIDGET
        if db_field.name == "claim":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 50})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CorrectionFormSet(BaseInlineFormSet):
    """New corrections only, and only on a published story; made through the workflow."""

    def new_corrections(self):
        return [
            form
            for form in self.extra_forms
            if form.has_changed() and not self._should_delete_form(form)
        ]

    def clean(self):
        super().clean()
        if self.new_corrections() and self.instance.status != Article.Status.PUBLISHED:
            raise ValidationError(
                _("Only a published story takes a correction; edit a draft directly."),
                code="not_published",
            )

    def record(self, by):
        """Record each new correction with ``workflow.correct``; return how many.

        Stands in for ``save()``, and leaves what the admin's change message reads.
        """
        self.new_objects = [
            workflow.correct(
                self.instance,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
                by=by,
            )
            for form in self.new_corrections()
        ]
        self.changed_objects, self.deleted_objects = [], []
        return len(self.new_objects)


class CorrectionInline(PlainTextAdminMixin, admin.TabularInline):
    """Corrections are records: added here to a published story, never rewritten here.

    Each new one goes through ``workflow.correct``, which keeps the story published,
    moves its update time, stores the revision that made the fix and notes it in the
    story's history.
    """

    model = Correction
    formset = CorrectionFormSet
    fields = ["kind", "text", "reason", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        published = obj is not None and obj.status == Article.Status.PUBLISHED
        return published and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("text", "reason"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)
