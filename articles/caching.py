"""The public site's caching: pages that know what they show, retired precisely.

Each public page (and each answer of the content API) records the *keys* of what
it shows while it renders: ``story-123`` for every story whose words or card it
shows, ``section-4``, ``tag-9`` and ``author-7`` for those lists, ``home``,
``list-all`` (lists across every story: latest, the archive, the corrections, the
indexes), ``search``, ``sitemaps``, ``sections`` (the navigation), ``authors``,
``tags`` and ``sources`` (lists of their names), and ``all``. Every key has a
*version* in the ``versions`` cache (shared by every worker: a file beside the
database, or Redis). A change moves the versions of exactly the keys it touches
(``retire()``): when readers could see a story before or after the change, its
own key and the lists it is in or leaves (its section and the section's parent,
its tags and authors, the home page, ``list-all``, search and the sitemaps), so
that a newly published story retires its section's list though the list never
showed it. A change readers could see on neither side (a draft written, or
replaced by an import) retires nothing, since no public page shows it. An
unrelated story's page stays cached.

A cached page is kept with the versions of its keys. Asked for again, the page
and the versions of its keys are read (two reads of the shared caches, no
database), and the page is served, or answered with 304, when none has moved:
its ``ETag`` and ``Last-Modified`` come from those versions. Versions come from
one shared sequence; a page is kept only when none of its keys moved past the
sequence read before it began, so that a page rendered from rows a change was
replacing is never kept. Changes are collected per transaction and their keys
retired after it commits, then purged from the caching proxies (``proxies``).

Lists remembered in each process (``remember()``) go by the versions of their own
keys, read once per request. Neither a page nor a list read from a read replica
is kept while one of its keys moved moments ago (``_maybe_behind()``). When the
shared caches cannot be reached (Redis down), pages are rendered and served
uncached, with one warning in the log. A site without a page cache (the
``default`` cache a dummy one) costs a page none of this: its lists are remembered
by their versions as ever, and nothing else is read.
"""

import functools
import hashlib
import logging
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from email.utils import formatdate

import redis

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

from . import proxies, signals

log = logging.getLogger(__name__)

# Browsers and shared caches may keep a page this long, then serve it once more while
# they fetch it again. The page cache itself keeps pages until a key moves.
BROWSER_SECONDS = 60
STALE_SECONDS = 60
# An upper bound for pages that only time changes: a story whose embargo, edited
# after publication, lifts without any save shows within this.
PAGE_SECONDS = 300
# After the shared caches failed, pages go uncached this long before they are
# tried again, so that an outage costs no request a connection attempt.
RETRY_SECONDS = 5

# Lists remembered in each process, at most (see remember()).
MAX_REMEMBERED = 2000

# The key on every page: retiring it retires everything (``bump()``).
EVERYTHING = "all"
# The keys a story that readers see (before or after a change) makes lists of.
LISTS_OF_EVERY_STORY = ("home", "list-all", "search", "sitemaps")

SEQUENCE = "newsroom:keys:sequence"
# Part of every page's key: a change to what is stored for a page (below) must not
# read what an older release stored.
PAGE_FORMAT = 3

# Errors of the shared caches that mean "not reachable": Redis down, a file that
# cannot be written.
UNREACHABLE = (redis.exceptions.RedisError, OSError)


def story_key(pk):
    return f"story-{pk}"


def _version_key(key):
    return f"newsroom:key:{key}"


# ---- The shared caches, and what happens when they are down ----


class _Outage:
    """Whether the shared caches failed lately, and whether that was logged."""

    until = 0.0
    logged = False


def _shared(call, fallback=None):
    """``call()`` on the shared caches, or ``fallback`` when they cannot be reached.

    The first failure is logged as a warning, and the caches are left alone for
    ``RETRY_SECONDS``; the first success after that is logged too.
    """
    if time.monotonic() < _Outage.until:
        return fallback
    try:
        result = call()
    except UNREACHABLE as error:
        _Outage.until = time.monotonic() + RETRY_SECONDS
        if not _Outage.logged:
            _Outage.logged = True
            log.warning(
                "The page cache cannot reach its shared cache (%s): pages are "
                "served uncached until it answers again.",
                error,
            )
        return fallback
    if _Outage.logged:
        _Outage.logged = False
        log.warning("The page cache reaches its shared cache again.")
    return result


