"""Public addresses: home, sections, tags, authors, the archive, and each story under its
section and date."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from . import feeds, views
from .caching import public_page
from .sitemaps import SITEMAPS


class UnicodeSlugConverter:
    """A slug of letters in any script, digits, hyphens and underscores."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")
register_converter(feeds.FeedFormatConverter, "feedformat")

app_name = "articles"

# The page cache's keys of the sitemaps: every published story, section, author and
# tag is in one of them.
SITEMAP_KEYS = ("sitemaps", "sections", "authors", "tags")

urlpatterns = [
    # First, as the page asked for most: each address is matched against the
    # patterns in turn, and no other has five parts, so no other is taken from.
    path(
        "<slug:section>/<int:year>/<int:month>/<int:day>/<uslug:slug>/",
        views.article_detail,
        name="article_detail",
    ),
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        public_page(sitemap_views.index, keys=SITEMAP_KEYS),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-news.xml", views.news_sitemap, name="news_sitemap"),
    path(
        "sitemap-<str:section>.xml",
        public_page(sitemap_views.sitemap, keys=SITEMAP_KEYS),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    # Each feed sits beside the page it follows: /feed/rss/, /world/feed/atom/, ...
    path("feed/<feedformat:format>/", feeds.story_feed, name="feed"),
    path(
        "corrections/feed/<feedformat:format>/",
        feeds.correction_feed,
        name="corrections_feed",
    ),
    path(
        "authors/<uslug:slug>/feed/<feedformat:format>/",
        feeds.author_feed,
        name="author_feed",
    ),
    path(
        "tags/<uslug:slug>/feed/<feedformat:format>/", feeds.tag_feed, name="tag_feed"
    ),
    path(
        "<slug:slug>/feed/<feedformat:format>/", feeds.section_feed, name="section_feed"
    ),
    path("authors/", views.author_index, name="author_index"),
    path("authors/<uslug:slug>/", views.author_detail, name="author_detail"),
    path("tags/", views.tag_index, name="tag_index"),
    path("tags/<uslug:slug>/", views.tag_detail, name="tag_detail"),
    path("latest/", views.latest, name="latest"),
    # The archive comes before sections, whose one-word addresses would take it.
    path("archive/", views.archive_index, name="archive"),
    path("archive/<int:year>/", views.archive_year, name="archive_year"),
    path("archive/<int:year>/<int:month>/", views.archive_month, name="archive_month"),
    path(
        "archive/<int:year>/<int:month>/<int:day>/",
        views.archive_day,
        name="archive_day",
    ),
    path("corrections/", views.corrections, name="corrections"),
    path("search/", views.search, name="search"),
    path("preview/<str:token>/", views.shared_preview, name="shared_preview"),
    path("api/ninjs/stories/<int:pk>/", views.story_ninjs, name="story_ninjs"),
    path("<slug:slug>/", views.section_detail, name="section_detail"),
]
