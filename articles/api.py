"""The read-only content API for apps and partners, at ``/api/v1/``, with Django Ninja.

Only what readers may see: every story comes from ``published()``, and no internal
field (correction reasons, planning fields, comments) is in any schema here. Each
operation is served through ``caching.public_page``: cached until what it shows
changes (its keys: the stories, the lists), with an ETag and a 304 for a client
that has the answer already. The
OpenAPI description is at ``/api/v1/openapi.json``.
"""

import base64
import binascii
import datetime
from typing import Annotated

from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError
from pydantic import BeforeValidator, Field
from taggit.models import Tag, TaggedItem

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.http import JsonResponse
from django.urls import reverse

from . import caching
from . import search as full_text
from .caching import public_page
from .images import CONTENT_TYPES, renditions
from .models import Article, Author, Byline, Source
from .selectors import published_story_by_id, site_sections, story_cards

api = NinjaAPI(
    title="Newsroom content API",
    version="1",
    description="Published stories, sections, authors, tags and sources; read only.",
    urls_namespace="api",
    # The description is the API's contract; no Swagger page loading scripts from a CDN.
    docs_url=None,
)

MAX_LIMIT = 100


@api.exception_handler(ValidationError)
def invalid_input(request, error):
    """A parameter that is not what the description says: a 400 naming it."""
    problems = "; ".join(
        f"{'.'.join(str(part) for part in problem['loc'][1:])}: {problem['msg']}"
        for problem in error.errors
    )
    return api.create_response(request, {"detail": problems}, status=400)


def not_found(request, *args, **kwargs):
    """Any address under /api/v1/ that no operation answers: a 404 in JSON."""
    return JsonResponse({"detail": "Not found."}, status=404)


# ---- Schemas ----


class SectionOut(Schema):
    slug: str
    name: str
    parent: str | None
    url: str


class AuthorOut(Schema):
    slug: str
    name: str
    title: str
    url: str


class TagOut(Schema):
    slug: str
    name: str


class SourceOut(Schema):
    id: int
    organisation: str
    abbreviation: str
    title: str
    url: str
    kind: str
    published: str


class BylineOut(Schema):
    author: str
    name: str
    role: str


class StoryCardOut(Schema):
    id: int
    headline: str
    dek: str
    section: str
    language: str
    published_at: datetime.datetime
    url: str
    ninjs: str
    bylines: list[BylineOut]
    tags: list[str]


class StoryPageOut(Schema):
    items: list[StoryCardOut]
    next: str | None


class RenditionOut(Schema):
    url: str
    width: int
    height: int
    type: str


class ImageOut(Schema):
    url: str
    width: int | None
    height: int | None
    caption: str
    credit: str
    alt: str
    renditions: list[RenditionOut]


class PartOut(Schema):
    kind: str
    title: str
    text: str
    callout: str | None
    speaker: str
    speaker_title: str
    quoted_source: int | None
    display: str
    image: ImageOut | None


class CitationOut(Schema):
    source: SourceOut
    claim: str


class CorrectionOut(Schema):
    kind: str
    text: str
    created_at: datetime.datetime


class StoryOut(StoryCardOut):
    dateline: str
    updated_at: datetime.datetime
    lead_image: ImageOut | None
    body: list[PartOut]
    citations: list[CitationOut]
    corrections: list[CorrectionOut]


class SearchPageOut(Schema):
    q: str
    count: int
    capped: bool
    items: list[StoryCardOut]
    next: str | None


class ErrorOut(Schema):
    detail: str


# ---- Turning rows into answers ----


def _card(request, story):
    return {
        "id": story.pk,
        "headline": story.headline,
        "dek": story.dek,
        "section": story.section.slug,
        "language": story.language,
        "published_at": story.published_at,
        "url": request.build_absolute_uri(story.get_absolute_url()),
        "ninjs": request.build_absolute_uri(
            reverse("articles:story_ninjs", args=[story.pk])
        ),
        "bylines": [
            {"author": b.author.slug, "name": b.author.name, "role": b.role}
            for b in story.listed_bylines()
        ],
        "tags": [tag.slug for tag in story.listed_tags()],
    }


