"""Template tags of the public pages: byline credits, datelines, page links."""

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


def _join_names(names):
    """Join names as "A", "A and B" or "A, B and C"; each is already safe HTML."""
    if len(names) < 2:
        return names[0] if names else ""
    return format_html(
        _("{} and {}"),
        format_html_join(", ", "{}", ((name,) for name in names[:-1])),
        names[-1],
    )


@register.simple_tag
def credits(article):
    """The story's credits, each name linking to the author's page.

    "By A and B; additional reporting by C": the groups of ``credit_lines()``, the
    first with a capital ("Photos by C" when a story has no writer).
    """
    lines = []
    for index, (label, authors) in enumerate(article.credit_lines()):
        names = [
            format_html(
                '<a href="{}" rel="author">{}</a>', author.get_absolute_url(), author
            )
            for author in authors
        ]
        label = capfirst(label) if index == 0 else label
        lines.append(format_html("{} {}", label, _join_names(names)))
    return format_html_join("; ", "{}", ((line,) for line in lines))


@register.filter
def with_dateline(text, dateline):
    """Open a paragraph's sanitized HTML with the dateline: "TOKYO — The ...".

    ``text`` must be a ``BodyPart.text``, cleaned by ``sanitize.clean_html()`` when the
    part was saved, which is why it is trusted here; the dateline is escaped.
    """
    if not dateline:
        return mark_safe(text)
    opening = format_html('<span class="dateline">{}\u00a0—</span> ', dateline)
    if text.startswith("<p>"):
        return mark_safe(f"<p>{opening}{text[3:]}")
    return format_html("<p>{}</p>{}", opening, mark_safe(text))


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with ``page`` set to ``number``, other parameters kept.

    The first page is the address without ``page``: one address for each page.
    """
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    if number != 1:
        query["page"] = number
    return f"?{query.urlencode()}" if query else request.path


@register.simple_tag(takes_context=True)
def canonical_page_url(context, page):
    """The absolute address of this page of a list, without any other parameter."""
    request = context["request"]
    suffix = f"?page={page.number}" if page.number > 1 else ""
    return request.build_absolute_uri(f"{request.path}{suffix}")


@register.filter
def machine_time(value):
    """A datetime for ``<time datetime>``: local time with offset, whole seconds.

    The ``c`` date format would keep microseconds, which HTML does not accept.
    """
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")
