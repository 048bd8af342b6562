"""Comments for the desk: notes editors leave each other on a story's admin page.

A comment is its own small form, not part of the story form: anyone who may read a
story and comment may leave one, even on a story they may no longer edit (a
reporter answering the copy desk about a submitted story), and leaving one never
saves the story or touches its edit number.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import EditorialComment
from .access import story_to_view
from .text import plain_text_formfield

# Keeps the comment's field apart from the story form's fields on the same page.
COMMENT_PREFIX = "comment"


class CommentForm(forms.ModelForm):
    class Meta:
        model = EditorialComment
        formfield_callback = plain_text_formfield
        fields = ["text"]
        labels = {"text": gettext_lazy("Your comment")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 60})}


class CommentsAdminMixin:
    """The comments panel of the story page and the view it posts to."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/comments/",
                self.admin_site.admin_view(self.comment_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_comment",
            ),
            *super().get_urls(),
        ]

    def comments_context(self, request, article, transitions=None):
        """The comments, the form to add one, and one timeline with the status changes.

        ``transitions`` is what the status history shows (None when the user may
        not see it); the timeline interleaves those with the comments, oldest first.
        """
        may_read = request.user.has_perm("articles.view_editorialcomment")
        comments = list(article.comments.select_related("author")) if may_read else []
        timeline = None
        if transitions is not None:
            timeline = sorted(
                [("transition", item) for item in transitions]
                + [("comment", item) for item in comments],
                key=lambda entry: (entry[1].created_at, entry[0]),
            )
        may_add = may_read and request.user.has_perm("articles.add_editorialcomment")
        return {
            "desk_comments": comments if may_read else None,
            "comment_form": CommentForm(prefix=COMMENT_PREFIX) if may_add else None,
            "history_entries": timeline,
        }

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None:
            context.update(
                self.comments_context(request, obj, context.get("transitions"))
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def comment_view(self, request, object_id):
        """Add a comment signed by whoever is logged in, then go back to the story."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = story_to_view(self, request, object_id)
        if not request.user.has_perm("articles.add_editorialcomment"):
            raise PermissionDenied
        form = CommentForm(request.POST, prefix=COMMENT_PREFIX)
        if form.is_valid():
            comment = form.save(commit=False)
            comment.article = article
            comment.author = request.user
            comment.save()
            self.log_change(request, article, "Added a comment for the desk.")
            self.message_user(request, _("Your comment was added."), messages.SUCCESS)
        else:
            self.message_user(request, _("Write a comment first."), messages.ERROR)
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[article.pk],
            current_app=self.admin_site.name,
        )
        return HttpResponseRedirect(f"{url}#desk-comments")
