"""The site's addresses: the admin, then the public site."""

import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from articles.api import api, not_found
from articles.security import csp_report
from articles.views import accounts
from articles.views.images import card, original, rendition
from newsroom.health import healthz, readyz


def _media():
    """Uploaded images, their renditions and the stories' social cards, each checked
    before it is served (``articles.views.images``); renditions and cards the web
    server does not find yet are made here once.

    Before the public site, whose section addresses would claim ``media/``.
    """
    if settings.MEDIA_URL.startswith(("http://", "https://", "//")):
        return []
    prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    return [
        re_path(rf"^{prefix}renditions/(?P<path>.+)$", rendition),
        re_path(rf"^{prefix}(?P<path>cards/[^/]+)$", card),
        re_path(rf"^{prefix}(?P<path>.+)$", original),
    ]


# Names the site without asking the database, which may be what failed.
handler500 = "articles.views.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    # Under one prefix, so that a public address is tried against it once.
    path("admin/", include([*accounts.urlpatterns(), path("", admin.site.urls)])),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/", not_found),  # an address the API does not have: JSON too
    path("csp-report/", csp_report, name="csp_report"),
    *_media(),
    path("", include("articles.urls")),
]
