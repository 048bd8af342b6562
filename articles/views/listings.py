"""Lists of stories: home, sections, authors, and the corrections of the whole site."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from ..models import Article, Author, Correction, Section

STORIES_PER_PAGE = 20


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
            "current_section": section.parent or section,
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


def corrections(request):
    """Every correction, clarification and retraction on the site, newest first."""
    notes = (
        Correction.objects.filter(article__in=Article.objects.published())
        .select_related("article", "article__section")
        .order_by("-created_at", "-pk")
    )
    return render(request, "articles/corrections.html", {"page": _page(request, notes)})