class _HeldCaches(threading.local):
    """This thread's cache instances, by alias, as ``caches[alias]`` gives them.

    ``caches[alias]`` looks its instance up in a context-aware local on every call,
    which cost every page two of its reads of the shared caches; the instance
    itself is the same one every time. Dropped when ``CACHES`` changes (tests),
    as Django drops its own.
    """

    generation = -1
    by_alias = None


_held_caches = _HeldCaches()
_cache_settings_generation = 0
# ``_cache()``'s alias for the versions' cache, whichever alias holds it.
_VERSIONS = object()


def _cache(alias):
    """``caches[alias]`` for this thread (``_VERSIONS``: the versions' cache)."""
    held = _held_caches
    if held.generation != _cache_settings_generation:
        held.by_alias, held.generation = {}, _cache_settings_generation
    cache = held.by_alias.get(alias)
    if cache is None:
        name = alias
        if alias is _VERSIONS:
            name = "versions" if "versions" in settings.CACHES else "default"
        cache = held.by_alias[alias] = caches[name]
    return cache


def _caches_setting_changed(setting, **kwargs):
    global _cache_settings_generation
    if setting == "CACHES":
        _cache_settings_generation += 1


setting_changed.connect(_caches_setting_changed, dispatch_uid="newsroom-held-caches")


def _versions():
    return _cache(_VERSIONS)


def _sequence():
    versions = _versions()
    try:
        return versions.incr(SEQUENCE)
    except ValueError:
        # A fresh or emptied cache: the sequence starts (again) above any version
        # still stored, since no version outlives the sequence that gave it.
        versions.add(SEQUENCE, 0, timeout=None)
        return versions.incr(SEQUENCE)


class _Owed:
    """Keys this process could not retire while the shared caches were down."""

    keys = set()


def retire(keys):
    """Move the versions of ``keys``: every page that shows one is retired.

    Returns False when the shared caches could not be reached; the keys are then
    retired with the next ones this process retires, or before the next page it
    serves, so that pages kept before the outage are not served after it.
    """
    keys = set(keys) | _Owed.keys
    if not keys:
        return True

    def move():
        version = (_sequence(), time.time_ns())
        _versions().set_many({_version_key(key): version for key in keys}, timeout=None)
        return True

    done = _shared(move, fallback=False)
    _Owed.keys = set() if done else keys
    return done


def bump():
    """Retire every cached page (for writes no signal announces)."""
    retire({EVERYTHING})


def _read_moved(keys):
    """The versions of those of ``keys`` that have one, as ``{key: (sequence, ns)}``."""
    names = {_version_key(key): key for key in keys}
    return {
        names[name]: version for name, version in _versions().get_many(names).items()
    }


def _read_versions(keys, sequence):
    """The versions of ``keys`` as ``{key: (sequence, ns)}``; a key never moved
    (or forgotten by the cache) is given the current ``sequence``, so that no
    page kept before can match it."""
    versions = _versions()
    names = {_version_key(key): key for key in keys}
    found = versions.get_many(names)
    raced = []
    for name in names.keys() - found.keys():
        version = (sequence, time.time_ns())
        if versions.add(name, version, timeout=None):
            found[name] = version
        else:
            raced.append(name)  # another process gave it a version first
    if raced:
        found.update(versions.get_many(raced))
    return {names[name]: version for name, version in found.items()}


# ---- What a page shows, while it renders ----


# A page's sequence that is read when a list first asks for versions (``_Page``).
_WHEN_ASKED = object()


