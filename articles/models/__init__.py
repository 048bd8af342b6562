"""Every model of the app, re-exported so that ``from articles.models import X`` works."""

from .body import (
    ArticleSection,
    BodyPart,
    Callout,
    CalloutKind,
    Quote,
    group_into_sections,
)
from .history import ArticleTransition, Correction, EditorialComment
from .people import Author, Byline
from .sections import Section
from .sources import Citation, Source
from .stories import Article, FormerAddress, unicode_slug

__all__ = [
    "Article",
    "ArticleSection",
    "ArticleTransition",
    "Author",
    "BodyPart",
    "Byline",
    "Callout",
    "CalloutKind",
    "Citation",
    "Correction",
    "EditorialComment",
    "FormerAddress",
    "Quote",
    "Section",
    "Source",
    "group_into_sections",
    "unicode_slug",
]
