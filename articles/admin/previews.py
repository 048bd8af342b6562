"""A story as readers will see it, before it is published: for the newsroom, and shared.

The admin's preview renders the public article page itself (``views.render_article``),
so a draft looks exactly as it will once published. A share link is a
random token with a record of who made it, for which story and until when
(``preview``, ``ShareLink``); whoever holds it reads that one story without an
account, so only someone who may edit the story makes one, and an editor can revoke
it from the list of share links.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import preview
from ..selectors import whole_story
from ..views import render_article
from .access import story_to_view


class PreviewAdminMixin:
    """The preview page and the share button of the story page, for ``ArticleAdmin``."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview/",
                view(self.preview_view),
                name=f"{prefix}_preview",
            ),
            path(
                "<path:object_id>/share/",
                view(self.share_view),
                name=f"{prefix}_share",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, *args, **kwargs):
        context["share_lifetimes"] = list(preview.LIFETIME_CHOICES.items())
        return super().render_change_form(request, context, *args, **kwargs)

    def preview_view(self, request, object_id):
        """The story's public page as it stands, whatever its status."""
        article = story_to_view(self, request, object_id)
        whole = whole_story(article.pk)
        return render_article(
            request, whole, preview_note=_("Preview for the newsroom")
        )

    def share_view(self, request, object_id):
        """Make a link that opens the story for the time chosen, and show it to copy.

        A link takes the story out of the newsroom, so it asks what editing asks:
        editors share any story, a reporter only a draft of their own.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = story_to_view(self, request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        try:
            hours = int(request.POST.get("lifetime", 48))
        except ValueError:
            hours = None
        if hours not in preview.LIFETIME_CHOICES:
            return HttpResponseBadRequest("Choose how long the link works.")
        link = preview.share(
            article, by=request.user, lifetime=timezone.timedelta(hours=hours)
        )
        address = request.build_absolute_uri(
            reverse("articles:shared_preview", args=[link.token])
        )
        until = timezone.localtime(link.expires_at)
        self.log_change(
            request, article, f"Shared a preview link until {until:%Y-%m-%d %H:%M}."
        )
        self.message_user(
            request,
            _("Anyone with this link can read the story until %(until)s: %(link)s")
            % {"until": f"{until:%Y-%m-%d %H:%M %Z}", "link": address},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[article.pk],
                current_app=self.admin_site.name,
            )
        )
