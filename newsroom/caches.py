"""A Redis cache that a Redis outage does not take the site down with.

Django's own Redis backend raises when Redis does not answer, and every page that
asks the cache answers 500. Here a Redis that cannot be reached is a cache that
holds nothing: reads miss, writes are dropped, and the site renders every page
(uncached) until Redis is back, when it caches again by itself. Errors other than
an unreachable server (a wrong command, a full memory) still raise.

django-redis does this (``DJANGO_REDIS_IGNORE_EXCEPTIONS``), but it replaces Django's
backend wholesale, its client, serializer and keys; this keeps Django's and wraps
its public methods.
"""

import functools
import logging
import time

from redis.exceptions import ConnectionError, TimeoutError

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("newsroom.caches")

UNREACHABLE = (ConnectionError, TimeoutError)
# One warning per interval per process, not one per request, while Redis is away.
WARN_EVERY_SECONDS = 10


class _Warned:
    at = None


def _warn(error):
    now = time.monotonic()
    if _Warned.at is None or now - _Warned.at >= WARN_EVERY_SECONDS:
        _Warned.at = now
        logger.warning("Redis does not answer (%s): serving without the cache.", error)


def _forgiving(name, fallback):
    method = getattr(RedisCache, name)

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            result = method(self, *args, **kwargs)
        except UNREACHABLE as error:
            _warn(error)
            return fallback(*args, **kwargs)
        _Warned.at = None
        return result

    return wrapper


def _default(key, default=None, *args, **kwargs):
    return default


class ForgivingRedisCache(RedisCache):
    """Django's ``RedisCache``, where an unreachable Redis holds nothing."""

    get = _forgiving("get", _default)
    get_many = _forgiving("get_many", lambda *args, **kwargs: {})
    has_key = _forgiving("has_key", lambda *args, **kwargs: False)
    add = _forgiving("add", lambda *args, **kwargs: False)
    set = _forgiving("set", lambda *args, **kwargs: None)
    set_many = _forgiving("set_many", lambda keys, *args, **kwargs: list(keys))
    touch = _forgiving("touch", lambda *args, **kwargs: False)
    delete = _forgiving("delete", lambda *args, **kwargs: False)
    delete_many = _forgiving("delete_many", lambda *args, **kwargs: None)
    clear = _forgiving("clear", lambda *args, **kwargs: False)
