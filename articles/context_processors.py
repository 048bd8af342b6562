"""Template context every public page needs: the site's name, addresses and navigation."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject

from .selectors import site_sections


def _top_level_sections():
    return site_sections().top_level


@functools.lru_cache(maxsize=8)
def _site_urls(script_prefix, urlconf):
    return {
        "home": reverse("articles:home", urlconf=urlconf),
        "latest": reverse("articles:latest", urlconf=urlconf),
        "archive": reverse("articles:archive", urlconf=urlconf),
        "corrections": reverse("articles:corrections", urlconf=urlconf),
        "tags": reverse("articles:tag_index", urlconf=urlconf),
        "authors": reverse("articles:author_index", urlconf=urlconf),
        "search": reverse("articles:search", urlconf=urlconf),
        "rss": reverse("articles:feed", args=["rss"], urlconf=urlconf),
        "atom": reverse("articles:feed", args=["atom"], urlconf=urlconf),
    }


class _SiteUrls:
    """The site's addresses as attributes (``site_urls.home``), looked up when one
    is first read and then kept on the object.

    A lazy dict cost each of the ten reads on a page a miss of the attribute
    (an exception) and two proxied calls; here the second read is a plain one.
    """

    def __getattr__(self, name):
        # Called only for an attribute the object does not have yet.
        if name.startswith("_"):
            raise AttributeError(name)
        urls = _site_urls(get_script_prefix(), get_urlconf())
        self.__dict__.update(urls)
        try:
            return urls[name]
        except KeyError:
            raise AttributeError(name) from None


def site(request):
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        # The addresses in every page's header and footer, resolved once: ten
        # {% url %} on each page cost more than the rest of the header.
        "site_urls": _SiteUrls(),
        # Lazy: read only by templates that draw the navigation, and then from the
        # sections this process keeps until the content changes.
        "nav_sections": SimpleLazyObject(_top_level_sections),
    }
