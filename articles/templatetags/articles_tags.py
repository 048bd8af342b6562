"""Template tags of the public pages: story cards, credits, datelines, page links."""

from html import escape

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .. import addresses

register = template.Library()


def _join_names(names):
    """Join names as "A", "A and B" or "A, B and C"; each is already safe HTML."""
    if len(names) < 2:
        return names[0] if names else ""
    return _("{} and {}").format(", ".join(names[:-1]), names[-1])


@register.simple_tag
def credits(article):
    """The story's credits, each name linking to the author's page.

    "By A and B; additional reporting by C": the groups of ``credit_lines()``, the
    first with a capital ("Photos by C" when a story has no writer). Each list shows
    it once per story, so it escapes with ``html.escape`` (what Django's ``escape``
    does) without ``format_html``'s checks for lazy strings.
    """
    lines = []
    for index, (label, authors) in enumerate(article.credit_lines()):
        names = [
            f'<a href="{escape(author.get_absolute_url())}" rel="author">'
            f"{escape(author.name)}</a>"
            for author in authors
        ]
        label = capfirst(label) if index == 0 else label
        lines.append(f"{escape(label)} {_join_names(names)}")
    return mark_safe("; ".join(lines))


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
def tag_address(tag):
    """A tag's page (``addresses.of_tag``), as the models' get_absolute_url() are."""
    return addresses.of_tag(tag)


@register.filter
def machine_time(value):
    """A datetime for ``<time datetime>``: local time with offset, whole seconds.

    The ``c`` date format would keep microseconds, which HTML does not accept.
    """
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.simple_tag
def story_card(story, level=2, show_dek=True, show_section=True):
    """One story in a list: section, headline (an ``h{level}``), dek, credits, time.

    Built here rather than by a template included for each story: a list shows
    twenty, and each include cost more than the card's own work. Every field is
    escaped.
    """
    section, language = story.section, escape(story.language)
    lines = ['<article class="story-card">']
    if show_section:
        lines.append(
            '  <p class="story-card__section">'
            f'<a href="{escape(section.get_absolute_url())}">'
            f"{escape(section.name)}</a></p>"
        )
    heading = f"h{int(level)}"
    lines.append(
        f'  <{heading} class="story-card__headline" lang="{language}" dir="auto">'
        f'<a href="{escape(story.get_absolute_url())}">{escape(story.headline)}</a></{heading}>'
    )
    if story.dek and show_dek:
        lines.append(
            f'  <p class="story-card__dek" lang="{language}" dir="auto">'
            f"{escape(story.dek)}</p>"
        )
    lines.append('  <p class="story-card__meta">')
    if story.listed_bylines():
        lines.append(f'    <span class="byline">{credits(story)}</span>')
    if story.published_at:
        moment = timezone.localtime(story.published_at)
        # The ``date`` filter's "j F Y, H:i", without parsing the format each time.
        shown = f"{moment.day} {MONTHS[moment.month]} {moment.year}, {moment:%H:%M}"
        lines.append(
            f'    <time datetime="{moment.isoformat(timespec="seconds")}">'
            f"{escape(shown)}</time>"
        )
    else:
        lines.append('    <time datetime=""></time>')
    lines.append("  </p>\n</article>")
    return mark_safe("\n".join(lines))
