"""The desk: every story in flight, by state, and a calendar of what is planned.

One page for whoever runs the desk, instead of filtering the story list again and
again: what is overdue and due today, what waits for review, what is approved and
waits to go out, what is scheduled or embargoed, and the drafts, filtered by section
and by person. The calendar shows a week or a month of scheduled publications,
embargoes and deadlines in the newsroom's time zone. Every story is a link to its
page. The counts per state go on the admin's home page (``templatetags/desk_tags.py``,
from ``selectors.story_counts()``).

"Due" here is the planning deadline; ``Article.objects.due()`` names something else,
the scheduled stories whose publication time has come, for ``publish_scheduled``.
"""

import calendar
import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_date
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Article, Author, Section, display_name
from ..selectors import (
    NOT_YET_PUBLISHED,
    calendar_stories,
    corrections_to_consider,
    desk_stories,
)
from .status import status_badge

Status = Article.Status


class PersonChoiceField(forms.ModelChoiceField):
    """A member of staff, by name, in name order: "Filed by" and "Assigned editor"."""

    def __init__(self, label):
        people = get_user_model().objects.filter(is_staff=True)
        super().__init__(
            people.order_by("first_name", "last_name", "username"),
            required=False,
            label=label,
            empty_label=gettext_lazy("Anyone"),
        )

    def label_from_instance(self, obj):
        return display_name(obj)


class DeskFilterForm(forms.Form):
    """The desk's filters: a section (with its children) and the people on a story."""

    section = forms.ModelChoiceField(
        Section.objects.select_related("parent").order_by("parent__name", "name"),
        required=False,
        label=gettext_lazy("Section"),
        empty_label=gettext_lazy("All sections"),
    )
    writer = PersonChoiceField(gettext_lazy("Filed by"))
    byline = forms.ModelChoiceField(
        Author.objects.order_by("name"),
        required=False,
        label=gettext_lazy("Byline"),
        empty_label=gettext_lazy("Anyone"),
    )
    assignee = PersonChoiceField(gettext_lazy("Assigned editor"))

    def filters(self):
        """The chosen filters as ``desk_stories()`` takes them; none when invalid."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}

    def query(self):
        """The filters as a query string, for the calendar's links and the desk's."""
        return urlencode(
            {name: value.pk for name, value in self.filters().items()},
        )


class DeskRow:
    """One story as a row of a board: ``when`` is the board's own time, if any."""

    def __init__(self, article, now, when=None):
        self.article = article
        self.status_badge = status_badge(article)
        self.words = article.words
        self.planned_words = article.planned_words
        self.is_overdue = bool(
            article.deadline
            and article.deadline < now
            and article.status in NOT_YET_PUBLISHED
        )
        self.submitted_at = article.submitted_at
        self.when = when
        self.bylines = ", ".join(b.author.name for b in article.bylines.all())


class Board:
    """One table of the desk: a heading, what it holds, and its rows in order."""

    def __init__(self, slug, title, empty, when_label, rows):
        self.slug = slug
        self.title = title
        self.empty = empty
        self.when_label = when_label
        self.rows = rows


def _later(moment):
    """A sort key that puts stories without the time after those with it."""
    return (
        moment is None,
        moment or datetime.datetime.min.replace(tzinfo=datetime.UTC),
    )


