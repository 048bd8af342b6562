"""The project's settings for benchmarks: a key of their own, and the page cache off
when ``BENCH_PAGE_CACHE=off``.

A benchmark serves with DEBUG off, as production does, and the site refuses to start
without a key; so, like the test settings, these bring one when none is set: the
local kind, made once in the run's var/ folder and shared by every process of the run.

No benchmark runs collectstatic first, so static files are served under their plain
names from the source folders, as ``NEWSROOM_STATIC_MANIFEST=off`` does for the
sites the benchmarks start themselves; a site started by another script on these
settings (the side by side with Wagtail, say) needs nothing more.

The benchmark measures each page as it is rendered (the cost of a page the cache
does not hold, or has just retired) and, apart, the article page as the site serves
it by default. Rendered pages live in the ``default`` cache, which becomes a dummy
cache that never holds anything; the other aliases (the content version that every
worker shares) stay as they are, since the site needs them to answer at all.
"""

import os
import warnings

from newsroom.secret_key import local_secret_key
from newsroom.settings import *  # noqa: F403
from newsroom.settings import CACHES, SECRET_KEY, STORAGES, VAR_DIR

SECRET_KEY = SECRET_KEY or local_secret_key(VAR_DIR)

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", "No directory at", UserWarning)

if os.environ.get("BENCH_PAGE_CACHE") == "off":
    CACHES = {
        **CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
