"""The article page, and the previews that show an unpublished story the same way."""

import functools
import html
import re
from collections import namedtuple
from contextlib import nullcontext
from difflib import SequenceMatcher

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from .. import preview
from ..caching import public_page
from ..jinja2 import day_time_and_zone, machine_time, script_json
from ..models import BodyPart
from ..selectors import moved_story, published_story, site_sections, whole_story
from ..storage import media_on_site
from ..structured_data import article_metadata, held_for_story
from .images import remember_preview


@public_page
def article_detail(request, section, year, month, day, slug):
    """One published story, with every part, in one query.

    An address a published story had before its slug, section or date changed
    answers with a permanent redirect to where it is now (``redirects``).
    """
    article = published_story(site_sections().get(section), slug)
    if article is None:
        moved = moved_story(request.path_info)
        if moved is None:
            raise Http404("No published story at this address.")
        return redirect(moved, permanent=True)
    published = timezone.localtime(article.published_at)
    if (published.year, published.month, published.day) != (year, month, day):
        return redirect(moved_story(request.path_info) or article, permanent=True)
    return render_article(request, article)


def render_article(request, article, *, preview_note=""):
    """The article page for ``article``; ``preview_note`` says why an unpublished one shows.

    The admin's preview and share links use this too, so a draft looks exactly as
    it will when published.
    """
    # A preview's images are the site's own addresses, which know its reader by the
    # share link's cookie or the session; a CDN knows neither.
    with media_on_site() if preview_note else nullcontext():
        # A preview's story is read afresh, and its images' addresses are the
        # site's own: what the page works out from it is not kept.
        if preview_note:
            values = _page_values(article, request)
        else:
            values = held_for_story(_page_values, article, request)
        response = render(
            request,
            "articles/article_detail.html",
            {
                "article": article,
                "current_section": article.section.parent or article.section,
                "sections": article.body_sections(),
                **values,
                "preview_note": preview_note,
            },
        )
    if preview_note:
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Cache-Control"] = "private, no-store"
    return response


# A time as the page writes it: for ``<time datetime>`` and for readers.
Moment = namedtuple("Moment", "machine shown")


def _page_values(article, request):
    """What the article page works out from ``article`` before it writes it: its
    metadata (``meta``) and JSON-LD (``json_ld``, as ``|tojson`` writes it), the
    paragraph its dateline opens, its repeated pull quotes, and its times (None
    for a time it does not show)."""
    parts = article.listed_parts()
    first_paragraph = next(
        (part for part in parts if part.kind == BodyPart.Kind.PARAGRAPH), None
    )
    meta = article_metadata(article, request)
    return {
        "meta": meta,
        "json_ld": script_json(meta["json_ld"]),
        "first_paragraph_id": first_paragraph.pk if first_paragraph else None,
        "repeated_pull_quote_ids": _pull_quotes_repeating_text(parts),
        "published": _moment(article.published_at) if article.published_at else None,
        "updated": _moment(article.updated_at) if article.was_updated else None,
    }


def _moment(value):
    return Moment(machine_time(value), day_time_and_zone(value))


def shared_preview(request, token):
    """One unpublished story, for whoever holds its active share link."""
    link = preview.link_for(token)
    if link is None:
        raise Http404("This preview link is not valid, has expired or was revoked.")
    article = whole_story(link.article_id)
    expires = timezone.localtime(link.expires_at)
    response = render_article(
        request,
        article,
        preview_note=f"Preview shared until {expires:%Y-%m-%d %H:%M %Z}",
    )
    return remember_preview(response, link)


# A tag of sanitized rich text, whose attributes clean_html() writes in double quotes.
_TAG = re.compile(r'<(?:[^>"]|"[^"]*")*>')


def _words(text):
    return re.findall(r"\w+", text.casefold())


def _words_of(text):
    """The words of a part's sanitized text, read with a regular expression.

    ``part.plain_text`` runs the sanitizer over the text again; for words alone,
    dropping the tags of HTML that ``clean_html()`` wrote is enough.
    """
    return _words(html.unescape(_TAG.sub(" ", text)))


def _pull_quotes_repeating_text(parts, share=0.9):
    """The ids of pull quotes whose words the story's text already says
    (``_repeating()``, for the parts' ids, kinds and words as they are now)."""
    if not any(part.is_pull_quote for part in parts):
        return set()
    return set(
        _repeating(
            tuple((part.pk, part.is_pull_quote, part.text) for part in parts), share
        )
    )


# Stories read often, their parts unchanged: comparing their words again on every
# page cost the article page a sixth of its time. Keyed by the parts' text itself,
# so that an edited story is compared afresh, with nothing to retire.
@functools.lru_cache(maxsize=256)
def _repeating(parts, share):
    """The ids of pull quotes whose words the story's text already says, for
    ``parts`` given as ``(id, is_pull_quote, text)``.

    Such a pull quote is display type only, hidden from screen readers so that they
    do not read the words twice. "Already says" allows a spelling or two to differ
    ("honour" in the pull quote, "honor" in the paragraph): at least ``share`` of the
    pull quote's words must appear, in order, within a stretch of the text hardly
    longer than the quote itself.
    """
    text = [
        word
        for _pk, is_pull_quote, part_text in parts
        if not is_pull_quote
        for word in _words_of(part_text)
    ]
    # Most pull quotes repeat a sentence word for word: a search of the text finds
    # them; the word-by-word comparison is for those that differ.
    joined = f" {' '.join(text)} "
    repeated = []
    for pk, is_pull_quote, part_text in parts:
        words = _words_of(part_text) if is_pull_quote else None
        if not words:
            continue
        if f" {' '.join(words)} " in joined or _appears_in(words, text, share):
            repeated.append(pk)
    return frozenset(repeated)


def _appears_in(words, text, share):
    needed = max(1, round(len(words) * share))
    slack = len(words) - needed
    openings = set(words[: slack + 1])
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(words)
    for start, word in enumerate(text):
        if word not in openings:
            continue
        matcher.set_seq1(text[start : start + len(words) + slack])
        if sum(block.size for block in matcher.get_matching_blocks()) >= needed:
            return True
    return False
