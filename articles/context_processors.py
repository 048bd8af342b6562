"""Template context every public page needs: the site's name and its navigation."""

from django.conf import settings


def site(request):
    from .models import Section

    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        # Lazy: evaluated only by templates that draw the navigation.
        "nav_sections": Section.objects.filter(parent__isnull=True).only(
            "name", "slug", "position"
        ),
    }
