"""Template context every public page needs: the site's name and its navigation."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _top_level_sections():
    from .views.listings import site_sections

    return site_sections().top_level


def site(request):
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        # Lazy: read only by templates that draw the navigation, and then from the
        # sections this process keeps until the content changes.
        "nav_sections": SimpleLazyObject(_top_level_sections),
    }