class _Page:
    """The keys a page shows and the versions read for it, once each.

    A page that may be kept reads the ``sequence`` before it renders; one that is
    not kept (no page cache) reads it only if a list asks for the versions of a key
    that has none yet.
    """

    def __init__(self, sequence=_WHEN_ASKED):
        self._sequence = sequence
        self.keys = {EVERYTHING}
        self.versions = {}
        self.reachable = sequence is not None

    @property
    def sequence(self):
        if self._sequence is _WHEN_ASKED:
            self._sequence = _shared(lambda: _versions().get(SEQUENCE, 0))
            self.reachable = self._sequence is not None
        return self._sequence

    def versions_of(self, keys):
        """The versions of ``keys``, each read from the shared cache once per page."""
        if not self.reachable:
            return None
        unread = [key for key in keys if key not in self.versions]
        if unread and self._sequence is _WHEN_ASKED:
            # A page that is not kept needs the sequence only to give a key never
            # moved its first version: the keys that have one are read without it
            # (on a site without a page cache, a read of the shared cache fewer on
            # every page).
            found = _shared(lambda: _read_moved(unread))
            if found is None:
                self.reachable = False
                return None
            self.versions.update(found)
            unread = [key for key in unread if key not in found]
        if unread:
            sequence = self.sequence
            if sequence is None:
                return None
            read = _shared(lambda: _read_versions(unread, sequence))
            if read is None:
                self.reachable = False
                return None
            self.versions.update(read)
        return tuple(self.versions[key] for key in keys)


_rendering = ContextVar("newsroom_rendering", default=None)


def shows(*keys):
    """Record that the page being rendered shows ``keys`` (no-op outside a page)."""
    page = _rendering.get()
    if page is not None:
        page.keys.update(keys)


def shows_stories(stories):
    """Record that the page being rendered shows ``stories`` (or their ids)."""
    shows(*(story_key(getattr(story, "pk", story)) for story in stories))


class _Remembered:
    """What ``remember()`` holds in this process: ``{name: (versions, value)}``."""

    values = {}


def _maybe_behind(versions):
    """Whether what was just read may predate a change that moved ``versions``.

    True when the reads went to a read replica (``newsroom.replicas``) and one of
    ``versions`` moved within the time a replica is given to catch up with the
    primary (the read-your-writes pin's): the replica may not have replayed that
    change yet, and what it gave must not be kept under versions that say it has.
    """
    lag = settings.NEWSROOM_REPLICA_PIN_SECONDS * 1_000_000_000
    now = time.time_ns()
    if not any(now - moved < lag for _sequence, moved in versions):
        return False
    # Asked only now: the router picks (and checks) a replica on a request's
    # first read, and most pages never get here.
    article = apps.get_model("articles", "Article")
    return router.db_for_read(article) != DEFAULT_DB_ALIAS


def remember(name, compute, keys=(EVERYTHING,)):
    """``compute()``, computed again only when a version of ``keys`` moved.

    For what lists are made of (the ordered ids of a section, the archive's
    months, the sections): small, asked for on every render, and valid exactly as
    long as the keys they depend on. They live in the process, not in the page
    cache, so that a site (or a benchmark) without a page cache still reads each
    list once per change. The page being rendered shows ``keys`` too, and their
    versions are read before ``compute()`` reads the rows. ``MAX_REMEMBERED``
    bounds them (a crawler walking every archive day).
    """
    keys = tuple(sorted(keys))
    page = _rendering.get()
    if page is not None:
        page.keys.update(keys)
        versions = page.versions_of(keys)
    else:
        # Outside a page (the admin, the copy desk, a command): after this thread's
        # own changes, committed or not.
        _settle_all()
        sequence = _shared(lambda: _versions().get(SEQUENCE, 0))
        versions = _shared(lambda: _read_versions(keys, sequence))
        versions = tuple(versions[key] for key in keys) if versions else None
    if versions is None:
        return compute()
    values = _Remembered.values
    held = values.get(name)
    if held is not None and held[0] == versions:
        return held[1]
    value = compute()
    if _maybe_behind(versions):
        return value
    if len(values) >= MAX_REMEMBERED:
        values.clear()
    values[name] = (versions, value)
    return value


def forget():
    """Drop what this process remembers and the changes it has not retired yet."""
    _Remembered.values = {}
    _pending.__dict__.clear()
    _Outage.until, _Outage.logged = 0.0, False
    _Owed.keys = set()


# ---- Changes: which keys a write retires ----


