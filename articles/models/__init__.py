"""Every model of the app, re-exported so that ``from articles.models import X`` works."""

from .autosaves import Autosave
from .body import (
    ArticleSection,
    BodyPart,
    Callout,
    CalloutKind,
    Quote,
    group_into_sections,
)
from .copydesk import CopyDeskSettings, CopyRule, CopyWaiver, HouseTerm
from .history import ArticleTransition, Correction, EditorialComment
from .notifications import Notification
from .people import Author, Byline, display_name
from .sections import Section
from .sharing import ShareLink
from .sources import Citation, Source
from .staff import StaffMember, StaffPreferences
from .stories import Article, FormerAddress, unicode_slug

__all__ = [
    "Article",
    "Autosave",
    "ArticleSection",
    "ArticleTransition",
    "Author",
    "BodyPart",
    "Byline",
    "Callout",
    "CalloutKind",
    "Citation",
    "CopyDeskSettings",
    "CopyRule",
    "CopyWaiver",
    "Correction",
    "EditorialComment",
    "HouseTerm",
    "Notification",
    "FormerAddress",
    "Quote",
    "Section",
    "ShareLink",
    "Source",
    "StaffMember",
    "StaffPreferences",
    "display_name",
    "group_into_sections",
    "unicode_slug",
]
