"""The search page's result cards."""

from html import escape

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe

from .articles_tags import credits

register = template.Library()


@register.simple_tag
def result_card(story):
    """One result: section, headline, the highlighted snippet, credits and time.

    ``story_card``'s markup with the snippet (already safe HTML, see
    ``articles.search.text.highlighted``) in place of the dek; built here rather
    than in the template, where the ten cards cost a third of the page's time.
    """
    section, language = story.section, escape(story.language)
    lines = [
        '<article class="story-card">',
        '  <p class="story-card__section">'
        f'<a href="{escape(section.get_absolute_url())}">{escape(section.name)}</a></p>',
        f'  <h2 class="story-card__headline" lang="{language}" dir="auto">'
        f'<a href="{escape(story.get_absolute_url())}">{escape(story.headline)}</a></h2>',
    ]
    if snippet := getattr(story, "search_snippet", ""):
        lines.append(
            '  <p class="story-card__dek search-results__snippet"'
            f' lang="{language}" dir="auto">{snippet}</p>'
        )
    lines.append('  <p class="story-card__meta">')
    if story.listed_bylines():
        lines.append(f'    <span class="byline">{credits(story)}</span>')
    moment = timezone.localtime(story.published_at)
    shown = f"{moment.day} {MONTHS[moment.month]} {moment.year}, {moment:%H:%M}"
    lines.append(
        f'    <time datetime="{moment.isoformat(timespec="seconds")}">'
        f"{escape(shown)}</time>"
    )
    lines.append("  </p>\n</article>")
    return mark_safe("\n".join(lines))
