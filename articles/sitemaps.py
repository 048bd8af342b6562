"""What search engines are told to crawl: stories, sections, authors and tags.

``sitemap.xml`` is an index of one sitemap per kind; the Google News sitemap of the
last two days' stories is ``views.crawlers.news_sitemap``. Stories come from
``Article.objects.published()`` only, and authors and tags only when a published
story carries them.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Length

from . import addresses
from .models import Article, Author, Section
from .selectors import published_tags
from .tags import TAG_SLUG_STORED_MAX_LENGTH


class StorySitemap(Sitemap):
    """Every published story, newest first, last modified when it was last saved."""

    def items(self):
        return (
            Article.objects.published()
            .select_related("section")
            .only("slug", "published_at", "created_at", "updated_at", "section__slug")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.last_changed

    def get_latest_lastmod(self):
        # The index asks for the newest change; one aggregate instead of every story.
        latest = Article.objects.published().aggregate(
            updated=Max("updated_at"), published=Max("published_at")
        )
        return max(filter(None, latest.values()), default=None)


class SectionSitemap(Sitemap):
    """Every section page."""

    def items(self):
        return Section.objects.order_by("position", "name", "pk")


class AuthorSitemap(Sitemap):
    """The pages of authors with at least one published story."""

    def items(self):
        return (
            Author.objects.filter(bylines__article__in=Article.objects.published())
            .distinct()
            .order_by("name", "pk")
        )


class TagSitemap(Sitemap):
    """The pages of tags that at least one published story carries.

    Tags are checked on save (``articles.tags``); one stored before that with a
    slug too long for an address within the sitemap's 2,048 characters is left out.
    """

    def items(self):
        return (
            published_tags()
            .alias(slug_length=Length("slug"))
            .filter(slug_length__lte=TAG_SLUG_STORED_MAX_LENGTH)
            .order_by("name", "pk")
        )

    def location(self, tag):
        return addresses.of_tag(tag)


SITEMAPS = {
    "stories": StorySitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}
