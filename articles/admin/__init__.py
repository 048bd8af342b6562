"""The newsroom's admin: a whole story on one page, and the lists around it.

Each module registers the admins of the models it is named after; importing them
here is what puts them on the admin site.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import (
    accounts,
    body,
    copydesk,
    history,
    notifications,
    people,
    sections,
    sharing,
    sources,
    staff,
    stories,
    tags,
)

# Whoever logs in is in the newsroom's admin, not a framework's.
admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom admin")

__all__ = [
    "accounts",
    "body",
    "copydesk",
    "history",
    "notifications",
    "people",
    "sections",
    "sharing",
    "sources",
    "staff",
    "stories",
    "tags",
]
