"""What crawlers read: robots.txt and the Google News sitemap."""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from ..caching import public_page
from ..models import Article

NEWS_WINDOW = datetime.timedelta(days=2)
# Google News reads at most 1,000 stories from one sitemap.
NEWS_SITEMAP_LIMIT = 1000


def favicon(request):
    """Browsers that ask for ``/favicon.ico`` without reading the page's icon link."""
    return redirect(static("favicon.svg"), permanent=True)


def robots_txt(request):
    """Keep crawlers out of the admin and previews; point them at both sitemaps."""
    # The preview prefix, from the address of any token.
    previews = reverse("articles:shared_preview", args=["token"]).removesuffix("token/")
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {previews}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('articles:sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('articles:news_sitemap'))}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


@public_page(keys=("sitemaps",))
def news_sitemap(request):
    """The stories published in the last two days, in Google News's sitemap format."""
    now = timezone.now()
    stories = (
        Article.objects.published(now=now)
        .filter(published_at__gte=now - NEWS_WINDOW)
        .select_related("section")
        .only("headline", "slug", "published_at", "created_at", "section__slug")
        .order_by("-published_at", "-pk")[:NEWS_SITEMAP_LIMIT]
    )
    response = render(
        request,
        "articles/sitemap_news.xml",
        {
            "stories": stories,
            "base_url": f"{request.scheme}://{request.get_host()}",
            "publication_name": settings.NEWSROOM_SITE_NAME,
            "publication_language": news_language(settings.LANGUAGE_CODE),
        },
        content_type="application/xml; charset=utf-8",
    )
    # As Django's own sitemaps: for crawlers, not for search results.
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def news_language(language_code):
    """The language as Google News names it: ISO 639 ("en"), but zh-cn and zh-tw."""
    code = language_code.lower()
    if code in ("zh-hans", "zh-cn", "zh-sg"):
        return "zh-cn"
    if code in ("zh-hant", "zh-tw", "zh-hk"):
        return "zh-tw"
    return code.split("-")[0]
