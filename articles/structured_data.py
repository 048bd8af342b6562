"""What an article page tells machines about the story: OpenGraph, Twitter, JSON-LD.

Everything here reads what the article page has already fetched (bylines with their
authors, tags, citations with their sources, corrections, parts, the section and its
parent), so the metadata adds no query.
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language

from . import addresses, cards
from .models import Article, BodyPart, Source
from .sanitize import html_to_text
from .storage import public_url

DESCRIPTION_LENGTH = 300

# schema.org names the writers "author"; every other role is a contributor, named
# by what they did.
_CONTRIBUTOR_ROLES = {
    "translated": "Translator",
    "photos": "Photographer",
    "additional": "Additional reporting",
}

# The CreativeWork type each kind of source is, where schema.org has one.
_SOURCE_TYPES = {
    Source.Kind.REPORT: "Report",
    Source.Kind.STUDY: "ScholarlyArticle",
    Source.Kind.DATASET: "Dataset",
    Source.Kind.ARTICLE: "Article",
    Source.Kind.BOOK: "Book",
}


def description_of(article):
    """The story in a sentence or two: its dek, else its first paragraph, shortened."""
    if article.dek:
        return article.dek
    paragraph = next(
        (
            part
            for part in article.listed_parts()
            if part.kind == BodyPart.Kind.PARAGRAPH
        ),
        None,
    )
    if paragraph is None:
        return ""
    return _shortened(paragraph.text, get_language())


# Shortening walks the paragraph a character at a time, on every article page:
# worked out once for each paragraph's text (edited, it is another text) and
# language (which translates the ellipsis).
@functools.lru_cache(maxsize=256)
def _shortened(text, language):
    """The words of the paragraph ``text`` (sanitized HTML), cut to the length of
    a description."""
    return Truncator(html_to_text(text)).chars(DESCRIPTION_LENGTH)


def lead_image_of(article, request):
    """The lead image's absolute address, size when known, alt text; or None."""
    if not article.lead_image:
        return None
    return {
        "url": request.build_absolute_uri(article.lead_image.url),
        "width": article.lead_image_width,
        "height": article.lead_image_height,
        "alt": article.lead_image_alt,
        "caption": article.lead_image_caption,
        "credit": article.lead_image_credit,
    }


def article_metadata(article, request):
    """The values of an article page's canonical link, OpenGraph and Twitter tags,
    and its JSON-LD (``json_ld``), each worked out once for both."""
    meta = {
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "title": article.headline,
        "description": description_of(article),
        "image": lead_image_of(article, request) or cards.card_of(article, request),
        "published_at": _moment(article.published_at),
        "modified_at": _moment(article.last_changed),
        "section": article.section.name,
        "tags": [tag.name for tag in article.listed_tags()],
        "people": {
            byline.author.pk: _person(byline.author, request)
            for byline in article.listed_bylines()
        },
    }
    meta["authors"] = [
        meta["people"][byline.author.pk]["url"]
        for byline in article.listed_bylines()
        if byline.is_lead
    ]
    # Data, not markup: the template writes it into its <script> with ``|tojson``.
    meta["json_ld"] = news_article(article, request, meta)
    return meta


# Stories read often, unchanged: their metadata (and what else the article page
# works out from the story, ``views.stories``) was worked out again on every page,
# a tenth of the article page's time. Kept for the rows the page was given, held
# and shared by the requests that read the same rows (``selectors._story_rows()``:
# tuples that nothing may change, made anew when a row changes), and for
# everything else it reads: the story's own row, its section, the site's address
# as the reader asked for it, its media's, the language and the time zone.
HELD_VALUES = 256
_held = {}