def _keys_of_stories(ids, using, saved=None):
    """The keys that the stories ``ids`` make pages of, as the database has them.

    Only a story readers may see (``published()``) makes pages: its own, its
    section's list (and the parent's), its tags' and authors' lists, and the
    site-wide lists. A story they may not see (a draft, one scheduled or under
    embargo, one spiked) has no key: no public page or API answer shows it (a
    preview is sent ``no-store``), so a change that leaves it unseen, before and
    after, retires nothing; one that shows or hides it finds its keys on the side
    where it is seen. This is the one place that rule is made.

    ``saved`` maps a story's id to the instance last saved whole for it, when
    nothing wrote its row since: what that instance holds is what the database has,
    so one readers may not see is known to have no key without asking (a draft
    written or imported: most writes). One they may see is read as the others,
    for its tags and authors.
    """
    from .models import Article, Byline

    saved = saved or {}
    now = timezone.now()
    ids = {
        pk
        for pk in ids
        if pk is not None and (pk not in saved or saved[pk].is_public_at(now))
    }
    if not ids:
        return set()
    public = list(
        Article.objects.using(using)
        .published()
        .filter(pk__in=ids)
        .values_list("pk", "section_id", "section__parent_id")
    )
    if not public:
        return set()
    public_ids = [pk for pk, _, _ in public]
    keys = {story_key(pk) for pk in public_ids}
    keys.update(LISTS_OF_EVERY_STORY)
    for _, section, parent in public:
        keys.update(f"section-{pk}" for pk in (section, parent) if pk is not None)
    tagged = Article.tags.through.objects.using(using).filter(
        content_type__app_label="articles",
        content_type__model="article",
        object_id__in=public_ids,
    )
    keys.update(f"tag-{pk}" for pk in tagged.values_list("tag_id", flat=True))
    bylined = Byline.objects.using(using).filter(article_id__in=public_ids)
    keys.update(f"author-{pk}" for pk in bylined.values_list("author_id", flat=True))
    return keys


class _Pending(threading.local):
    """Per thread and database: the changes of the transaction under way."""

    def state(self, using):
        states = self.__dict__.setdefault("by_alias", {})
        return states.setdefault(using, {"seen": set(), "fresh": set(), "all": set()})

    def states(self):
        return self.__dict__.get("by_alias", {})


_pending = _Pending()


# Inside ``batched()``: per database, the stories and keys whose lists are read at
# its end.
_batch = ContextVar("newsroom_page_cache_batch", default=None)


@contextmanager
def batched():
    """Read the lists of the stories changed in this block once, at its end.

    A story written row by row announces a change for the story, each part, each
    byline and each correction, and each would read the story's lists again (up to
    four queries). What a story was in before its first change is still read at
    once (it is gone once the row changes); what it is in after is read once for
    the whole block, and the keys are retired on commit as usual. Nothing reads
    pages inside the block, and the lists are read even when the block raises.
    """
    if _batch.get() is not None:
        yield
        return
    due = {}
    token = _batch.set(due)
    try:
        yield
    finally:
        _batch.reset(token)
        for using, (after, keys, saved) in due.items():
            changed(using=using, after=after, keys=keys, saved=saved)


def changed(*, using, before=(), after=(), keys=(), saved=None, rewritten=()):
    """Note a change: the stories ``before`` are about to change, the lists of the
    stories ``after`` may have changed, and ``keys`` changed as they are.

    ``saved`` maps stories to the instances just saved whole for them (whose
    fields are then what the database has: ``_keys_of_stories``); ``rewritten``
    names stories whose row was written otherwise (a queryset update, a save of
    some fields), whose instance saved before may no longer be what is on file.

    The keys of a story are read from the database, before its first change in a
    transaction and after each change that can move it between lists (its own
    row, a byline, a tag); its other rows (parts, citations, corrections) change
    what its pages show, not which lists it is in. After the commit every key is
    retired and purged from the proxies. A page this process renders before the
    commit (a test, a view that writes and then reads) retires them first, and so
    never shows what was there before.
    """
    if (due := _batch.get()) is not None and (after or keys or rewritten):
        later_after, later_keys, later_saved = due.setdefault(using, (set(), set(), {}))
        later_after.update(pk for pk in after if pk is not None)
        later_keys.update(keys)
        for pk in rewritten:
            later_saved.pop(pk, None)
        later_saved.update(saved or {})
        after, keys, saved = (), (), None
    state = _pending.state(using)
    found = set(keys)
    first_seen = {pk for pk in before if pk is not None} - state["seen"]
    if first_seen:
        state["seen"] |= first_seen
        found |= _keys_of_stories(first_seen, using)
    after = {pk for pk in after if pk is not None}
    if after:
        # What they are now is also what they were before any later change.
        state["seen"] |= after
        found |= _keys_of_stories(after, using, saved)
    state["fresh"] |= found
    state["all"] |= found
    transaction.on_commit(functools.partial(_committed, using), using=using)


