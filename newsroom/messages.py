"""The messages framework's storage: Django's own, made only for a request that uses it.

Django's ``FallbackStorage`` (a signed cookie, then the session) is made by
``MessageMiddleware`` for every request, and making it makes a cookie signer:
three quarters of the middleware's work, on every public page, none of which
shows a message or reads one. ``MessageStorage`` is a storage of its own, as the
framework's documentation describes one (``_get()`` and ``_store()``), whose two
methods are the ``FallbackStorage``'s, made the first time a message is read or
stored. A request that neither adds nor shows one never makes it; one that does
reads and writes the same cookie and session as Django's.
"""

from functools import cached_property

from django.contrib.messages.storage.base import BaseStorage
from django.contrib.messages.storage.fallback import FallbackStorage


class MessageStorage(BaseStorage):
    """``FallbackStorage``, made when first asked for the messages or to store them."""

    @cached_property
    def _fallback(self):
        return FallbackStorage(self.request)

    def _get(self, *args, **kwargs):
        return self._fallback._get(*args, **kwargs)

    def _store(self, messages, response, *args, **kwargs):
        return self._fallback._store(messages, response, *args, **kwargs)
