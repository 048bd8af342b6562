"""Tags: taggit's admin, with the project's rule for plain text and tag names."""

from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from django import forms
from django.contrib import admin

from ..tags import tag_problem
from .text import PlainTextAdminMixin


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        problem = tag_problem(name)
        if problem:
            raise forms.ValidationError(problem, code="tag")
        return name


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(PlainTextAdminMixin, TaggitTagAdmin):
    form = TagForm
