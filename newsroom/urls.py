"""The site's addresses: the admin, then the public site."""

import re

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path

from articles.views.images import card, rendition


def _renditions():
    """Image renditions and social cards the web server does not find yet, made
    here once.

    Before the public site, whose section addresses would claim ``media/``.
    """
    if settings.MEDIA_URL.startswith(("http://", "https://", "//")):
        return []
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [
        re_path(rf"^{prefix}renditions/(?P<path>.+)$", rendition),
        re_path(rf"^{prefix}(?P<path>cards/[^/]+)$", card),
    ]


# Names the site without asking the database, which may be what failed.
handler500 = "articles.views.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    *_renditions(),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
