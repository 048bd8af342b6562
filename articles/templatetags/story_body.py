"""The ``{% section_blocks %}`` tag: one headed section of a story's body, as HTML.

    {% load story_body %}
    {% section_blocks section %}

Written in Python rather than as a template included for each part: a story has
dozens of parts, and the include and its chain of ``{% if %}`` for each cost more
than the rest of the article page's templates together. Only sanitized rich text
(``part.text``, cleaned by ``sanitize.clean_html()`` when the part was saved) goes
out as it is; every other field is escaped.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from .articles_tags import with_dateline
from .images import picture

register = template.Library()


@register.simple_tag(takes_context=True)
def section_blocks(context, section):
    """The blocks of ``section`` (an ``ArticleSection``), in reading order.

    Reads ``article``, ``first_paragraph_id`` (the paragraph that opens with the
    dateline) and ``repeated_pull_quote_ids`` from the article page's context.
    """
    page = {
        "dateline": context["article"].dateline,
        "first_paragraph_id": context.get("first_paragraph_id"),
        "repeated": context.get("repeated_pull_quote_ids") or (),
    }
    html = []
    for kind, value in section.blocks():
        if kind == "bulleted":
            html.append(_list("ul", value))
        elif kind == "numbered":
            html.append(_list("ol", value))
        else:
            html.append(_part(value, page))
    return mark_safe("\n".join(html))


def _list(tag, items):
    entries = "".join(f"<li>{item.text}</li>" for item in items)
    return f'<{tag} class="body-list">{entries}</{tag}>'


def _part(part, page):
    kind = part.kind
    if kind == "paragraph":
        if part.pk == page["first_paragraph_id"]:
            return with_dateline(part.text, page["dateline"])
        return part.text
    if kind == "callout":
        return _callout(part)
    if kind == "quote" and part.is_pull_quote:
        if part.pk in page["repeated"]:
            return _repeated_pull_quote(part)
        return _pull_quote(part)
    if kind == "quote":
        return _quote(part)
    if kind == "image" and part.image:
        return _image(part)
    return ""


def _callout(part):
    title = f'<p class="callout__title">{escape(part.title)}</p>' if part.title else ""
    return (
        f'<aside class="callout callout--{escape(part.callout_kind.slug)}">'
        f'<p class="callout__label">{escape(part.callout_kind.label)}</p>'
        f"{title}{part.text}</aside>"
    )


def _repeated_pull_quote(part):
    # Display type only: the words are in the text already, so screen readers skip it.
    speaker = (
        f'<p class="pull-quote__speaker">{escape(part.speaker)}</p>'
        if part.speaker
        else ""
    )
    return (
        '<aside class="pull-quote" aria-hidden="true">'
        f"<blockquote><p>{escape(part.plain_text)}</p></blockquote>{speaker}</aside>"
    )


def _cite(part):
    source = part.quote_source
    return f' cite="{escape(source.url)}"' if source is not None and source.url else ""


def _pull_quote(part):
    speaker = ""
    if part.speaker:
        title = f", {escape(part.speaker_title)}" if part.speaker_title else ""
        speaker = (
            f'<figcaption class="pull-quote__speaker">{escape(part.speaker)}{title}'
            "</figcaption>"
        )
    return (
        f'<aside class="pull-quote"><figure><blockquote{_cite(part)}>{part.text}'
        f"</blockquote>{speaker}</figure></aside>"
    )


def _quote(part):
    source = part.quote_source
    caption = ""
    if part.speaker or source is not None:
        who = ""
        if part.speaker:
            who = f'<span class="quote__speaker">{escape(part.speaker)}</span>'
            if part.speaker_title:
                title = escape(part.speaker_title)
                who += f', <span class="quote__title">{title}</span>'
        if source is not None:
            name = source.title or source.organisation
            who += f"{', ' if part.speaker else ''}<cite>{escape(name)}</cite>"
        caption = f"<figcaption>{who}</figcaption>"
    return (
        f'<figure class="quote"><blockquote{_cite(part)}>{part.text}</blockquote>'
        f"{caption}</figure>"
    )


def _image(part):
    caption = ""
    if part.caption or part.credit:
        credit = (
            f' <span class="credit">{escape(part.credit)}</span>' if part.credit else ""
        )
        caption = f"<figcaption>{escape(part.caption)}{credit}</figcaption>"
    return (
        f'<figure class="body-image">{picture(part.image, alt=part.alt_text)}'
        f"{caption}</figure>"
    )
