"""The ``{% picture %}`` tag: a stored image as a responsive ``<picture>``.

    {% load images %}
    {% picture article.lead_image alt=article.lead_image_alt priority=True %}
    {% picture part.image alt=part.alt_text %}

The tag reads the image's name and the pixel size its model stores beside it (the
field's ``width_field`` and ``height_field``); it opens no file, so a page with ten
images costs what a page with none does. An image whose row holds no size is shown
as stored.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .. import images

register = template.Library()

# How wide an image in the story's column is drawn: the screen less the page's
# gutters on a phone, the column's measure once the screen is wider than that.
ARTICLE_SIZES = "(min-width: 39rem) 37rem, calc(100vw - 2rem)"
# The fallback's ``src``, for the rare browser without ``srcset``.
FALLBACK_WIDTH = 960


@register.simple_tag
def picture(image, *, alt="", sizes=ARTICLE_SIZES, priority=False):
    """A ``<picture>`` of ``image``'s WebP and fallback renditions.

    ``priority`` is for the image at the top of the page (the lead image): it is
    fetched at once and first (``fetchpriority="high"``). Every other image loads
    lazily, as it nears the screen, and decodes off the main thread.
    """
    if not image:
        return ""
    width, height = _stored_size(image)
    loading = mark_safe(
        ' fetchpriority="high"' if priority else ' loading="lazy" decoding="async"'
    )
    if not (width and height):
        return format_html('<img src="{}" alt="{}"{}>', image.url, alt, loading)
    found = images.renditions(image.name, width, height)
    webp = found.pop("webp")
    (fallback,) = found.values()
    src = next(
        (r for r in reversed(fallback) if r.width <= FALLBACK_WIDTH), fallback[0]
    )
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}>'
        "</picture>",
        _srcset(webp),
        sizes,
        src.url,
        _srcset(fallback),
        sizes,
        width,
        height,
        alt,
        loading,
    )


def _stored_size(image):
    """The width and height the model keeps for ``image``, without opening it."""
    field = image.field
    if not (field.width_field and field.height_field):
        return None, None
    return (
        getattr(image.instance, field.width_field),
        getattr(image.instance, field.height_field),
    )


def _srcset(group):
    return format_html_join(", ", "{} {}w", ((r.url, r.width) for r in group))