def _image(request, file, width, height, caption, credit, alt):
    if not file:
        return None
    # Resized copies, WebP and JPEG or PNG, made on their first request if need be;
    # an image whose size is unknown has none.
    made = renditions(file.name, width, height) if width and height else {}
    return {
        "url": request.build_absolute_uri(file.url),
        "width": width,
        "height": height,
        "caption": caption,
        "credit": credit,
        "alt": alt,
        "renditions": [
            {
                "url": request.build_absolute_uri(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
                "type": CONTENT_TYPES[extension],
            }
            for extension, sizes in made.items()
            for rendition in sizes
        ],
    }


def _source(source):
    return {
        "id": source.pk,
        "organisation": source.organisation,
        "abbreviation": source.abbreviation,
        "title": source.title,
        "url": source.url,
        "kind": source.kind,
        "published": source.published_display,
    }


def _part(request, part):
    return {
        "kind": part.kind,
        "title": part.title,
        "text": part.text,
        "callout": part.callout_kind.label if part.callout_kind_id else None,
        "speaker": part.speaker,
        "speaker_title": part.speaker_title,
        "quoted_source": part.quote_source_id,
        "display": part.display,
        "image": _image(
            request,
            part.image,
            part.image_width,
            part.image_height,
            part.caption,
            part.credit,
            part.alt_text,
        ),
    }


def _cursor(story):
    text = f"{story.published_at.isoformat()}|{story.pk}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _after(cursor):
    """The condition for the stories after ``cursor``, newest first."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, pk = text.split("|")
        when, pk = datetime.datetime.fromisoformat(when), int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise HttpError(400, "This cursor is not one the API gave out.") from None
    return Q(published_at__lt=when) | Q(published_at=when, pk__lt=pk)


# ---- Operations ----


def _iso_time(value):
    """Only an ISO 8601 time: pydantic would also take a number as seconds."""
    if isinstance(value, str):
        datetime.datetime.fromisoformat(value)  # a ValueError says what is wrong
        return value
    raise ValueError("must be an ISO 8601 time, such as 2026-05-01T09:30:00Z")


IsoTime = Annotated[datetime.datetime, BeforeValidator(_iso_time)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]


class StoryFilters(Schema):
    section: str | None = None
    tag: str | None = None
    author: str | None = None
    since: IsoTime | None = None
    until: IsoTime | None = None
    cursor: str | None = None
    limit: Limit = 20


@api.get(
    "/stories",
    response={200: StoryPageOut, 400: ErrorOut, 404: ErrorOut},
    tags=["stories"],
)
@decorate_view(public_page)
def list_stories(request, filters: Query[StoryFilters]):
    """Published stories, newest first, a page at a time: follow ``next``."""
    stories = Article.objects.published()
    # The page cache's keys of the list: the one each filter names, else every story.
    lists = []
    if filters.section is not None:
        section = site_sections().by_slug.get(filters.section)
        if section is None:
            raise HttpError(404, "No section with this slug.")
        stories = stories.in_section(section)
        lists.append(f"section-{section.pk}")
    if filters.tag is not None:
        tag = Tag.objects.filter(slug=filters.tag).only("pk").first()
        lists.append(f"tag-{tag.pk}" if tag else "list-all")
        tagged = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article),
            tag__slug=filters.tag,
        ).values("object_id")
        stories = stories.filter(pk__in=tagged)
    if filters.author is not None:
        credited = Byline.objects.filter(author__slug=filters.author)
        stories = stories.filter(pk__in=credited.values("article_id"))
        author = Author.objects.filter(slug=filters.author).only("pk").first()
        lists.append(f"author-{author.pk}" if author else "list-all")
    caching.shows(*(lists or ["list-all"]))
    if filters.since is not None:
        stories = stories.filter(published_at__gte=filters.since)
    if filters.until is not None:
        stories = stories.filter(published_at__lt=filters.until)
    if filters.cursor:
        stories = stories.filter(_after(filters.cursor))
    stories = stories.order_by("-published_at", "-pk")[: filters.limit + 1]
    found = story_cards(stories)
    page, more = found[: filters.limit], len(found) > filters.limit
    next_url = None
    if more:
        query = request.GET.copy()
        query["cursor"] = _cursor(page[-1])
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"items": [_card(request, story) for story in page], "next": next_url}


@api.get(
    "/stories/{int:story_id}", response={200: StoryOut, 404: ErrorOut}, tags=["stories"]
)
@decorate_view(public_page)
def get_story(request, story_id: int):
    """One published story, whole: body, citations with their sources, corrections."""
    story = published_story_by_id(story_id)
    if story is None:
        raise HttpError(404, "No published story with this id.")
    return {
        **_card(request, story),
        "dateline": story.dateline,
        "updated_at": story.last_changed,
        "lead_image": _image(
            request,
            story.lead_image,
            story.lead_image_width,
            story.lead_image_height,
            story.lead_image_caption,
            story.lead_image_credit,
            story.lead_image_alt,
        ),
        "body": [_part(request, part) for part in story.listed_parts()],
        "citations": [
            {"source": _source(citation.source), "claim": citation.claim}
            for citation in story.listed_citations()
        ],
        "corrections": [
            {"kind": note.kind, "text": note.text, "created_at": note.created_at}
            for note in story.listed_corrections()
        ],
    }


@api.get("/search", response={200: SearchPageOut, 400: ErrorOut}, tags=["stories"])
@decorate_view(public_page(keys=("search",)))
def search_stories(
    request,
    q: str,
    page: Annotated[int, Field(ge=1)] = 1,
    limit: Limit = 20,
):
    """Published stories matching the words ``q``, best first, a page at a time.

    As on the site's search page: the newest ``RANK_WINDOW`` matches are ranked,
    and ``capped`` says whether more match.
    """
    # Words the search ignores (none, or punctuation only) find nothing.
    results = full_text.search(full_text.parse(q))
    start = (page - 1) * limit
    ids = [story.pk for story in results[start : start + limit]]
    cards = {
        story.pk: story for story in story_cards(Article.objects.filter(pk__in=ids))
    }
    next_url = None
    if start + limit < results.count():
        params = request.GET.copy()
        params["page"] = str(page + 1)
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {
        "q": q,
        "count": results.count(),
        "capped": results.capped,
        "items": [_card(request, cards[pk]) for pk in ids if pk in cards],
        "next": next_url,
    }


@api.get("/sections", response=list[SectionOut], tags=["lists"])
@decorate_view(public_page)
def list_sections(request):
    """Every section, parents before their children."""
    sections = sorted(
        site_sections().by_id.values(),
        key=lambda s: (s.parent_id is not None, s.position, s.name),
    )
    return [
        {
            "slug": section.slug,
            "name": section.name,
            "parent": section.parent.slug if section.parent_id else None,
            "url": request.build_absolute_uri(section.get_absolute_url()),
        }
        for section in sections
    ]


@api.get("/authors", response=list[AuthorOut], tags=["lists"])
@decorate_view(public_page(keys=("list-all", "authors")))
def list_authors(request):
    """The authors credited on at least one published story."""
    credited = Byline.objects.filter(article__in=Article.objects.published())
    authors = Author.objects.filter(pk__in=credited.values("author_id")).order_by(
        "name"
    )
    return [
        {
            "slug": author.slug,
            "name": author.name,
            "title": author.title,
            "url": request.build_absolute_uri(author.get_absolute_url()),
        }
        for author in authors.only("slug", "name", "title")
    ]


@api.get("/tags", response=list[TagOut], tags=["lists"])
@decorate_view(public_page(keys=("list-all", "tags")))
def list_tags(request):
    """The tags of at least one published story."""
    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        object_id__in=Article.objects.published().values("pk"),
    )
    tags = Tag.objects.filter(pk__in=tagged.values("tag_id")).order_by("name")
    return [{"slug": tag.slug, "name": tag.name} for tag in tags]


@api.get("/sources", response=list[SourceOut], tags=["lists"])
@decorate_view(public_page(keys=("list-all", "sources")))
def list_sources(request):
    """The sources cited by at least one published story."""
    cited = Source.objects.annotate(
        published_citations=Count(
            "citations", filter=Q(citations__article__in=Article.objects.published())
        )
    ).filter(published_citations__gt=0)
    return [_source(source) for source in cited.order_by("organisation", "title", "pk")]
