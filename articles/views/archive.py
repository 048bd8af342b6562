"""The date archive: every year, month and day with published stories.

Days are the site's local days (``TIME_ZONE``), the same as in story addresses. A
period is a range of ``published_at``, so the ``(status, -published_at)`` index
answers it; a period without a published story has no page.
"""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from .. import caching
from ..models import Article
from .listings import newest, page_of


def _local(day):
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time()), timezone.get_current_timezone()
    )


def _period(year, month=None, day=None):
    """The first moment of the period and of the one after it (aware, local)."""
    # The last year is left out, so that the period after any date still exists.
    if not 1 <= year < datetime.MAXYEAR:
        raise Http404("No such date.")
    try:
        first = datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise Http404("No such date.") from None
    if day is not None:
        following = first + datetime.timedelta(days=1)
    elif month is not None:
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
    else:
        following = datetime.date(year + 1, 1, 1)
    return _local(first), _local(following)


def _months():
    """Every (year, month) with a published story, newest first, once per change."""

    def compute():
        months = Article.objects.published().dates("published_at", "month", "DESC")
        return [(moment.year, moment.month) for moment in months]

    return caching.remember("archive:months", compute, keys=("list-all",))


def _render(request, template, stories_in, *, key, **context):
    page = page_of(request, stories_in, key=f"archive:{key}", keys=("list-all",))
    if not page.paginator.count:
        raise Http404("No story was published then.")
    return render(request, template, {"page": page, **context})


@caching.public_page
def archive_index(request):
    """Every year and month with published stories."""
    years = {}
    for year, month in _months():
        years.setdefault(year, []).append(datetime.date(year, month, 1))
    return render(
        request,
        "articles/archive_index.html",
        {"years": list(years.items())},
    )


@caching.public_page
def archive_year(request, year):
    """A year's stories, newest first, with links to its months."""
    start, end = _period(year)
    months = [datetime.date(y, m, 1) for y, m in _months() if y == year]
    return _render(
        request,
        "articles/archive_period.html",
        lambda: newest().filter(published_at__gte=start, published_at__lt=end),
        key=f"{year}",
        period=start,
        precision="year",
        subperiods=months,
    )


@caching.public_page
def archive_month(request, year, month):
    """A month's stories, newest first, with links to its days."""
    start, end = _period(year, month)

    def compute():
        days = (
            Article.objects.published()
            .filter(published_at__gte=start, published_at__lt=end)
            .dates("published_at", "day", "DESC")
        )
        return [day.day for day in days]

    days = caching.remember(f"archive:days:{year}-{month}", compute, keys=("list-all",))
    return _render(
        request,
        "articles/archive_period.html",
        lambda: newest().filter(published_at__gte=start, published_at__lt=end),
        key=f"{year}-{month}",
        period=start,
        precision="month",
        subperiods=[datetime.date(year, month, day) for day in days],
    )


@caching.public_page
def archive_day(request, year, month, day):
    """A day's stories, newest first."""
    start, end = _period(year, month, day)
    return _render(
        request,
        "articles/archive_period.html",
        lambda: newest().filter(published_at__gte=start, published_at__lt=end),
        key=f"{year}-{month}-{day}",
        period=start,
        precision="day",
        subperiods=[],
    )
