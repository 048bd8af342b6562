"""Corrections: the public notes about fixes to published stories.

A new correction is made by ``workflow.correct``, here as on the story's page, so it
is refused on a story that is not published and always leaves its revision and its
line in the story's history. The story a correction is about never changes.
"""

from django import forms
from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import Article, Correction
from .text import PlainTextAdminMixin


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["article", "kind", "text", "reason"]

    def clean_article(self):
        article = self.cleaned_data["article"]
        if self.instance._state.adding and article.status != Article.Status.PUBLISHED:
            raise forms.ValidationError(
                _("Only a published story takes a correction; edit a draft directly."),
                code="not_published",
            )
        return article


@admin.register(Correction)
class CorrectionAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    form = CorrectionForm
    list_display = ["article", "kind", "excerpt", "created_at"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["article"]
    date_hierarchy = "created_at"
    search_fields = ["text", "article__headline"]
    autocomplete_fields = ["article"]
    fields = ["article", "kind", "text", "reason", "created_at", "created_by"]
    readonly_fields = ["created_at", "created_by"]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else [*readonly, "article"]

    def save_form(self, request, form, change):
        if change:
            return super().save_form(request, form, change)
        data = form.cleaned_data
        return workflow.correct(
            data["article"],
            kind=data["kind"],
            text=data["text"],
            reason=data["reason"],
            by=request.user,
        )

    # A new correction was saved whole by the workflow, in save_form.
    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    @admin.display(description=_("public text"))
    def excerpt(self, obj):
        return Truncator(obj.text).chars(90)
