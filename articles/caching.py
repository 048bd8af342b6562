"""The public site's caching: one content version, conditional requests, a page cache.

Every change a reader could see (a story, its parts, bylines, sources, corrections,
sections, authors, tags) moves one site-wide stamp, the *content version*. Public
pages take their ``ETag`` and ``Last-Modified`` from it, so a conditional request is
answered with 304 before anything is read from the database, and the page cache keys
each rendered page by it, so a change retires every cached page at once: nothing has
to know which pages showed the story. A new stamp costs each page one render.

The stamp lives in the ``versions`` cache (a file beside the database, or Redis),
which every worker process shares; rendered pages live in the ``default`` cache, and
what lists are made of in each process (``remember()``).
"""

import functools
import hashlib
import time
from contextlib import contextmanager
from contextvars import ContextVar
from email.utils import formatdate

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

from . import signals

VERSION_KEY = "newsroom:content-version"

# Browsers and shared caches may keep a page this long, then serve it once more while
# they fetch it again. The page cache itself keeps pages until the stamp moves.
BROWSER_SECONDS = 60
STALE_SECONDS = 60
# An upper bound for pages that only time changes: a story whose embargo, edited
# after publication, lifts without any save shows within this.
PAGE_SECONDS = 300

# Lists remembered in each process between two changes, at most (see remember()).
MAX_REMEMBERED = 2000

# The models whose rows show on public pages; proxies of them are watched too.
WATCHED = {
    ("articles", "article"),
    ("articles", "bodypart"),
    ("articles", "byline"),
    ("articles", "citation"),
    ("articles", "source"),
    ("articles", "correction"),
    ("articles", "section"),
    ("articles", "author"),
    ("articles", "calloutkind"),
    ("taggit", "tag"),
    ("taggit", "taggeditem"),
}


# The stamp a public page is being rendered under: read once per request, so that
# the page and the lists it is made of agree, and the shared cache is asked once.
_rendering_under = ContextVar("newsroom_rendering_under", default=None)


def _versions():
    return caches["versions" if "versions" in settings.CACHES else "default"]


def content_version():
    """The current stamp: nanoseconds since the epoch at the last change.

    Inside a public page's render, the stamp that page is rendered under.
    """
    if (stamp := _rendering_under.get()) is not None:
        return stamp
    stamp = _versions().get(VERSION_KEY)
    if stamp is None:
        # A fresh or emptied cache: any new stamp is as good, none was handed out.
        _versions().add(VERSION_KEY, time.time_ns(), timeout=None)
        stamp = _versions().get(VERSION_KEY)
    if stamp is None:
        # The shared cache does not answer (Redis is down): a stamp of this moment,
        # which no page is cached under and no browser holds, so the page renders.
        stamp = time.time_ns()
    return stamp


def bump():
    """Move the stamp: every page cached so far is retired."""
    stamp = time.time_ns()
    _versions().set(VERSION_KEY, stamp, timeout=None)
    return stamp


# Inside ``batched()``: the databases whose rows changed in its block.
_batch = ContextVar("newsroom_content_version_batch", default=None)


@contextmanager
def batched():
    """Move the stamp once for all the changes made in this block, at its end.

    A story written row by row announces a change for the story, its parts, its
    bylines and its corrections; the stamp is a shared file or a Redis key, and
    moving it once (and once more when the transaction commits) retires the same
    pages. Nothing reads pages inside the block, and the stamp moves even when
    the block raises, as it would have row by row.
    """
    if _batch.get() is not None:
        yield
        return
    due = set()
    token = _batch.set(due)
    try:
        yield
    finally:
        _batch.reset(token)
        for using in due:
            changed(using=using)


def changed(**kwargs):
    """Signal receiver: something readers see has changed.

    The stamp moves at once, so this process never serves an old page, and again
    when the transaction commits: a page rendered by another worker in between
    read the rows as they were before the commit, under the first new stamp.
    Inside ``batched()`` it moves at the end of the block instead.
    """
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    if (due := _batch.get()) is not None:
        due.add(kwargs.get("using"))
        return
    bump()
    if transaction.get_connection(kwargs.get("using")).in_atomic_block:
        transaction.on_commit(bump, using=kwargs.get("using"))


