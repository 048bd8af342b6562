"""Pages of a list: ``?page=N`` addresses whose cost does not grow with the archive.

A list is read once per change, as the ordered ids of its rows, and kept in memory
(every change that could alter the list moves the version of one of its keys). Each request
then takes the page's ids from that list and reads those rows by primary key: the
50th page costs what the first does, and no request counts the whole table. The
alternatives were worse here: ``COUNT(*)`` plus ``OFFSET`` reads every row before
the page on each request (``published()`` needs ``embargo_until``, which no index
holds), and keyset links (``?before=...``) cannot say "page 50 of 70".

Only canonical addresses exist: the bare address is page 1, ``?page=2`` onwards up
to the last page; any other value, or a page past the end, is a 404, so crawlers do
not index one list under many names. A list is cut at ``LISTED_AT_MOST`` rows; the
date archive reaches everything older, one period at a time.
"""

import re
from array import array

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404

from .. import caching

PER_PAGE = 20
LISTED_AT_MOST = 20_000


def page_number(request):
    """The page asked for: 1 without ``?page``; a 404 for anything but 1, 2, 3, ..."""
    value = request.GET.get("page")
    if value is None:
        return 1
    if not re.fullmatch(r"[1-9][0-9]{0,5}", value):
        raise Http404("No such page.")
    return int(value)


def listed_ids(listed, *, key, keys):
    """The ids of the ordered queryset ``listed()`` returns, read once per change
    of ``keys``.

    ``key`` names the list: the same key must always mean the same filter (such as
    ``f"section:{section.pk}"``); ``keys`` are the page cache's keys whose changes
    change the list (``caching``), such as ``section-4``. ``listed`` is called
    only then: building a filtered queryset costs a request more than reading
    the ids it remembers.
    """

    def read():
        return array("q", listed().values_list("pk", flat=True)[:LISTED_AT_MOST])

    return caching.remember(f"ids:{key}", read, keys=keys)


def paginate(request, listed, *, key, keys, load, per_page=PER_PAGE):
    """The page of ``listed()`` (see ``listed_ids()``) that ``request`` asks for,
    or a 404.

    ``load(ids)`` reads the rows of one page (with whatever they show) by primary
    key; the page's ``object_list`` keeps the list's order.
    """
    number = page_number(request)
    paginator = Paginator(listed_ids(listed, key=key, keys=keys), per_page)
    try:
        page = paginator.page(number)
    except InvalidPage as error:
        raise Http404("No such page.") from error
    ids = list(page.object_list)
    rows = {row.pk: row for row in load(ids)} if ids else {}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page
