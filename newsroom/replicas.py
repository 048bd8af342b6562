"""Read replicas: readers' pages read from a replica, everything else from the primary.

``DATABASE_REPLICA_URLS`` adds one database alias per replica (``replica_1``, …,
listed in ``NEWSROOM_READ_REPLICAS``), the router below and its middleware. The
middleware decides, once per request, where that request's reads go, and keeps the
choice in a context variable that the router reads (a replica is picked and its
connection checked on the request's first read, so a page the cache answers costs
no database at all):

- a safe request (GET, HEAD, OPTIONS) from a reader reads from a replica that
  answers, picked at random among them; the primary when none does;
- the admin, any other method, and the requests of someone who has just written
  (the pin cookie that a non-safe request leaves, for ``DATABASE_REPLICA_PIN_SECONDS``)
  read from the primary, so that an editor who saved reads her own writes;
- outside a request (commands, the scheduler, migrations) there is no choice, and
  everything goes to the primary.

Writes always go to the primary, and only the primary is migrated: the replicas
follow it by streaming.
"""

import contextlib
import logging
import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.urls import NoReverseMatch, reverse

logger = logging.getLogger("newsroom.replicas")

PIN_COOKIE = "newsroom_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ReplicaChoice:
    """A request's reads go to a replica: which one is decided on its first read."""

    alias = None

    def resolve(self):
        if self.alias is None:
            self.alias = answering_replica() or DEFAULT_DB_ALIAS
        return self.alias


# This request's ReplicaChoice; None when it reads from the primary, as everything
# outside a request does.
_reading_from = ContextVar("newsroom_reading_from", default=None)

# When each replica that failed to answer may be asked again, in this process: a
# replica that is down costs one refused connection per interval, not per request.
_down_until = {}


def replicas():
    return list(getattr(settings, "NEWSROOM_READ_REPLICAS", []))


def reading_from():
    """The alias reads go to now: a replica inside a reader's request, else the
    primary."""
    choice = _reading_from.get()
    return DEFAULT_DB_ALIAS if choice is None else choice.resolve()


@contextlib.contextmanager
def reading(choice):
    """Reads inside the block go where ``choice`` (a ``ReplicaChoice``, or None for
    the primary) says."""
    token = _reading_from.set(choice)
    try:
        yield
    finally:
        _reading_from.reset(token)


class ReplicaRouter:
    """Sends reads where the request's choice says, writes and migrations to the
    primary."""

    def db_for_read(self, model, **hints):
        return reading_from()

    def db_for_write(self, model, **hints):
        # An object read from a replica is saved to the primary, never back to
        # where it was read from.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replicas hold the primary's rows: an object read from either
        # relates to any other.
        pool = {DEFAULT_DB_ALIAS, *replicas()}
        if obj1._state.db in pool and obj2._state.db in pool:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def answering_replica():
    """A replica that answers now, or None: each is tried in random order, its
    connection checked (Django's health check, then a connection if there is
    none), and one that fails is left alone for ``DATABASE_REPLICA_RETRY_SECONDS``.
    """
    aliases = replicas()
    random.shuffle(aliases)
    now = time.monotonic()
    for alias in aliases:
        if _down_until.get(alias, 0) > now:
            continue
        connection = connections[alias]
        try:
            connection.close_if_health_check_failed()
            connection.ensure_connection()
        except DatabaseError as error:
            retry = settings.NEWSROOM_REPLICA_RETRY_SECONDS
            logger.warning(
                "Replica %s does not answer (%s); reading from the primary, "
                "trying it again in %s s.",
                alias,
                str(error).strip().splitlines()[0] if str(error).strip() else error,
                retry,
            )
            _down_until[alias] = now + retry
            connection.close()
            continue
        _down_until.pop(alias, None)
        return alias
    return None


def _admin_prefix():
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return None


def reads_from_primary(request):
    """Whether this request must read what the primary holds now."""
    if request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES:
        return True
    prefix = _admin_prefix()
    return prefix is not None and request.path.startswith(prefix)


class ReadReplicaMiddleware:
    """Chooses where each request reads from, and pins a writer to the primary."""

    def __init__(self, get_response):
        if not replicas():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        with reading(None if reads_from_primary(request) else ReplicaChoice()):
            response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            # What this request wrote may not have reached the replicas yet: its
            # author's next requests read from the primary for a while.
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.NEWSROOM_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