def _settle(using, state):
    if state["fresh"]:
        retire(state["fresh"])
        state["fresh"].clear()
    # Pages may be rendered and kept from here on: a later change reads the
    # stories' lists afresh.
    state["seen"].clear()


def _committed(using):
    state = _pending.states().pop(using, None)
    if state and state["all"]:
        # Every key, those retired before the commit too: a page another worker
        # rendered in between read the rows as they were, under those versions.
        retire(state["all"])
        proxies.purge(state["all"])


def _settle_all():
    for using, state in list(_pending.states().items()):
        _settle(using, state)


def _article_id(instance):
    return getattr(instance, "article_id", None)


def _story_saving(sender, instance, using, **kwargs):
    if instance.pk is not None:
        changed(using=using, before=[instance.pk])


def _story_saved(sender, instance, using, update_fields=None, **kwargs):
    # Saved whole, the instance is what the database has; saved in part, it may
    # not be, nor may another instance saved whole before.
    if update_fields is None:
        changed(using=using, after=[instance.pk], saved={instance.pk: instance})
    else:
        changed(using=using, after=[instance.pk], rewritten=[instance.pk])


def _row_saving(sender, instance, using, **kwargs):
    changed(using=using, before=[_article_id(instance)])


def _row_saved(sender, instance, using, **kwargs):
    story = _article_id(instance)
    # A byline moves a story into or out of its author's list.
    moves = sender._meta.concrete_model._meta.model_name == "byline"
    if moves:
        changed(using=using, after=[story])
    else:
        changed(using=using, before=[story])


def _tagged_story(instance):
    content_type = instance.content_type
    if (content_type.app_label, content_type.model) == ("articles", "article"):
        return instance.object_id
    return None


def _tagging(sender, instance, using, **kwargs):
    changed(using=using, before=[_tagged_story(instance)])


def _tagged(sender, instance, using, **kwargs):
    changed(using=using, after=[_tagged_story(instance)])


def _tags_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    from .models import Article

    if not isinstance(instance, Article):
        if action.startswith("post_"):
            changed(using=using, keys={EVERYTHING})
        return
    if action.startswith("pre_"):
        changed(using=using, before=[instance.pk])
    else:
        changed(using=using, after=[instance.pk])


def _stories_showing(model, instance, using):
    """The ids of the stories whose pages show ``instance`` (a section, an author...)."""
    from .models import Article, BodyPart, Byline, Citation

    name = model._meta.model_name
    if name == "author":
        rows = Byline.objects.using(using).filter(author_id=instance.pk)
        return set(rows.values_list("article_id", flat=True))
    if name == "source":
        cited = Citation.objects.using(using).filter(source_id=instance.pk)
        quoted = BodyPart.objects.using(using).filter(quote_source_id=instance.pk)
        return set(cited.values_list("article_id", flat=True)) | set(
            quoted.values_list("article_id", flat=True)
        )
    if name == "calloutkind":
        parts = BodyPart.objects.using(using).filter(callout_kind_id=instance.pk)
        return set(parts.values_list("article_id", flat=True))
    if name == "tag":
        tagged = Article.tags.through.objects.using(using).filter(
            tag_id=instance.pk,
            content_type__app_label="articles",
            content_type__model="article",
        )
        return set(tagged.values_list("object_id", flat=True))
    return set()


# The keys of the lists that show a row of these models by name, besides the pages
# of the stories that show it.
_NAMED_IN = {
    "section": lambda pk: {"sections", f"section-{pk}", "sitemaps"},
    "author": lambda pk: {"authors", f"author-{pk}", "sitemaps", "search"},
    "tag": lambda pk: {"tags", f"tag-{pk}", "sitemaps", "list-all", "search"},
    "source": lambda pk: {"sources"},
    "calloutkind": lambda pk: set(),
}


def _shown_saved(sender, instance, using, **kwargs):
    model = sender._meta.concrete_model
    keys = _NAMED_IN[model._meta.model_name](instance.pk)
    keys |= {story_key(pk) for pk in _stories_showing(model, instance, using)}
    changed(using=using, keys=keys)


