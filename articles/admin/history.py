"""Corrections: the public notes about fixes to published stories."""

from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..models import Correction


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "excerpt", "created_at"]
    list_filter = ["kind", "created_at"]
    list_select_related = ["article"]
    date_hierarchy = "created_at"
    search_fields = ["text", "article__headline"]
    autocomplete_fields = ["article"]
    fields = ["article", "kind", "text", "reason", "created_at"]

    @admin.display(description=_("public text"))
    def excerpt(self, obj):
        return Truncator(obj.text).chars(90)