def desk_boards(stories, now):
    """The desk's tables, in the order the desk works through them.

    A story is on the board of its state, and also under Overdue or Due today when
    its deadline says so.
    """
    today = timezone.localdate(now)
    with_deadline = [s for s in stories if s.deadline and s.status in NOT_YET_PUBLISHED]
    overdue = sorted(
        (s for s in with_deadline if s.deadline < now), key=lambda s: s.deadline
    )
    due_today = sorted(
        (
            s
            for s in with_deadline
            if s.deadline >= now and timezone.localdate(s.deadline) == today
        ),
        key=lambda s: s.deadline,
    )
    by_status = {}
    for story in stories:
        by_status.setdefault(story.status, []).append(story)
    submitted = sorted(
        by_status.get(Status.SUBMITTED, []),
        key=lambda s: (*_later(s.submitted_at), s.created_at, s.pk),
    )
    approved = sorted(
        by_status.get(Status.APPROVED, []),
        key=lambda s: (*_later(s.deadline), s.created_at, s.pk),
    )
    scheduled = sorted(
        by_status.get(Status.SCHEDULED, []), key=lambda s: (s.published_at, s.pk)
    )
    embargoed = sorted(
        (s for s in stories if s.embargo_until and s.embargo_until > now),
        key=lambda s: (s.embargo_until, s.pk),
    )
    drafts = sorted(
        by_status.get(Status.DRAFT, []),
        key=lambda s: (*_later(s.deadline), s.created_at, s.pk),
    )

    def rows(stories, when=None):
        return [DeskRow(s, now, getattr(s, when) if when else None) for s in stories]

    return [
        Board(
            "overdue",
            _("Overdue"),
            _("Nothing is overdue."),
            None,
            rows(overdue),
        ),
        Board(
            "due-today",
            _("Due today"),
            _("Nothing else is due today."),
            None,
            rows(due_today),
        ),
        Board(
            "submitted",
            _("Waiting for review"),
            _("Nothing is waiting for review."),
            _("Submitted"),
            rows(submitted, "submitted_at"),
        ),
        Board(
            "approved",
            _("Approved, waiting to be published"),
            _("No approved story waits to be published."),
            None,
            rows(approved),
        ),
        Board(
            "scheduled",
            _("Scheduled"),
            _("Nothing is scheduled."),
            _("Publishes at"),
            rows(scheduled, "published_at"),
        ),
        Board(
            "embargoed",
            _("Embargoed"),
            _("No story is under embargo."),
            _("Embargoed until"),
            rows(embargoed, "embargo_until"),
        ),
        Board(
            "drafts",
            _("Drafts"),
            _("No drafts."),
            None,
            rows(drafts),
        ),
    ]


# ---- The calendar ----

VIEWS = ("week", "month")


class CalendarEntry:
    """One thing on one day: a story's scheduled publication, embargo or deadline."""

    KINDS = {
        "publication": gettext_lazy("Publishes"),
        "embargo": gettext_lazy("Embargo lifts"),
        "deadline": gettext_lazy("Deadline"),
    }

    def __init__(self, kind, moment, article):
        self.kind = kind
        self.label = self.KINDS[kind]
        self.at = timezone.localtime(moment)
        self.article = article


class CalendarDay:
    def __init__(self, day, today, in_month=True):
        self.day = day
        self.is_today = day == today
        self.in_month = in_month
        self.entries = []


def _first_weekday():
    """The first day of the week in Python's numbering (Monday 0), from the locale's
    ``FIRST_DAY_OF_WEEK`` (Sunday 0)."""
    return (int(formats.get_format("FIRST_DAY_OF_WEEK")) - 1) % 7


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def calendar_days(view, day, today):
    """The days a calendar page shows: one week, or the weeks of ``day``'s month
    (whole weeks, the neighbouring months' days among them)."""
    weeks = calendar.Calendar(_first_weekday())
    if view == "month":
        return [
            CalendarDay(d, today, in_month=d.month == day.month)
            for d in weeks.itermonthdates(day.year, day.month)
        ]
    start = day - datetime.timedelta(days=(day.weekday() - _first_weekday()) % 7)
    return [CalendarDay(start + datetime.timedelta(days=n), today) for n in range(7)]


def fill_calendar(days, stories):
    """Put each story's publication, embargo and deadline on its day, in time order."""
    by_day = {d.day: d for d in days}
    for story in stories:
        for kind, moment in (
            (
                "publication",
                story.published_at if story.status == Status.SCHEDULED else None,
            ),
            ("embargo", story.embargo_until),
            ("deadline", story.deadline if story.status in NOT_YET_PUBLISHED else None),
        ):
            if moment is None:
                continue
            entry = CalendarEntry(kind, moment, story)
            if entry.at.date() in by_day:
                by_day[entry.at.date()].entries.append(entry)
    for d in days:
        d.entries.sort(key=lambda e: (e.at, e.article.pk))
    return days