def rows_written(sender, count, using, **kwargs):
    """Signal receiver: a queryset's ``bulk_create()`` or ``update()`` wrote rows."""
    if count:
        changed(using=using)


def connect():
    """Watch every change to what public pages show (called from ``AppConfig.ready``)."""
    # Bulk writes of the watched models: they send no post_save.
    signals.rows_written.connect(rows_written, dispatch_uid="newsroom-rows-written")
    for model in apps.get_models():
        concrete = model._meta.concrete_model._meta
        if (concrete.app_label, concrete.model_name) not in WATCHED:
            continue
        uid = f"newsroom-content-version-{model._meta.label_lower}"
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}-delete")
        # taggit sends these for tags.add(), remove() and clear() on the rows' model.
        m2m_changed.connect(changed, sender=model, dispatch_uid=f"{uid}-m2m")


class _Remembered:
    """What ``remember()`` holds: values of one content version, in this process."""

    version = None
    values = {}


def remember(key, compute):
    """``compute()``, computed once per content version in this process.

    For what lists are made of (the ordered ids of a section, the months of the
    archive): small, asked for on every render, and valid exactly as long as the
    content version. They live in the process, not in the page cache, so that a
    site (or a benchmark) without a page cache still reads each list once per
    change, and a new version frees them all. ``MAX_REMEMBERED`` bounds them
    between changes (a crawler walking every archive day).
    """
    version = content_version()
    if _Remembered.version != version or len(_Remembered.values) >= MAX_REMEMBERED:
        _Remembered.version, _Remembered.values = version, {}
    values = _Remembered.values
    if key not in values:
        values[key] = compute()
    return values[key]


# Part of every page's key: a change to what is stored for a page (below) must not
# read what an older release stored under the same stamp.
PAGE_FORMAT = 2
# What ``public_page`` sets on every answer itself, and what the server works out:
# every other header of a page is stored and sent again with it (its type,
# a sitemap's X-Robots-Tag).
_OWN_HEADERS = {
    "etag",
    "last-modified",
    "cache-control",
    "x-page-cache",
    "content-length",
}


def _stored_headers(response):
    return [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in _OWN_HEADERS
    ]


def _page_key(request, stamp):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"newsroom:page:{PAGE_FORMAT}:{stamp}:{digest}", digest[:12]


def _is_staff_visit(request):
    # Readers never get a session: only people who logged in to the admin carry one.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _storable(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and "cookie" not in response.get("Vary", "").lower()
    )


def _public_headers(response, etag, last_modified):
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = last_modified
    patch_cache_control(
        response,
        public=True,
        max_age=BROWSER_SECONDS,
        stale_while_revalidate=STALE_SECONDS,
    )
    return response


def public_page(view):
    """Serve ``view`` as a public page: validators, 304s and the page cache.

    Only 200 responses that set no cookie and no ``Cache-Control`` of their own are
    cached (a preview sends ``no-store``); errors and redirects pass through as they
    are. Someone signed in to the admin gets the page fresh, marked private.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or _is_staff_visit(request):
            response = view(request, *args, **kwargs)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        stamp = content_version()
        key, digest = _page_key(request, stamp)
        etag = f'W/"{stamp:x}-{digest}"'
        last_modified = formatdate(stamp // 1_000_000_000, usegmt=True)
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=stamp // 1_000_000_000
        )
        if not_modified is not None:
            return _public_headers(not_modified, etag, last_modified)

        pages = caches["default"]
        stored = pages.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Page-Cache"] = "hit"
            return _public_headers(response, etag, last_modified)

        token = _rendering_under.set(stamp)
        try:
            response = view(request, *args, **kwargs)
            if getattr(response, "is_rendered", True) is False:
                # A TemplateResponse (the search page, Django's sitemap views): stored
                # whole, and rendered under the same stamp as the view's reads.
                response.render()
        finally:
            _rendering_under.reset(token)
        if not _storable(response):
            return response
        pages.set(key, (response.content, _stored_headers(response)), PAGE_SECONDS)
        response.headers["X-Page-Cache"] = "miss"
        return _public_headers(response, etag, last_modified)

    return wrapper
