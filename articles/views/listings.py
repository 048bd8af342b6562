"""Lists of stories: the front page, the latest, sections, tags, authors, corrections.

Each page takes a fixed number of queries, and about the same time, however many
stories the site holds: a page of stories by primary key in one, their bylines in
one, and, once per change of what they depend on, every section (the navigation
included) and the list's ids (see ``paging``).
"""

from taggit.models import Tag

from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .. import caching, selectors
from ..caching import public_page
from ..models import Article, Author, Byline, Correction
from ..selectors import site_sections
from .paging import paginate

# The front page: one lead, a row of top stories, then the latest of each section.
TOP_STORIES = 6
PER_SECTION = 4
# The lead is the newest story with a lead image among this many of the newest: a
# picture from last month does not lead, and the search stays short on any archive.
LEAD_AMONG = 30

NEWEST_FIRST = ("-published_at", "-pk")


def newest():
    """Published stories, newest first; sections and bylines come later."""
    return Article.objects.published().order_by(*NEWEST_FIRST)


def stories_by_id(ids):
    """The public stories among ``ids``, ready for their cards, in one query (any
    order; ``selectors.stories_by_id()``), recorded as shown by the page."""
    ids = list(dict.fromkeys(ids))
    caching.shows_stories(ids)
    return selectors.stories_by_id(ids)


def page_of(request, listed, *, key, keys):
    """The requested page of ``listed()`` (published stories), ready to show;
    ``keys`` are the page cache's keys of the list (``caching``), and ``listed``
    is called only when they change (``paging.listed_ids()``)."""
    return paginate(request, listed, key=key, keys=keys, load=stories_by_id)


def _lead_and_top(sections):
    """The lead (the newest story with a lead image, else the newest) and the next few."""
    recent = newest().values("pk")[:LEAD_AMONG]
    # Read by primary key: the rows chosen come from ``published()``.
    lead = (
        Article.objects.filter(pk__in=recent)
        .exclude(lead_image="")
        .order_by(*NEWEST_FIRST)
        .first()
    )
    top = sections.attach(list(newest()[: TOP_STORIES + 1]))
    if lead is None and top:
        lead = top[0]
    if lead is not None:
        sections.attach([lead])
    top = [story for story in top if story != lead][:TOP_STORIES]
    return lead, top


def _latest_by_section(sections, shown):
    """The newest ``PER_SECTION`` stories of each top-level section (children included),
    leaving out the stories ``shown`` above them.

    One query, however many sections and stories: the union of "the newest few of
    this section", each a short walk down the ``(section, status, -published_at)``
    index, chooses the rows, which are then read by primary key. A window function
    (``ROW_NUMBER() OVER (PARTITION BY section)``) would also take one query, but it
    numbers every published story, so its cost grows with the archive.
    """
    if not sections.top_level:
        return []
    shown_ids = {story.pk for story in shown}
    shown_in = {}
    for story in shown:
        shown_in[story.section_id] = shown_in.get(story.section_id, 0) + 1
    selects, params = [], []
    for number, section in enumerate(sections.by_slug.values()):
        newest = (
            Article.objects.published()
            .filter(section=section)
            .order_by(*NEWEST_FIRST)
            .values("pk")[: PER_SECTION + shown_in.get(section.pk, 0)]
        )
        sql, section_params = newest.query.sql_with_params()
        # Wrapped, because a compound SELECT cannot hold ORDER BY and LIMIT itself.
        selects.append(f"SELECT * FROM ({sql}) newest_{number}")
        params.extend(section_params)
    # Read by primary key: every row chosen comes from ``published()`` above.
    chosen = RawSQL(" UNION ALL ".join(selects), params)
    found = {}
    for story in sections.attach(
        Article.objects.filter(pk__in=chosen).order_by(*NEWEST_FIRST)
    ):
        found.setdefault(story.section.parent_id or story.section_id, []).append(story)
    groups = []
    for section in sections.top_level:
        latest = [
            story for story in found.get(section.pk, []) if story.pk not in shown_ids
        ]
        if latest:
            groups.append((section, latest[:PER_SECTION]))
    return groups


