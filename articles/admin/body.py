"""The lists behind body parts: callout kinds, and every quote across stories."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..models import CalloutKind, Quote
from .text import PlainTextAdminMixin


@admin.register(CalloutKind)
class CalloutKindAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    list_display = ["name", "label", "lead_ins", "position"]
    list_editable = ["label", "lead_ins", "position"]
    search_fields = ["name", "label"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "label", "lead_ins", "position"]


@admin.register(Quote)
class QuoteAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    """Who said what, in which story: read here, written on the story's page."""

    list_display = ["speaker", "speaker_title", "excerpt", "display", "story"]
    list_filter = ["display"]
    list_select_related = ["article", "quote_source"]
    search_fields = ["speaker", "speaker_title", "text", "article__headline"]
    ordering = ["speaker", "article", "position"]
    fields = ["story", "words", "speaker", "speaker_title", "quote_source", "display"]
    readonly_fields = ["story", "words"]
    autocomplete_fields = ["quote_source"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("words"))
    def excerpt(self, obj):
        return Truncator(obj.plain_text).chars(120)

    @admin.display(description=_("words"))
    def words(self, obj):
        return obj.plain_text

    @admin.display(description=_("story"), ordering="article__headline")
    def story(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[obj.article_id]),
            obj.article,
        )
