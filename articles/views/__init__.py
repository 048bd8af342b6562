"""Public pages. Every query here starts from ``Article.objects.published()``."""

from .archive import archive_day, archive_index, archive_month, archive_year
from .crawlers import favicon, news_sitemap, robots_txt
from .listings import (
    author_detail,
    author_index,
    corrections,
    home,
    latest,
    section_detail,
    tag_detail,
    tag_index,
)
from .ninjs import story_ninjs
from .search import search
from .stories import article_detail, render_article, shared_preview

__all__ = [
    "archive_day",
    "archive_index",
    "archive_month",
    "archive_year",
    "article_detail",
    "author_detail",
    "author_index",
    "corrections",
    "favicon",
    "home",
    "latest",
    "news_sitemap",
    "render_article",
    "robots_txt",
    "search",
    "section_detail",
    "shared_preview",
    "story_ninjs",
    "tag_detail",
    "tag_index",
]