def _front_page_ids(sections):
    """The ids of the front page's stories: ``(lead, [top], [(section id, [ids])])``."""
    lead, top = _lead_and_top(sections)
    shown = [lead, *top] if lead else []
    groups = _latest_by_section(sections, shown)
    return (
        lead.pk if lead else None,
        [story.pk for story in top],
        [(section.pk, [story.pk for story in latest]) for section, latest in groups],
    )


@public_page
def home(request):
    """The front page: the lead story, the top stories, and each section's latest.

    Which stories it shows is worked out once per change (key ``home``), as the ids of
    a list are (``paging``): a query for the newest, one for the latest of every
    section. Each request then reads those stories, with their bylines, by key.
    """
    sections = site_sections()
    lead_id, top_ids, group_ids = caching.remember(
        "front-page", lambda: _front_page_ids(sections), keys=("home",)
    )
    ids = [lead_id, *top_ids, *(pk for _, latest in group_ids for pk in latest)]
    found = stories_by_id(pk for pk in ids if pk is not None)
    stories = {story.pk: story for story in found}
    lead = stories.get(lead_id)
    top = [stories[pk] for pk in top_ids if pk in stories]
    groups = []
    for section_id, latest in group_ids:
        shown = [stories[pk] for pk in latest if pk in stories]
        if shown:
            groups.append((sections.by_id[section_id], shown))
    return render(
        request,
        "articles/home.html",
        {"lead": lead, "top_stories": top, "section_groups": groups},
    )


@public_page
def latest(request):
    """Every published story, newest first, page by page."""
    page = page_of(request, newest, key="latest", keys=("list-all",))
    return render(request, "articles/latest.html", {"page": page})


@public_page
def section_detail(request, slug):
    """A section's latest stories, its children's included, and links to the children."""
    sections = site_sections()
    section = sections.get(slug)
    page = page_of(
        request,
        lambda: newest().in_section(section),
        key=f"section:{section.pk}",
        keys=(f"section-{section.pk}",),
    )
    return render(
        request,
        "articles/section_detail.html",
        {
            "section": section,
            "current_section": section.parent or section,
            "children": sections.children[section.pk],
            "page": page,
        },
    )


@public_page
def tag_detail(request, slug):
    """The published stories filed under one tag.

    A tag that no published story carries has no page: its name alone could tell
    what an unpublished story is about.
    """
    tag = get_object_or_404(Tag, slug=slug)
    page = page_of(
        request,
        lambda: newest().filter(tags=tag),
        key=f"tag:{tag.pk}",
        keys=(f"tag-{tag.pk}",),
    )
    if not page.paginator.count:
        raise Http404("No published story carries this tag.")
    return render(
        request,
        "articles/tag_detail.html",
        {"tag": tag, "page": page},
    )


@public_page
def tag_index(request):
    """Every topic with a published story, A to Z, with how many stories each has."""
    caching.shows("list-all", "tags")
    return render(
        request, "articles/tag_index.html", {"tags": list(selectors.tag_index())}
    )


@public_page
def author_index(request):
    """Everyone bylined on a published story, A to Z, with how many stories."""
    caching.shows("list-all", "authors")
    return render(
        request,
        "articles/author_index.html",
        {"authors": list(selectors.author_index())},
    )


@public_page
def author_detail(request, slug):
    """An author's bio and the published stories that carry their byline."""
    author = get_object_or_404(Author, slug=slug)
    page = page_of(
        request,
        # A subquery rather than a join, so that two bylines on one story list it
        # once.
        lambda: newest().filter(
            pk__in=Byline.objects.filter(author=author).values("article_id")
        ),
        key=f"author:{author.pk}",
        keys=(f"author-{author.pk}",),
    )
    return render(
        request,
        "articles/author_detail.html",
        {"author": author, "page": page},
    )


@public_page
def corrections(request):
    """Every correction, clarification and retraction on the site, newest first."""

    def notes():
        return Correction.objects.filter(
            article__in=Article.objects.published()
        ).order_by("-created_at", "-pk")

    def load(ids):
        found = list(
            Correction.objects.filter(pk__in=ids).select_related(
                "article", "article__section"
            )
        )
        caching.shows_stories(note.article_id for note in found)
        return found

    page = paginate(request, notes, key="corrections", keys=("list-all",), load=load)
    return render(request, "articles/corrections.html", {"page": page})