def held_for_story(compute, article, request):
    """``compute(article, request)``, worked out once for the story as it was read.

    For a story read with its rows held between requests (the article page). The
    kept value is found by the identity of those rows and of its section, which
    it keeps (so that no other object can take their place), and by the value of
    everything else it may depend on; the page must not change it.
    """
    held = (
        article.listed_parts(),
        article.listed_bylines(),
        article.listed_citations(),
        article.listed_corrections(),
        article.listed_tags(),
        article.section,
        article.section.parent,
    )
    key = (
        compute,
        tuple(map(id, held)),
        tuple(getattr(article, name) for name in _ARTICLE_FIELDS),
        request.scheme,
        request.get_host(),
        # Where its images are: the CDN's address, or the site's own for the
        # newsroom (``storage.media_on_site()``).
        public_url(""),
        get_language(),
        timezone.get_current_timezone_name(),
    )
    found = _held.get(key)
    if found is not None and all(a is b for a, b in zip(found[0], held, strict=True)):
        return found[1]
    value = compute(article, request)
    if len(_held) >= HELD_VALUES:
        # The oldest goes; a thread of its own (a threaded server) may have taken
        # it, or changed the dict, first.
        try:
            del _held[next(iter(_held))]
        except (KeyError, RuntimeError, StopIteration):
            pass
    _held[key] = (held, value)
    return value


# Every column of the story's own row: the page reads a dozen of them.
_ARTICLE_FIELDS = tuple(field.attname for field in Article._meta.concrete_fields)


def _forget_held(**kwargs):
    # The site's name, its media's addresses: read from settings (tests change them).
    _held.clear()


setting_changed.connect(_forget_held, dispatch_uid="newsroom-held-metadata")


def news_article(article, request, meta):
    """The story as a schema.org ``NewsArticle``, as a dict ready for JSON, from what
    ``article_metadata()`` has worked out (``meta``)."""
    url = meta["url"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.headline,
        "description": meta["description"],
        "inLanguage": article.language,
        "datePublished": meta["published_at"],
        "dateModified": meta["modified_at"],
        "author": [],
        "contributor": [],
        "dateline": article.dateline,
        "image": None,
        "publisher": {
            "@type": "Organization",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": request.build_absolute_uri(addresses.home()),
        },
        "articleSection": meta["section"],
        "keywords": meta["tags"],
        "wordCount": article.word_count(),
        "citation": [
            _creative_work(citation.source) for citation in article.listed_citations()
        ],
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": _moment(correction.created_at),
            }
            for correction in article.listed_corrections()
        ],
    }
    for byline in article.listed_bylines():
        person = meta["people"][byline.author.pk]
        if byline.is_lead:
            data["author"].append(person)
        else:
            data["contributor"].append(
                {
                    # schema.org's Role: the property again, inside, for the person.
                    "@type": "Role",
                    "roleName": _CONTRIBUTOR_ROLES.get(
                        byline.role, str(byline.get_role_display())
                    ),
                    "contributor": person,
                }
            )
    if meta["image"]:
        data["image"] = _image_object(meta["image"])
    # Leave out what the story does not have, rather than say it is empty.
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _moment(value):
    """A time as ISO 8601 in the site's time zone, to the second."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _person(author, request):
    person = {
        "@type": "Person",
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }
    if author.title:
        person["jobTitle"] = author.title
    return person


def _image_object(image):
    data = {"@type": "ImageObject", "url": image["url"], "contentUrl": image["url"]}
    if image["width"] and image["height"]:
        data["width"] = image["width"]
        data["height"] = image["height"]
    if image["caption"]:
        data["caption"] = image["caption"]
    if image["credit"]:
        data["creditText"] = image["credit"]
    return data


def _creative_work(source):
    work = {
        "@type": _SOURCE_TYPES.get(source.kind, "CreativeWork"),
        "name": source.title or source.organisation,
        "author": {"@type": "Organization", "name": source.organisation},
    }
    if source.abbreviation:
        work["author"]["alternateName"] = source.abbreviation
    if source.url:
        work["url"] = source.url
    if source.published_on:
        work["datePublished"] = _partial_date(source)
    return work


def _partial_date(source):
    """The source's date as precisely as known: "2025", "2025-09", "2025-09-14"."""
    if source.published_precision == Source.Precision.YEAR:
        return f"{source.published_on.year:04d}"
    if source.published_precision == Source.Precision.MONTH:
        return source.published_on.strftime("%Y-%m")
    return source.published_on.isoformat()
