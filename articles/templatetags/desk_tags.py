"""Template tags of the admin's home page: how many stories are in each state."""

from django import template

from ..selectors import story_counts

register = template.Library()


@register.inclusion_tag("admin/articles/story_counts.html", takes_context=True)
def desk_story_counts(context):
    """The count of stories per state, for those who may see the story list."""
    user = context["request"].user
    if not user.has_perm("articles.view_article"):
        return {"counts": None}
    return {"counts": story_counts()}
