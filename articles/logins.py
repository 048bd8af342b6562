"""Logins: the client address that django-axes counts failed attempts by, and the
page a locked-out login gets."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def client_address(request):
    """The address of whoever is on the other side of the site's proxy.

    Behind a proxy (``DJANGO_BEHIND_PROXY``) ``REMOTE_ADDR`` is the proxy's own, the
    same for everyone; the proxy appends the address it saw to ``X-Forwarded-For``,
    so the last entry is the one no client can forge.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    return last or request.META.get("REMOTE_ADDR")


def locked_out(request, response, credentials):
    """The page a locked-out login gets: what happened, and when to try again."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "admin/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": minutes,
            "site_header": admin.site.site_header,
            "site_title": admin.site.site_title,
        },
        status=429,
    )
