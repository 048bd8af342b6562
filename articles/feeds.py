"""RSS and Atom feeds: the whole site, each section, tag and author, and corrections.

Every feed lists what ``Article.objects.published()`` lists, newest first, with every
byline of each story. Django's feed generators write at most one author per item, so
the two generators here write them all: RSS as one ``dc:creator`` per name, Atom as
one ``<author>`` per name. Each feed answers at ``.../feed/rss/`` and ``.../feed/atom/``
beside the page it follows.
"""

import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape

from . import addresses, caching
from .caching import public_page
from .models import Article, Author, BodyPart, Byline, Correction, Section
from .sanitize import html_to_text, xml_text
from .selectors import published_tags
from .storage import STORAGE_ERRORS

ITEMS_PER_FEED = 50
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
MEDIA_RSS = "http://search.yahoo.com/mrss/"


def _xml_safe(value):
    """``value`` with every string in it, however deep, fit for XML."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(item) for item in value)
    if isinstance(value, Enclosure):
        return Enclosure(xml_text(value.url), value.length, xml_text(value.mime_type))
    return value


class XmlSafeFeedMixin:
    """Drops what XML 1.0 cannot carry from every string of the feed before writing.

    Django's generator refuses a control character with an exception (a server
    error) and lets U+FFFE through (an ill-formed feed); no stored text may do
    either to every feed that lists its story.
    """

    def write(self, outfile, encoding):
        self.feed = _xml_safe(self.feed)
        self.items = _xml_safe(self.items)
        return super().write(outfile, encoding)


class NewsRssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    """RSS 2.0 with a ``dc:creator`` per byline and the lead image as Media RSS too."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:dc": DUBLIN_CORE,
            "xmlns:media": MEDIA_RSS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _link in item.get("bylines", ()):
            handler.addQuickElement("dc:creator", name)
        image = item.get("image")
        if image:
            handler.addQuickElement("media:content", "", _media_attributes(image))


class NewsAtomFeed(XmlSafeFeedMixin, Atom1Feed):
    """Atom with an ``<author>`` per byline."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, link in item.get("bylines", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", link)
            handler.endElement("author")


def _media_attributes(image):
    attributes = {"url": image["url"], "medium": "image", "type": image["type"]}
    if image["width"] and image["height"]:
        attributes["width"] = str(image["width"])
        attributes["height"] = str(image["height"])
    return attributes


def feed_stories(queryset):
    """Stories as a feed shows them, in a fixed number of queries: the stories with
    their section and first paragraph, their bylines, their tags."""
    first_paragraph = (
        BodyPart.objects.filter(article=OuterRef("pk"), kind=BodyPart.Kind.PARAGRAPH)
        .order_by("position", "pk")
        .values("text")[:1]
    )
    return (
        queryset.select_related("section")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            "tags",
        )
        .annotate(first_paragraph=Subquery(first_paragraph))
        .order_by("-published_at", "-pk")[:ITEMS_PER_FEED]
    )


def summary_of(article):
    """What a feed says of a story: its dek, else its first paragraph, as plain text."""
    if article.dek:
        return article.dek
    return html_to_text(getattr(article, "first_paragraph", None) or "")


class _FormatFeed(Feed):
    """A feed written as RSS or Atom, chosen when the view is made."""

    feed_type = NewsRssFeed

    def __init__(self, feed_type=NewsRssFeed):
        super().__init__()
        self.feed_type = feed_type

    def author_name(self):
        # Atom asks for a feed-level author whenever an entry has none of its own.
        return settings.NEWSROOM_SITE_NAME

    def subtitle(self, obj):
        return self._get_dynamic_attr("description", obj)


class StoryFeed(_FormatFeed):
    """The latest published stories of the whole site."""

    def title(self):
        return settings.NEWSROOM_SITE_NAME

    def link(self):
        return reverse("articles:home")

    def description(self):
        return f"The latest stories from {settings.NEWSROOM_SITE_NAME}."

    # The page cache's key of the list this feed follows.
    def list_key(self, obj):
        return "list-all"

    def stories(self, obj):
        return Article.objects.published()

    def items(self, obj):
        caching.shows(self.list_key(obj))
        stories = list(feed_stories(self.stories(obj)))
        caching.shows_stories(stories)
        return stories

    # Titles are plain text in RSS and Atom: the generator escapes them, once.
    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        return escape(summary_of(article))

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_changed

    def item_guid_is_permalink(self, article):
        return True

    def item_categories(self, article):
        return [article.section.name, *(tag.name for tag in article.tags.all())]

    def item_extra_kwargs(self, article):
        return {
            "bylines": [
                (byline.author.name, byline.author.get_absolute_url())
                for byline in article.bylines.all()
            ],
            "image": _image_of(article),
        }

    def get_feed(self, obj, request):
        """The feed, with absolute addresses for the bylines and the lead image.

        Django makes only the item's link absolute; the lead image also becomes the
        item's enclosure here, so that its size is read from storage once.
        """
        feed = super().get_feed(obj, request)
        absolute = request.build_absolute_uri
        for item in feed.items:
            item["bylines"] = [(name, absolute(link)) for name, link in item["bylines"]]
            image = item["image"]
            if image:
                image["url"] = absolute(image["url"])
                item["enclosures"] = [
                    Enclosure(image["url"], str(image["length"]), image["type"])
                ]
        return feed


class SectionFeed(StoryFeed):
    """A section's latest stories, its child sections' included."""

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return f"{section.name} | {settings.NEWSROOM_SITE_NAME}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return section.description or f"The latest {section.name} stories."

    def list_key(self, section):
        return f"section-{section.pk}"

    def stories(self, section):
        return Article.objects.published().in_section(section)


class TagFeed(StoryFeed):
    """The latest stories carrying a tag."""

    def get_object(self, request, slug):
        return get_object_or_404(published_tags(), slug=slug)

    def title(self, tag):
        return f"{tag.name} | {settings.NEWSROOM_SITE_NAME}"

    def link(self, tag):
        return addresses.of_tag(tag)

    def description(self, tag):
        return f"The latest stories about {tag.name}."

    def list_key(self, tag):
        return f"tag-{tag.pk}"

    def stories(self, tag):
        return Article.objects.published().filter(tags=tag)


class AuthorFeed(StoryFeed):
    """The latest stories that carry an author's byline, whatever the role."""

    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, author):
        return f"{author.name} | {settings.NEWSROOM_SITE_NAME}"

    def link(self, author):
        return author.get_absolute_url()

    def description(self, author):
        return f"The latest stories by {author.name}."

    def list_key(self, author):
        return f"author-{author.pk}"

    def stories(self, author):
        # A subquery rather than a join, so that two bylines on one story list it once.
        bylined = Byline.objects.filter(author=author).values("article_id")
        return Article.objects.published().filter(pk__in=bylined)


