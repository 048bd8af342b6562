"""Sources: what stories cite, and which stories cite each one."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Source
from .stories import story_list_link
from .text import PlainTextAdminMixin


@admin.register(Source)
class SourceAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    list_display = [
        "organisation",
        "abbreviation",
        "title",
        "kind",
        "published_display",
        "cited_by",
    ]
    list_filter = ["kind"]
    search_fields = ["organisation", "abbreviation", "title"]
    fields = [
        "organisation",
        "abbreviation",
        "title",
        "kind",
        "url",
        ("published_on", "published_precision"),
        "cited_by",
    ]
    readonly_fields = ["cited_by"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        # A counted query ignores Meta.ordering; the autocomplete needs an order.
        return (
            super()
            .get_queryset(request)
            .annotate(story_count=Count("citations__article", distinct=True))
            .order_by(*Source._meta.ordering)
        )

    @admin.display(description=_("published"), ordering="published_on")
    def published_display(self, obj):
        return obj.published_display

    @admin.display(description=_("cited by"), ordering="story_count")
    def cited_by(self, obj):
        """How many stories cite the source, linking to the list of them."""
        if obj.pk is None:
            return "—"
        text = ngettext("%(count)d story", "%(count)d stories", obj.story_count) % {
            "count": obj.story_count
        }
        return story_list_link(text, cites=obj.pk)
