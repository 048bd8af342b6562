"""The public addresses of stories, sections and authors, built without ``reverse()``.

``reverse()`` matches the URL pattern again on every call, and a page names many
objects: a list of twenty stories links twenty stories and some forty authors, an
article page names its authors in its byline, its metadata and its JSON-LD. Each
address here is what ``reverse()`` answered once (per URLconf and script prefix) for
a marker slug, with the object's slug put in its place, quoted as ``reverse()``
quotes it. A story's address is its section's followed by the local date and the
slug (``articles/urls.py``).
"""

import functools
import re
import string
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language, gettext

# What ``reverse()`` leaves unquoted in an address.
_URL_SAFE = RFC3986_SUBDELIMS + "/~:@"
_SLUG_MARKER = "slug-marker"
# A text of these characters alone is one ``quote()`` leaves as it is: most slugs.
_AS_IS = re.compile(
    f"[{re.escape(string.ascii_letters + string.digits + '_.-~' + _URL_SAFE)}]*"
).fullmatch


def _quoted(slug):
    """``quote(slug, safe=_URL_SAFE)``, without its work for a plain slug: a list
    page quotes some fifty."""
    return slug if _AS_IS(slug) else quote(slug, safe=_URL_SAFE)


@functools.lru_cache(maxsize=32)
def _around_slug(name, script_prefix, urlconf, fixed=()):
    """What ``reverse(name, slug=..., **dict(fixed))`` puts before and after the slug."""
    kwargs = {"slug": _SLUG_MARKER, **dict(fixed)}
    address = reverse(name, urlconf=urlconf, kwargs=kwargs)
    before, _marker, after = address.partition(_SLUG_MARKER)
    return before, after


def with_slug(name, slug, **fixed):
    """``reverse(name, kwargs={"slug": slug, **fixed})``, for a URL pattern taking a
    slug and, in ``fixed``, arguments of a few values (a feed's format)."""
    before, after = _around_slug(
        name, get_script_prefix(), get_urlconf(), tuple(sorted(fixed.items()))
    )
    return f"{before}{_quoted(slug)}{after}"


def home():
    """The front page's address, as ``reverse("articles:home")`` answers it."""
    return _without_arguments("articles:home", get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=16)
def _without_arguments(name, script_prefix, urlconf):
    return reverse(name, urlconf=urlconf)


def of_tag(tag):
    """A tag's page: ``/tags/<slug>/``."""
    return with_slug("articles:tag_detail", tag.slug)


def of_story(story):
    """A story's address: its section's, then the local date and its slug."""
    return story_in(
        story.section.get_absolute_url(),
        story.published_at or story.created_at,
        story.slug,
    )


def story_in(section_address, moment, slug, zone=None):
    """The address of a story ``slug`` of the section at ``section_address``, dated
    ``moment`` (in local time, or in ``zone``): what ``of_story()`` answers, from
    parts a story had."""
    return _address(section_address, timezone.localtime(moment, zone), slug)


def _address(section_address, local, slug):
    return f"{section_address}{local.year}/{local.month}/{local.day}/{_quoted(slug)}/"


def settle(stories):
    """Give each of ``stories`` (with their sections and bylines, the light ones of
    ``selectors.stories_by_id()``) and each author on them its address once, for a
    page that lists them: ``get_absolute_url()`` and ``url`` then answer it. Each
    story's local publication time (``local_published_at``), its card's time
    (``card_time``) and credits (``card_credits``) are worked out too, with the
    page's language read and "By" translated once.

    Each address reads the script prefix, the URLconf or the time zone, which live in
    the request's context and cost more to read than the rest of the address: a page
    of twenty cards links some sixty times, and reads them once here. As
    ``selectors.SiteSections`` does for sections, the address is kept on the object,
    which the page only shows.
    """
    zone = timezone.get_current_timezone()
    before, after = _around_slug(
        "articles:author_detail", get_script_prefix(), get_urlconf()
    )
    by = gettext("By")
    months = month_names(get_language())
    for story in stories:
        moment = timezone.localtime(story.published_at or story.created_at, zone)
        if story.published_at:
            story.local_published_at = moment
            story.card_time = card_time(moment, months)
        else:
            story.card_time = NO_CARD_TIME
        story.url = _address(story.section.url, moment, story.slug)
        for byline in story.listed_bylines():
            author = byline.author
            if author.url is None:
                author.url = f"{before}{_quoted(author.slug)}{after}"
        story.card_credits = written_credits(story.credit_lines(by=by))
    return stories


# What a card's ``<time>`` holds for a story not published (a preview's).
NO_CARD_TIME = ("", "")


def card_time(moment, months):
    """A card's time: the local ``moment`` as ``<time datetime>`` wants it (whole
    seconds) and as the date filter's "j F Y, H:i" shows it ("3 May 2024, 14:05",
    as ``|day_and_time`` writes it), the month named from ``months``
    (``month_names()``).

    Worked out for a list's cards at once: a filter for each, reading the page's
    language for each card, cost a list more than a card's credits."""
    return (
        moment.isoformat(timespec="seconds"),
        f"{moment.day} {months[moment.month]} {moment.year}, "
        f"{moment.hour:02}:{moment.minute:02}",
    )


@functools.lru_cache(maxsize=32)
def month_names(language):
    """The months' names in ``language``, the language active when asked."""
    return {number: str(name) for number, name in MONTHS.items()}


def written_credits(lines):
    """``credit_lines()`` as a card writes them: ``[(lead, [(joint, author), ...])]``,
    each line's ``lead`` its words ("By", capitalised on the first line, after "; "
    on the others) and each author's ``joint`` what comes before the name ("" for
    the first, then ", ", and " and " for the last).

    The card then writes them without asking a loop where it is (``loop.first``,
    ``loop.last``): a loop that can be asked costs an object of its own, and a
    call for each question, for each line and card of a list."""
    written = []
    for number, (label, authors) in enumerate(lines):
        lead = label[:1].upper() + label[1:] if number == 0 else f"; {label}"
        last = len(authors) - 1
        written.append(
            (
                lead,
                [
                    ("" if at == 0 else " and " if at == last else ", ", author)
                    for at, author in enumerate(authors)
                ],
            )
        )
    return written