class CorrectionFeed(_FormatFeed):
    """Every correction, clarification and retraction, each linking to its story."""

    def title(self):
        return f"Corrections | {settings.NEWSROOM_SITE_NAME}"

    def link(self):
        return reverse("articles:corrections")

    def description(self):
        return f"Corrections and updates to stories of {settings.NEWSROOM_SITE_NAME}."

    def items(self):
        caching.shows("list-all")
        notes = list(
            Correction.objects.filter(article__in=Article.objects.published())
            .select_related("article", "article__section")
            .order_by("-created_at", "-pk")[:ITEMS_PER_FEED]
        )
        caching.shows_stories(note.article_id for note in notes)
        return notes

    def item_title(self, correction):
        return f"{correction.get_kind_display()}: {correction.article.headline}"

    def item_description(self, correction):
        return escape(correction.text)

    def item_link(self, correction):
        return f"{correction.article.get_absolute_url()}#correction-{correction.pk}"

    def item_guid_is_permalink(self, correction):
        return True

    def item_pubdate(self, correction):
        return correction.created_at

    def item_updateddate(self, correction):
        return correction.created_at

    def item_categories(self, correction):
        return [correction.get_kind_display()]


def _image_of(article):
    """The lead image's address, size in bytes, type and dimensions, or None."""
    if not article.lead_image:
        return None
    try:
        length = article.lead_image.size
    except STORAGE_ERRORS:
        # RSS asks for a length; 0 is what the RSS profile advises when it is unknown.
        length = 0
    return {
        "url": article.lead_image.url,
        "length": length,
        "type": mimetypes.guess_type(article.lead_image.name)[0] or "image/jpeg",
        "width": article.lead_image_width,
        "height": article.lead_image_height,
    }


def _view(feed_class):
    """One view for both formats of a feed: ``format`` is "rss" or "atom"."""
    feeds = {"rss": feed_class(NewsRssFeed), "atom": feed_class(NewsAtomFeed)}

    @public_page
    def view(request, format, **kwargs):
        return feeds[format](request, **kwargs)

    view.__doc__ = feed_class.__doc__
    return view


class FeedFormatConverter:
    """The last part of a feed's address: ``rss`` or ``atom``."""

    regex = "rss|atom"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


story_feed = _view(StoryFeed)
section_feed = _view(SectionFeed)
tag_feed = _view(TagFeed)
author_feed = _view(AuthorFeed)
correction_feed = _view(CorrectionFeed)
