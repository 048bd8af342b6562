"""The article page's metadata: canonical link, OpenGraph, Twitter card, JSON-LD.

    {% load article_meta %}
    {% article_meta article %}

Written in Python rather than as a template: two dozen ``<meta>`` elements, each a
name and a value, are a list; as template tags, their ``{% if %}`` and lookups cost
the article page more than working the values out. Every value is escaped.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from ..structured_data import article_metadata

register = template.Library()


@register.simple_tag(takes_context=True)
def article_meta(context, article):
    """The ``<head>`` elements that describe ``article`` to machines."""
    meta = article_metadata(article, context["request"])
    image = meta["image"]
    description = meta["description"]
    properties = [("og:type", "article"), ("og:title", meta["title"])]
    if description:
        properties.append(("og:description", description))
    properties.append(("og:url", meta["url"]))
    if image:
        properties.append(("og:image", image["url"]))
        if image["width"] and image["height"]:
            properties += [
                ("og:image:width", image["width"]),
                ("og:image:height", image["height"]),
            ]
        if image["alt"]:
            properties.append(("og:image:alt", image["alt"]))
    if meta["published_at"]:
        properties.append(("article:published_time", meta["published_at"]))
    properties += [
        ("article:modified_time", meta["modified_at"]),
        ("article:section", meta["section"]),
    ]
    properties += [("article:author", url) for url in meta["authors"]]
    properties += [("article:tag", tag) for tag in meta["tags"]]

    names = [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", meta["title"]),
    ]
    if description:
        names.append(("twitter:description", description))
    if image:
        names.append(("twitter:image", image["url"]))
        if image["alt"]:
            names.append(("twitter:image:alt", image["alt"]))

    lines = [f'<link rel="canonical" href="{escape(meta["url"])}">']
    if description:
        lines.append(f'<meta name="description" content="{escape(description)}">')
    lines += [_meta("property", key, value) for key, value in properties]
    lines += [_meta("name", key, value) for key, value in names]
    lines.append(meta["json_ld"])
    return mark_safe("\n  ".join(lines))


def _meta(attribute, key, value):
    return f'<meta {attribute}="{key}" content="{escape(str(value))}">'
