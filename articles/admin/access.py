"""Who may edit which story in the admin, asked of the workflow once per request."""

from .. import workflow


def may_edit_story(request, article):
    """``workflow.can_edit`` for ``request.user``, remembered for this request.

    The admin asks for every inline and every button of the page; a reporter's
    answer can take a query, so it is kept on the request.
    """
    answers = request.__dict__.setdefault("_may_edit_story", {})
    if article.pk not in answers:
        answers[article.pk] = workflow.can_edit(request.user, article)
    return answers[article.pk]
