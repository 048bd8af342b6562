"""Who may see and edit which story in the admin, asked once per request."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .. import workflow


def story_to_view(model_admin, request, object_id):
    """The story at ``object_id`` for the pages around its admin page.

    A missing story is a 404; one the user may not even view is a 403.
    """
    article = model_admin.get_object(request, unquote(object_id))
    if article is None:
        raise Http404(_("No story with that id."))
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    return article


def may_edit_story(request, article):
    """``workflow.can_edit`` for ``request.user``, remembered for this request.

    The admin asks for every inline and every button of the page; a reporter's
    answer can take a query, so it is kept on the request.
    """
    answers = request.__dict__.setdefault("_may_edit_story", {})
    if article.pk not in answers:
        answers[article.pk] = workflow.can_edit(request.user, article)
    return answers[article.pk]
