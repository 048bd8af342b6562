"""Site sections: names, addresses, one level of nesting, and their order."""

from django.contrib import admin

from ..models import Section
from .text import PlainTextAdminMixin


@admin.register(Section)
class SectionAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    list_display = ["name", "parent", "position", "slug"]
    list_editable = ["position"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "parent", "position", "description"]

    def get_queryset(self, request):
        # str(section) names its parent; the autocomplete of the story page too.
        return super().get_queryset(request).select_related("parent")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Section.objects.filter(parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
