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

    def _edits_any(self, request):
        return request.user.has_perm("articles.change_author")

    def _edits_own(self, request):
        return request.user.has_perm("articles.edit_own_author")

    def has_add_permission(self, request):
        """Editors add anyone; a reporter adds her own profile, once."""
        if super().has_add_permission(request):
            return True
        return (
            self._edits_own(request)
            and not Author.objects.filter(user=request.user).exists()
        )

    def has_change_permission(self, request, obj=None):
        """Editors edit any profile; a reporter edits hers, and reads the others."""
        if super().has_change_permission(request, obj):
            return True
        return self._edits_own(request) and (
            obj is None or obj.user_id == request.user.pk
        )

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self._edits_any(request):
            return fields
        # Her own profile is linked to her account, and to no other.
        return [name for name in fields if name != "user"]

    def save_model(self, request, obj, form, change):
        if not change and not self._edits_any(request):
            obj.user = request.user
        super().save_model(request, obj, form, change)

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
