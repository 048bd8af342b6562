"""Public pages. Every query here starts from ``Article.objects.published()``."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from .models import Article, Author, BodyPart, Byline, Citation, Section

STORIES_PER_PAGE = 20


def _bylines():
    return Prefetch("bylines", queryset=Byline.objects.select_related("author"))


def article_detail(request, section, year, month, day, slug):
    """One published story, with every part, in a fixed number of queries."""
    article = get_object_or_404(
        Article.objects.published()
        .select_related("section", "section__parent")
        .prefetch_related(
            _bylines(),
            Prefetch(
                "parts",
                queryset=BodyPart.objects.select_related("callout_kind", "quote_source"),
            ),
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
            "tags",
            "corrections",
        ),
        section__slug=section,
        slug=slug,
    )
    published = timezone.localtime(article.published_at)
    if (published.year, published.month, published.day) != (year, month, day):
        return redirect(article, permanent=True)
    return render(
        request,
        "articles/article_detail.html",
        {"article": article, "sections": article.body_sections()},
    )


def _page(request, queryset):
    return Paginator(queryset, STORIES_PER_PAGE).get_page(request.GET.get("page"))


def home(request):
    """The latest published stories."""
    stories = Article.objects.published().for_listing().order_by("-published_at")
    return render(request, "articles/home.html", {"page": _page(request, stories)})


def section_detail(request, slug):
    """A section's latest stories, its children's included."""
    section = get_object_or_404(Section.objects.select_related("parent"), slug=slug)
    stories = (
        Article.objects.published()
        .in_section(section)
        .for_listing()
        .order_by("-published_at")
    )
    return render(
        request,
        "articles/section_detail.html",
        {
            "section": section,
            "children": section.children.all(),
            "page": _page(request, stories),
        },
    )


def author_detail(request, slug):
    """An author's bio and the published stories that carry their byline."""
    author = get_object_or_404(Author, slug=slug)
    stories = (
        Article.objects.published()
        .filter(bylines__author=author)
        .distinct()
        .for_listing()
        .order_by("-published_at")
    )
    return render(
        request,
        "articles/author_detail.html",
        {"author": author, "page": _page(request, stories)},
    )