def _rows_to_write(sender, stories, using, **kwargs):
    changed(using=using, before=stories)


def _rows_written(sender, count, stories, using, **kwargs):
    if not count:
        return
    if stories:
        # Stories' own rows written in bulk: no instance saved before holds them.
        own = sender._meta.concrete_model._meta.model_name == "article"
        changed(using=using, after=stories, rewritten=stories if own else ())
    else:
        changed(using=using, keys={EVERYTHING})


# The rows that belong to one story, by ``article_id``; proxies of them are watched too.
_STORY_ROWS = {"bodypart", "byline", "citation", "correction"}
# The rows whose names many stories show.
_SHOWN = set(_NAMED_IN)


def connect():
    """Watch every change to what public pages show (called from ``AppConfig.ready``)."""
    from .models import Article, BodyPart

    # Bulk writes: they send no post_save. Their stories are read before and after.
    every_field = lambda model: [f.name for f in model._meta.concrete_fields]  # noqa: E731
    signals.watch(Article, every_field(Article))
    signals.watch(BodyPart, every_field(BodyPart))
    signals.rows_to_write.connect(_rows_to_write, dispatch_uid="page-cache-to-write")
    signals.rows_written.connect(_rows_written, dispatch_uid="page-cache-written")
    for model in apps.get_models():
        concrete = model._meta.concrete_model._meta
        uid = f"page-cache-{model._meta.label_lower}"
        if concrete.label_lower == "articles.article":
            pre_save.connect(_story_saving, sender=model, dispatch_uid=f"{uid}-pre")
            pre_delete.connect(_story_saving, sender=model, dispatch_uid=f"{uid}-pd")
            post_save.connect(_story_saved, sender=model, dispatch_uid=f"{uid}-save")
        elif concrete.app_label == "articles" and concrete.model_name in _STORY_ROWS:
            pre_save.connect(_row_saving, sender=model, dispatch_uid=f"{uid}-pre")
            pre_delete.connect(_row_saving, sender=model, dispatch_uid=f"{uid}-pd")
            post_save.connect(_row_saved, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(_row_saved, sender=model, dispatch_uid=f"{uid}-del")
        elif concrete.app_label in ("articles", "taggit") and (
            concrete.model_name in _SHOWN
        ):
            post_save.connect(_shown_saved, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(_shown_saved, sender=model, dispatch_uid=f"{uid}-del")
        elif concrete.label_lower == "taggit.taggeditem":
            pre_save.connect(_tagging, sender=model, dispatch_uid=f"{uid}-pre")
            pre_delete.connect(_tagging, sender=model, dispatch_uid=f"{uid}-pd")
            post_save.connect(_tagged, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(_tagged, sender=model, dispatch_uid=f"{uid}-del")
            # taggit sends these for tags.add(), remove() and clear().
            m2m_changed.connect(_tags_changed, sender=model, dispatch_uid=f"{uid}-m2m")


# ---- Serving pages ----

# What ``public_page`` sets on every answer itself, and what the server works out:
# every other header of a page is stored and sent again with it (its type,
# a sitemap's X-Robots-Tag).
_OWN_HEADERS = {
    "etag",
    "last-modified",
    "cache-control",
    "x-page-cache",
    "content-length",
    "xkey",
}


def _stored_headers(response):
    return [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in _OWN_HEADERS
    ]


def _page_key(request):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"newsroom:page:{PAGE_FORMAT}:{digest}", digest


def _validators(digest, keys, versions):
    stamp = hashlib.blake2b(
        repr((digest, keys, versions)).encode(), digest_size=12
    ).hexdigest()
    seconds = max(ns for _, ns in versions) // 1_000_000_000
    return f'W/"{stamp}"', seconds


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


def _public_headers(response, keys, etag=None, seconds=None):
    if etag is not None:
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = formatdate(seconds, usegmt=True)
    # The keys for a proxy in front (Varnish's xkey), which strips them.
    response.headers["xkey"] = " ".join(sorted(keys))
    if response.has_header("Cache-Control"):
        patch_cache_control(response, **_PUBLIC_CACHE_CONTROL)
    else:
        response.headers["Cache-Control"] = _public_cache_control()
    return response


_PUBLIC_CACHE_CONTROL = {
    "public": True,
    "max_age": BROWSER_SECONDS,
    "stale_while_revalidate": STALE_SECONDS,
}


@functools.cache
def _public_cache_control():
    """The ``Cache-Control`` of a public page that had none, as
    ``patch_cache_control()`` writes it: worked out once, not on every page,
    where it cost as much as the rest of the page's headers."""
    response = HttpResponse()
    patch_cache_control(response, **_PUBLIC_CACHE_CONTROL)
    return response.headers["Cache-Control"]


def _served(request, stored, digest):
    """The stored page as an answer (or a 304), or None when a key of it moved."""
    keys, versions, content, headers = stored
    names = [_version_key(key) for key in keys]
    current = _shared(lambda: _versions().get_many(names), fallback={})
    if tuple(current.get(name) for name in names) != versions:
        return None
    etag, seconds = _validators(digest, keys, versions)
    not_modified = get_conditional_response(request, etag=etag, last_modified=seconds)
    if not_modified is not None:
        return _public_headers(not_modified, keys, etag, seconds)
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    response.headers["X-Page-Cache"] = "hit"
    return _public_headers(response, keys, etag, seconds)


def _render(page, view, request, args, kwargs):
    """``view``'s answer, rendered while ``page`` records what it shows."""
    token = _rendering.set(page)
    try:
        response = view(request, *args, **kwargs)
        if getattr(response, "is_rendered", True) is False:
            # A TemplateResponse (the search page, Django's sitemap views):
            # rendered here, while its reads are still recorded.
            response.render()
    finally:
        _rendering.reset(token)
    return response


def public_page(view=None, *, keys=()):
    """Serve ``view`` as a public page: validators, 304s and the page cache.

    ``keys`` are keys the page shows besides those its reads record. Only 200
    responses that set no cookie and no ``Cache-Control`` of their own are
    cached (a preview sends ``no-store``); errors and redirects pass through as
    they are. Someone signed in to the admin gets the page fresh, marked private.
    """
    if view is None:
        return functools.partial(public_page, keys=keys)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or _is_staff_visit(request):
            response = view(request, *args, **kwargs)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        # Changes this thread made and has not committed yet, and keys owed since
        # an outage: retired first.
        _settle_all()
        if _Owed.keys:
            retire(())
        pages = _cache("default")
        if isinstance(pages, DummyCache):
            # No page cache (a site run without one, the benchmark of rendering):
            # nothing is kept, so nothing is looked up, and the versions of what
            # the page shows are not read to validate it (a read of the shared
            # cache per story on a list). Its lists still go by their versions
            # (``remember()``), and a proxy in front still gets the page's keys.
            page = _Page()
            page.keys.update(keys)
            response = _render(page, view, request, args, kwargs)
            if not _storable(response):
                return response
            return _public_headers(response, tuple(sorted(page.keys)))
        page_key, digest = _page_key(request)
        stored = _shared(lambda: pages.get(page_key))
        if stored is not None:
            response = _served(request, stored, digest)
            if response is not None:
                return response
        page = _Page(_shared(lambda: _versions().get(SEQUENCE, 0)))
        page.keys.update(keys)
        response = _render(page, view, request, args, kwargs)
        if not _storable(response):
            return response
        shown = tuple(sorted(page.keys))
        versions = page.versions_of(shown)
        if versions is None:
            # The shared caches are down: the page is sent as rendered, not kept.
            response.headers["X-Page-Cache"] = "off"
            return _public_headers(response, shown)
        if any(seq > page.sequence for seq, _ in versions) or _maybe_behind(versions):
            # A key moved while the page rendered, or moments before on a replica
            # that may not have replayed it: the page may show rows a change was
            # replacing. Sent, and kept by no one.
            response.headers["X-Page-Cache"] = "off"
            patch_cache_control(response, no_cache=True)
            return response
        stored = (
            shown,
            versions,
            response.content,
            _stored_headers(response),
        )
        _shared(lambda: pages.set(page_key, stored, PAGE_SECONDS))
        etag, seconds = _validators(digest, shown, versions)
        response.headers["X-Page-Cache"] = "miss"
        response = _public_headers(response, shown, etag, seconds)
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=seconds
        )
        return (
            response
            if not_modified is None
            else _public_headers(not_modified, shown, etag, seconds)
        )

    return wrapper
