"""Deleting a story moves it to the trash; editors restore it from there for 30 days.

A published or scheduled story cannot be deleted, from its page or from the list:
it is unpublished first. What the admin calls deleting is ``trash.trash()``, and its
pages say so; the list's bulk delete is replaced by "Move selected stories to the
trash", which refuses the stories it may not take, one by one.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import trash
from ..models import Article


@admin.action(
    description=_("Move selected stories to the trash"), permissions=["delete"]
)
def trash_selected(modeladmin, request, queryset):
    """Move every selected story it may to the trash; say what stayed and why."""
    moved, refused = 0, []
    for story in queryset:
        try:
            trash.trash(story, by=request.user)
        except trash.CannotTrash as refusal:
            refused.append(f"“{story}”: {refusal}")
        else:
            modeladmin.log_change(request, story, "Moved to the trash.")
            moved += 1
    message = ngettext(
        "%(count)d story moved to the trash.",
        "%(count)d stories moved to the trash.",
        moved,
    ) % {"count": moved}
    if refused:
        message = " ".join([message, str(_("Not moved:")), *refused])
    modeladmin.message_user(
        request, message, messages.ERROR if refused else messages.SUCCESS
    )


class TrashAdminMixin:
    """The trash for ``ArticleAdmin``: deleting moves a story there; a page lists it."""

    delete_confirmation_template = "admin/articles/article/trash_confirmation.html"

    def get_queryset(self, request):
        return super().get_queryset(request).outside_trash()

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or trash.may_trash(obj))

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def render_delete_form(self, request, context):
        context["days"] = trash.TRASH_DAYS
        return super().render_delete_form(request, context)

    def get_deleted_objects(self, objs, request):
        """Only the story goes, and it comes back whole: list nothing else."""
        return [str(obj) for obj in objs], {}, set(), []

    def delete_model(self, request, obj):
        trash.trash(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for story in queryset:
            trash.trash(story, by=request.user)

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(
            request,
            _(
                "“%(story)s” is in the trash. An editor can restore it for "
                "%(days)d days; then it is deleted for good."
            )
            % {"story": obj_display, "days": trash.TRASH_DAYS},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("changelist"))

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "trash/",
                self.admin_site.admin_view(self.trash_view),
                name=f"{info}_trash",
            ),
            path(
                "<path:object_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{info}_restore",
            ),
            *super().get_urls(),
        ]

    def has_restore_permission(self, request):
        """Editors restore stories: those who may delete and edit any story."""
        user = request.user
        return user.has_perm("articles.delete_article") and user.has_perm(
            "articles.edit_any_article"
        )

    def trash_view(self, request):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        stories = (
            Article.objects.in_trash()
            .select_related("section", "trashed_by")
            .order_by("-trashed_at", "-pk")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Trash"),
            "subtitle": None,
            "opts": self.opts,
            "has_view_permission": True,
            "rows": [(story, trash.purge_date(story)) for story in stories],
            "days": trash.TRASH_DAYS,
        }
        return TemplateResponse(request, "admin/articles/article/trash.html", context)

    def restore_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_restore_permission(request):
            raise PermissionDenied
        story = Article.objects.in_trash().filter(pk=unquote(object_id)).first()
        if story is None:
            self.message_user(
                request, _("That story is not in the trash."), messages.ERROR
            )
            return HttpResponseRedirect(self._url("trash"))
        trash.restore(story, by=request.user)
        self.log_change(request, story, "Restored from the trash.")
        self.message_user(
            request,
            _("“%(story)s” is back, as it was.") % {"story": story},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", story.pk))

    def _url(self, name, *args):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=args,
            current_app=self.admin_site.name,
        )
