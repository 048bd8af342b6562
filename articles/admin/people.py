"""Authors: the people bylines credit, with their photo and user account."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Author
from .forms import IMAGE_FIELDS
from .stories import story_list_link
from .text import PlainTextAdminMixin
from .uploads import UploadNamesAdminMixin


@admin.register(Author)
class AuthorAdmin(UploadNamesAdminMixin, PlainTextAdminMixin, admin.ModelAdmin):
    list_display = ["name", "title", "user", "story_count"]
    list_select_related = ["user"]
    search_fields = ["name", "title", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    fields = ["name", "slug", "title", "bio", "photo", "photo_preview", "user"]
    readonly_fields = ["photo_preview"]
    formfield_overrides = IMAGE_FIELDS

    def get_queryset(self, request):
        # A counted query ignores Meta.ordering; the autocomplete needs an order.
        return (
            super()
            .get_queryset(request)
            .annotate(story_count=Count("bylines__article", distinct=True))
            .order_by(*Author._meta.ordering)
        )

    @admin.display(description=_("stories"), ordering="story_count")
    def story_count(self, obj):
        text = ngettext("%(count)d story", "%(count)d stories", obj.story_count) % {
            "count": obj.story_count
        }
        return story_list_link(text, bylines__author__id__exact=obj.pk)

    @admin.display(description=_("current photo"))
    def photo_preview(self, obj):
        if not obj.photo:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="96" class="author-photo-preview">',
            obj.photo.url,
        )
