"""Full-text search of the published stories, on PostgreSQL and on SQLite.

``parse()`` reads what a reader typed; ``search()`` gives the matching published
stories, best first, for a ``Paginator``. ``index`` keeps the documents in step with
the stories (see ``receivers``); ``backends`` holds what differs between databases.
"""

from functools import cached_property

from django.db import router

from ..models import Article
from .backends import index_for
from .query import Query, parse

__all__ = ["Query", "RANK_WINDOW", "Results", "parse", "search"]

# The most stories one search weighs: the newest that match (see ``backends``).
RANK_WINDOW = 200


class Results:
    """The published stories matching ``query``, best first: what a ``Paginator``
    needs (``count()`` and slices), each story with ``search_snippet``.

    At most ``window`` stories, the newest that match, are counted and ranked (see
    ``backends``); ``capped`` says whether more match.
    """

    def __init__(self, query, *, using=None, window=RANK_WINDOW):
        self.query = query
        self.window = window
        # By default where the router reads stories from: a read replica, in a
        # reader's request (newsroom/replicas.py).
        self.index = index_for(using or router.db_for_read(Article))

    @cached_property
    def _newest(self):
        """The ids of the newest matching stories, read once for the count and the
        page: one more than the window, to know whether there are more."""
        return self.index.newest(self.query, self.window + 1) if self.query else []

    @property
    def capped(self):
        return len(self._newest) > self.window

    def count(self):
        return min(len(self._newest), self.window)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("Search results are read a page at a time.")
        start = key.start or 0
        stop = self.count() if key.stop is None else min(key.stop, self.count())
        if not self.query or stop <= start:
            return []
        return self.index.page(
            self.query, self._newest[: self.window], start, stop - start
        )


def search(text, *, using=None, window=RANK_WINDOW):
    """The published stories matching what a reader typed (a string or a ``Query``)."""
    query = text if isinstance(text, Query) else parse(text)
    return Results(query, using=using, window=window)
