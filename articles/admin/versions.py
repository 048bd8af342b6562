"""A story's revisions in the admin: the list, a comparison of two, and restoring one.

Anyone who may see a story may read its revisions; restoring one is an edit, so it
asks what editing asks (``may_edit_story`` through ``has_change_permission``).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import revisions
from .access import story_to_view


class RevisionsAdminMixin:
    """Revision pages under a story's admin address, for ``ArticleAdmin``."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/revisions/",
                view(self.revisions_view),
                name=f"{prefix}_revisions",
            ),
            path(
                "<path:object_id>/revisions/compare/",
                view(self.revisions_compare_view),
                name=f"{prefix}_revisions_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:version_id>/restore/",
                view(self.revision_restore_view),
                name=f"{prefix}_revision_restore",
            ),
            *super().get_urls(),
        ]

    def revisions_view(self, request, object_id):
        """Every revision of the story, newest first, to pick two and compare."""
        article = story_to_view(self, request, object_id)
        versions = list(revisions.revisions_of(article))
        return self._render_revisions_page(
            request,
            article,
            "revision_list.html",
            _("Revisions of “%(story)s”") % {"story": article},
            versions=versions,
            can_restore=self.has_change_permission(request, article),
        )

    def revisions_compare_view(self, request, object_id):
        """What changed between two revisions, older first whatever order they came in."""
        article = story_to_view(self, request, object_id)
        chosen = [request.GET.get("older"), request.GET.get("newer")]
        if (
            not all(value and value.isdigit() for value in chosen)
            or chosen[0] == chosen[1]
        ):
            self.message_user(
                request, _("Pick two different revisions to compare."), messages.ERROR
            )
            return HttpResponseRedirect(self._story_url("revisions", article))
        older, newer = sorted(
            (self._version_of(article, pk) for pk in chosen),
            key=lambda version: (version.revision.date_created, version.pk),
        )
        return self._render_revisions_page(
            request,
            article,
            "revision_compare.html",
            _("Changes to “%(story)s”") % {"story": article},
            older=older,
            newer=newer,
            diff=revisions.with_word_changes(revisions.compare(older, newer)),
        )

    def revision_restore_view(self, request, object_id, version_id):
        """GET: what restoring would change; POST: restore, as a new revision."""
        article = story_to_view(self, request, object_id)
        version = self._version_of(article, version_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if request.method == "POST":
            restored = revisions.restore(version, by=request.user)
            when = timezone.localtime(version.revision.date_created)
            self.log_change(
                request, restored, f"Restored the revision of {when:%Y-%m-%d %H:%M}."
            )
            self.message_user(
                request,
                _(
                    "“%(story)s” is back as it was on %(when)s; the text it replaced is "
                    "kept as a revision."
                )
                % {"story": restored, "when": f"{when:%Y-%m-%d %H:%M}"},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._story_url("change", article))
        return self._render_revisions_page(
            request,
            article,
            "revision_restore.html",
            _("Restore a revision of “%(story)s”?") % {"story": article},
            version=version,
            diff=revisions.with_word_changes(
                revisions.diff_lines(
                    revisions.describe_article(article),
                    revisions.describe_version(version),
                )
            ),
        )

    def _version_of(self, article, version_id):
        """A revision of ``article``; a revision of another story is a 404."""
        version = revisions.revisions_of(article).filter(pk=version_id).first()
        if version is None:
            raise Http404(_("That revision is not one of this story's."))
        return version

    def _story_url(self, name, article, *args):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=[article.pk, *args],
            current_app=self.admin_site.name,
        )

    def _render_revisions_page(self, request, article, template, title, **context):
        return TemplateResponse(
            request,
            f"admin/{self.opts.app_label}/{self.opts.model_name}/{template}",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "subtitle": None,
                "opts": self.opts,
                "original": article,
                "has_view_permission": True,
                **context,
            },
        )
