"""The project's settings, with the page cache off when ``BENCH_PAGE_CACHE=off``.

The benchmark measures each page as it is rendered (the cost of a page the cache
does not hold, or has just retired) and, apart, the article page as the site serves
it by default. Rendered pages live in the ``default`` cache, which becomes a dummy
cache that never holds anything; the other aliases (the content version that every
worker shares) stay as they are, since the site needs them to answer at all.
"""

import os

from newsroom.settings import *  # noqa: F403
from newsroom.settings import CACHES

if os.environ.get("BENCH_PAGE_CACHE") == "off":
    CACHES = {
        **CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
