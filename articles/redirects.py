"""Addresses that last: a published story's old addresses lead to its current one.

A story's address is its section, its local publication date and its slug
(``addresses.of_story()``). When one of them changes on a story readers have seen,
``remember_address()`` records the address it leaves, and the article page answers
it with a permanent redirect instead of a 404 (``selectors.moved_story()``). A
section whose slug changes moves every story in it: each one readers saw keeps its
old address the same way (``section_saved()``).
"""

from urllib.parse import unquote

from django.db.models.signals import post_save
from django.http import HttpResponsePermanentRedirect
from django.urls import get_script_prefix
from django.utils import timezone

from . import addresses
from .models import Article, FormerAddress, Section
from .selectors import moved_story

Status = Article.Status
# How the site a newsroom moved from named one post or page by its number on the
# front page: WordPress's ``/?p=123`` and ``/?page_id=45``.
NUMBERED_QUERIES = ("p", "page_id")
# A story in one of these statuses was public at its address, or still is.
SEEN_BY_READERS = {Status.PUBLISHED, Status.UNPUBLISHED}


def as_path(address):
    """An address as the article page reads it: ``request.path_info``, decoded."""
    prefix = get_script_prefix()
    return unquote("/" + address.removeprefix(prefix))


def remember_address(story, address):
    """Record that ``address`` now leads to ``story``: the one function that writes
    redirects. An address another story had before now leads here."""
    path = as_path(address)
    if path == as_path(story.get_absolute_url()):
        return None
    former, _created = FormerAddress.objects.update_or_create(
        path=path, defaults={"article": story}
    )
    return former


def story_saved(sender, instance, created, update_fields=None, **kwargs):
    """Signal receiver: when a story readers saw moves, remember where it was."""
    before = getattr(instance, "loaded_address", None)
    after = instance.address_parts()
    instance.loaded_address = after
    if created or before is None or _where(before) == _where(after):
        return
    if before["status"] not in SEEN_BY_READERS or before["published_at"] is None:
        return
    if before["section_id"] == instance.section_id:
        section_address = instance.section.get_absolute_url()
    else:
        section_address = Section.objects.get(
            pk=before["section_id"]
        ).get_absolute_url()
    remember_address(
        instance,
        addresses.story_in(section_address, before["published_at"], before["slug"]),
    )


def section_saved(sender, instance, created, raw=False, **kwargs):
    """Signal receiver: when a section's address changes, every story readers saw in
    it keeps its old address, leading to the new one (in one write per batch).

    The slug it had is the one it was read with (``Section.from_db``)."""
    before = getattr(instance, "loaded_slug", None)
    instance.loaded_slug = instance.slug
    if created or raw or before is None or before == instance.slug:
        return
    old_section = addresses.with_slug("articles:section_detail", before)
    seen = Article.objects.filter(
        section=instance, status__in=SEEN_BY_READERS, published_at__isnull=False
    ).only("pk", "slug", "published_at")
    moves = [
        FormerAddress(
            path=as_path(
                addresses.story_in(old_section, story.published_at, story.slug)
            ),
            article_id=story.pk,
        )
        for story in seen.iterator(chunk_size=2000)
    ]
    # An address another story had before now leads to the story that has it now.
    FormerAddress.objects.bulk_create(
        moves,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["path"],
        update_fields=["article"],
    )


def _where(parts):
    """What of a story's address parts its address depends on."""
    moment = timezone.localdate(parts["published_at"] or parts["created_at"])
    return parts["section_id"], parts["slug"], moment


def connect():
    post_save.connect(story_saved, sender=Article, dispatch_uid="newsroom-redirects")
    post_save.connect(
        section_saved, sender=Section, dispatch_uid="newsroom-section-redirects"
    )


class FormerAddressMiddleware:
    """Answer the addresses no page of this site has, but a story once had, with a
    permanent redirect to the story: the paths of the site the newsroom moved from
    (``/2008/09/a-slug/``) and its front page asked for one post (``/?p=123``).

    The article page answers its own old addresses; this asks the database only
    for a 404, or for the front page with one of those queries.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reading = request.method in ("GET", "HEAD")
        if reading and request.path_info == "/":
            for name in NUMBERED_QUERIES:
                number = request.GET.get(name, "")
                if number.isdigit():
                    moved = moved_story(f"/?{name}={int(number)}")
                    if moved is not None:
                        return HttpResponsePermanentRedirect(moved.get_absolute_url())
        response = self.get_response(request)
        if reading and response.status_code == 404:
            path = request.path_info
            moved = moved_story(path)
            if moved is None and not path.endswith("/"):
                moved = moved_story(f"{path}/")
            if moved is not None:
                return HttpResponsePermanentRedirect(moved.get_absolute_url())
        return response
