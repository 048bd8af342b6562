"""Share links: every link made to an unpublished story, and revoking them.

Links are made from the story's page (``previews``); here editors see who shared
which story until when, and revoke the ones that should stop working.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import preview
from ..models import ShareLink
from .text import PlainTextAdminMixin


class ActiveFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("Active")), ("no", _("Expired or revoked"))]

    def queryset(self, request, queryset):
        active = ShareLink.objects.active().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=active)
        if self.value() == "no":
            return queryset.exclude(pk__in=active)
        return queryset


@admin.register(ShareLink)
class ShareLinkAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    list_display = ["article", "created_by", "created_at", "expires_at", "state"]
    list_filter = [ActiveFilter, "created_at"]
    list_select_related = ["article", "created_by"]
    date_hierarchy = "created_at"
    search_fields = ["article__headline", "created_by__username"]
    fields = [
        "article",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "revoked_by",
    ]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        # A link is made from its story's page, where the lifetime is chosen.
        return False

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.revoked_at:
            return _("Revoked")
        return _("Active") if obj.is_active() else _("Expired")

    @admin.action(
        description=_("Revoke the selected share links"), permissions=["change"]
    )
    def revoke(self, request, queryset):
        count = preview.revoke(queryset, by=request.user, now=timezone.now())
        self.message_user(
            request,
            ngettext(
                "Revoked %(count)d share link.",
                "Revoked %(count)d share links.",
                count,
            )
            % {"count": count},
        )
