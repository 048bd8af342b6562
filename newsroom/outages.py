"""Readers meet an outage with a short 503 page, not a 500 and a traceback each.

While the database cannot be reached (stopped, restarting, or not answering
within its connect timeout) a request that needs it is answered 503 with
``Retry-After``; so is a request for an image while the media storage cannot be
reached. Nothing is retried here: the next request connects again (the health
checked connections of ``settings.DATABASES``), so the site recovers by itself.

The log gets one warning when a process first meets the outage and one when it
is over, with how many requests were answered 503 meanwhile, rather than a
traceback, or Django's line for a 5xx answer, for every request. Any other
database error is still a 500, logged as Django logs it: a 503 here says "wait",
which is only true of an outage.
"""

import logging

import psycopg

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections

from articles.storage import STORAGE_UNREACHABLE
from articles.views.errors import service_unavailable

from .logs import mark_answered

log = logging.getLogger(__name__)

# What a reader's browser, a crawler or a proxy is asked to wait before trying again.
RETRY_AFTER_SECONDS = 10

# SQLSTATEs PostgreSQL sends as it goes away or before it is ready: a shutdown
# that ends the session (57P01, 57P02), a server starting or stopping (57P03).
# Class 08 is every connection exception. A client-side failure to connect, or
# a connection found closed, has no SQLSTATE at all.
_GOING_AWAY = {"57P01", "57P02", "57P03"}


def database_unreachable(error):
    """Whether ``error`` (raised by Django's database layer) says the server is
    not there, rather than that a query failed."""
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    cause = error.__cause__
    if not isinstance(cause, (psycopg.OperationalError, psycopg.InterfaceError)):
        return False
    state = cause.sqlstate
    return state is None or state.startswith("08") or state in _GOING_AWAY


class _Outage:
    """Per process: what cannot be reached, and how many requests met it."""

    def __init__(self, name):
        self.name = name
        self.answered = 0

    def met(self, error):
        if not self.answered:
            log.warning(
                "The %s cannot be reached (%s: %s): requests that need it are "
                "answered 503 until it answers again.",
                self.name,
                type(error).__name__,
                str(error).strip().splitlines()[0] if str(error).strip() else "",
            )
        self.answered += 1

    def over(self):
        if self.answered:
            log.warning(
                "The %s answers again; %d requests were answered 503 meanwhile.",
                self.name,
                self.answered,
            )
            self.answered = 0


def _media_prefix():
    return f"/{settings.MEDIA_URL.lstrip('/')}"


DATABASE = _Outage("database")
STORAGE = _Outage("media storage")


class OutageMiddleware:
    """A 503 with ``Retry-After`` for a request that met an outage (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code >= 500:
            return response
        # Over once a request got through to it: a page from the page cache, which
        # asks neither, says nothing about them.
        if DATABASE.answered and any(
            connection.connection is not None
            for connection in connections.all(initialized_only=True)
        ):
            DATABASE.over()
        if STORAGE.answered and request.path.startswith(_media_prefix()):
            STORAGE.over()
        return response

    def process_exception(self, request, exception):
        if database_unreachable(exception):
            DATABASE.met(exception)
            mark_answered(request)
            return service_unavailable(request, retry_after=RETRY_AFTER_SECONDS)
        if isinstance(exception, STORAGE_UNREACHABLE):
            STORAGE.met(exception)
            mark_answered(request)
            return service_unavailable(
                request, retry_after=RETRY_AFTER_SECONDS, images=True
            )
        return None
