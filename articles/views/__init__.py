"""Public pages. Every query here starts from ``Article.objects.published()``."""

from .archive import archive_day, archive_index, archive_month, archive_year
from .crawlers import news_sitemap, robots_txt
from .listings import (
    author_detail,
    corrections,
    home,
    latest,
    section_detail,
    tag_detail,
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
    "corrections",
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
]