def _shifted(view, day, step):
    """The day ``step`` weeks or months from ``day`` (the first of a month)."""
    if view == "week":
        return day + datetime.timedelta(weeks=step)
    month = day.month - 1 + step
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def _filter_data(query):
    """The desk's filters asked for in ``query``, or None (an unbound form) when
    none is: the calendar's own parameters are not filters."""
    data = {name: query[name] for name in DeskFilterForm.base_fields if name in query}
    return data or None


def _week_of(view, day, today):
    """The day whose week the "Week" link shows: today's, when today is on the page."""
    if view == "month" and (today.year, today.month) == (day.year, day.month):
        return today
    return day


class DeskAdminMixin:
    """The desk's page and its calendar, under the story list's address."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "desk/",
                self.admin_site.admin_view(self.desk_view),
                name="{}_{}_desk".format(*info),
            ),
            path(
                "desk/calendar/",
                self.admin_site.admin_view(self.calendar_view),
                name="{}_{}_calendar".format(*info),
            ),
            *super().get_urls(),
        ]

    def _desk_context(self, request, title):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "has_view_permission": True,
        }

    def desk_view(self, request):
        context = self._desk_context(request, _("The desk"))
        now = timezone.now()
        filters = DeskFilterForm(_filter_data(request.GET))
        boards = desk_boards(desk_stories(now=now, **filters.filters()), now)
        context.update(
            {
                "filters": filters,
                "filter_query": filters.query(),
                "boards": boards,
                "corrections_to_consider": corrections_to_consider(),
            }
        )
        return TemplateResponse(
            request,
            f"admin/{self.opts.app_label}/{self.opts.model_name}/desk.html",
            context,
        )

    def calendar_view(self, request):
        context = self._desk_context(request, _("The desk's calendar"))
        today = timezone.localdate()
        view = request.GET.get("view", "week")
        asked_day = request.GET.get("day")
        day = today
        problems = []
        if view not in VIEWS:
            problems.append(
                _("“%(view)s” is not a view of the calendar: showing a week.")
                % {"view": view}
            )
            view = "week"
        if asked_day:
            try:
                day = parse_date(asked_day)
            except ValueError:
                day = None
            if day is None:
                problems.append(
                    _("“%(day)s” is not a date such as 2026-12-03: showing today.")
                    % {"day": asked_day}
                )
                day = today
        if view == "month":
            day = day.replace(day=1)
        days = calendar_days(view, day, today)
        filters = DeskFilterForm(_filter_data(request.GET))
        stories = calendar_stories(
            _local_midnight(days[0].day),
            _local_midnight(days[-1].day + datetime.timedelta(days=1)),
            **filters.filters(),
        )
        fill_calendar(days, stories)
        base = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_calendar")
        filter_query = filters.query()

        def link(view, day):
            query = urlencode({"view": view, "day": day.isoformat()})
            return (
                f"{base}?{query}&{filter_query}" if filter_query else f"{base}?{query}"
            )

        if view == "week":
            heading = _("Week of %(day)s") % {
                "day": formats.date_format(days[0].day, "j F Y")
            }
        else:
            heading = formats.date_format(day, "F Y")
        context.update(
            {
                "view": view,
                "heading": heading,
                "days": days,
                "weeks": [days[n : n + 7] for n in range(0, len(days), 7)],
                "weekdays": [d.day for d in days[:7]],
                "problems": problems,
                "previous_url": link(view, _shifted(view, day, -1)),
                "next_url": link(view, _shifted(view, day, 1)),
                "today_url": link(view, today),
                "week_url": link("week", _week_of(view, day, today)),
                "month_url": link("month", day),
                "entries": sum(len(d.entries) for d in days),
                "time_zone": timezone.get_current_timezone_name(),
                "filters": filters,
                "filter_query": filter_query,
                "view_fields": {"view": view, "day": day.isoformat()},
                "today_url_unfiltered": f"{base}?{urlencode({'view': view})}",
            }
        )
        return TemplateResponse(
            request,
            f"admin/{self.opts.app_label}/{self.opts.model_name}/calendar.html",
            context,
        )
