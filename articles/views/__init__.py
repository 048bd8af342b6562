"""Public pages. Every query here starts from ``Article.objects.published()``."""

from .crawlers import news_sitemap, robots_txt
from .listings import author_detail, corrections, home, section_detail
from .stories import article_detail, render_article, shared_preview, whole_stories

# The name the admin's preview first used.
_whole_stories = whole_stories

__all__ = [
    "article_detail",
    "author_detail",
    "corrections",
    "home",
    "news_sitemap",
    "render_article",
    "robots_txt",
    "section_detail",
    "shared_preview",
    "whole_stories",
]
