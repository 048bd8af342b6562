"""Each person's inbox and settings in the admin.

The inbox lists what the notifications writer (``articles/notifications.py``)
told its owner, newest first, with links that open the story and mark the line
read. Nobody sees another person's inbox or settings, superusers included: there
is no permission to give, so being a member of staff is enough.
"""

from django import forms
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import Author, Notification, StaffPreferences
from .text import PlainTextAdminMixin

INBOX_PAGE = 50


def _is_staff(request):
    return request.user.is_active and request.user.is_staff


@admin.register(Notification)
class NotificationAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    def has_module_permission(self, request):
        return _is_staff(request)

    def has_view_permission(self, request, obj=None):
        return _is_staff(request) and (
            obj is None or obj.recipient_id == request.user.pk
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("", view(self.inbox_view), name=f"{info}_changelist"),
            path("read/", view(self.mark_read_view), name=f"{info}_read"),
            path("<int:pk>/open/", view(self.open_view), name=f"{info}_open"),
        ]

    def inbox_view(self, request):
        """The inbox: every notification, or the unread ones (``?unread=1``)."""
        if not self.has_view_permission(request):
            return self.admin_site.login(request)
        mine = Notification.objects.inbox(request.user)
        unread_only = request.GET.get("unread") == "1"
        shown = mine.unread() if unread_only else mine
        page = Paginator(shown, INBOX_PAGE).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Your inbox"),
            "page_obj": page,
            "notifications": page.object_list,
            "unread_only": unread_only,
        }
        return TemplateResponse(
            request, "admin/articles/notification/inbox.html", context
        )

    def mark_read_view(self, request):
        """Mark the chosen notifications (``id``), or all, read; back to the inbox."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        unread = Notification.objects.filter(recipient=request.user).unread()
        if "all" not in request.POST:
            ids = [value for value in request.POST.getlist("id") if value.isdigit()]
            unread = unread.filter(pk__in=ids)
        count = unread.update(read_at=timezone.now())
        self.message_user(
            request,
            ngettext(
                "%(count)d notification marked read.",
                "%(count)d notifications marked read.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        inbox = reverse("admin:articles_notification_changelist")
        return HttpResponseRedirect(inbox)

    def open_view(self, request, pk):
        """Mark one notification read and open its story where it happened."""
        notification = get_object_or_404(
            Notification.objects.filter(recipient=request.user), pk=pk
        )
        if notification.read_at is None:
            Notification.objects.filter(pk=pk).update(read_at=timezone.now())
        url = reverse("admin:articles_article_change", args=[notification.article_id])
        if notification.kind in (Notification.Kind.COMMENT, Notification.Kind.MENTION):
            url += "#desk-comments"
        return HttpResponseRedirect(url)


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = StaffPreferences
        fields = ["email_notifications"]


@admin.register(StaffPreferences)
class StaffPreferencesAdmin(PlainTextAdminMixin, admin.ModelAdmin):
    """Your settings: one page each, reached from the header; made on first visit."""

    form = PreferencesForm
    fields = ["email_notifications", "author_profile"]
    readonly_fields = ["author_profile"]

    def has_module_permission(self, request):
        return _is_staff(request)

    def has_view_permission(self, request, obj=None):
        return _is_staff(request) and (obj is None or obj.user_id == request.user.pk)

    has_change_permission = has_view_permission

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def changelist_view(self, request, extra_context=None):
        """There is one row to see, one's own: straight to it."""
        if not self.has_view_permission(request):
            return self.admin_site.login(request)
        own, _created = StaffPreferences.objects.get_or_create(user=request.user)
        url = reverse("admin:articles_staffpreferences_change", args=[own.pk])
        return HttpResponseRedirect(url)

    def response_change(self, request, obj):
        self.message_user(request, _("Your settings are saved."), messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    @admin.display(description=gettext_lazy("author profile"))
    def author_profile(self, obj):
        author = Author.objects.filter(user=obj.user).first()
        if author is not None:
            return format_html(
                '<a href="{}">{}</a>',
                reverse("admin:articles_author_change", args=[author.pk]),
                _("Edit your author profile (%(name)s)") % {"name": author.name},
            )
        if obj.user.has_perm("articles.edit_own_author") or obj.user.has_perm(
            "articles.add_author"
        ):
            return format_html(
                '<a href="{}">{}</a>',
                reverse("admin:articles_author_add"),
                _("Make your author profile, to byline your stories"),
            )
        return "—"
