"""The article page's metadata: canonical link, OpenGraph, Twitter card, JSON-LD."""

from django import template

from ..structured_data import article_metadata

register = template.Library()


@register.simple_tag(takes_context=True)
def article_meta(context, article):
    """``{% article_meta article as meta %}``: what ``_article_meta.html`` writes."""
    return article_metadata(article, context["request"])
