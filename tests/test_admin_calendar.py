"""The desk's calendar: a week or a month of scheduled publications, embargoes and
deadlines, in the newsroom's time zone, each a link to its story."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article

from .factories import (
    ArticleFactory,
    PublishedArticleFactory,
    SectionFactory,
    UserFactory,
)
from .helpers import logged_in_client
from .test_admin import change_url

pytestmark = pytest.mark.django_db

Status = Article.Status
CALENDAR_URL = reverse("admin:articles_article_calendar")
TOKYO = ZoneInfo("Asia/Tokyo")
# Thursday 3 December 2026, 10:00 in Tokyo.
NOW = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=TOKYO)


@pytest.fixture
def tokyo_day(settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    with time_machine.travel(NOW, tick=False):
        yield NOW


def _at(day, hour, minute=0):
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=TOKYO)


def _day(page, iso):
    """The part of the page for one day, up to the next day."""
    start = page.index(f'<time datetime="{iso}">')
    end = page.find('class="calendar-day', start)
    return page[start : end if end != -1 else len(page)]


def test_the_week_shows_publications_embargoes_and_deadlines_on_their_local_day(
    staff_client, tokyo_day, django_assert_max_num_queries
):
    scheduled = ArticleFactory(
        headline="Night ferry returns",
        status=Status.SCHEDULED,
        # 08:30 on Friday in Tokyo, when it is still Thursday in UTC.
        published_at=_at(4, 8, 30),
    )
    embargoed = ArticleFactory(
        headline="Comet report",
        status=Status.SCHEDULED,
        published_at=_at(5, 9),
        embargo_until=_at(5, 9),
    )
    due = ArticleFactory(headline="Budget preview", deadline=_at(3, 18))
    # Not on the calendar: a published story's deadline, a spiked story's embargo,
    # one in the trash, and anything outside the week.
    PublishedArticleFactory(headline="Already out", deadline=_at(3, 9))
    ArticleFactory(headline="Spiked", status=Status.SPIKED, embargo_until=_at(4, 9))
    ArticleFactory(headline="Trashed", deadline=_at(4, 9), trashed_at=NOW)
    ArticleFactory(
        headline="Next month", deadline=datetime.datetime(2027, 1, 2, 9, tzinfo=TOKYO)
    )

    # Session, user, the header's unread notifications, the stories, and the
    # choices of the four filters.
    with django_assert_max_num_queries(8):
        response = staff_client.get(CALENDAR_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Times are in the newsroom's time zone, Asia/Tokyo." in page
    # The week of Thursday 3 December, Sunday first (English's first weekday).
    assert "Week of 29 November 2026" in page
    today = _day(page, "2026-12-03")
    assert page.count('aria-current="date"') == 1
    assert re.search(
        r'<li class="calendar-day calendar-today" aria-current="date">\s*'
        r'<h3><time datetime="2026-12-03">Thursday 3 December</time>',
        page,
    )
    assert 'class="calendar-today-mark">Today</span>' in today
    assert "Deadline" in today and f'href="{change_url(due)}"' in today
    assert ">18:00</time>" in today
    friday = _day(page, "2026-12-04")
    assert "Publishes" in friday and f'href="{change_url(scheduled)}"' in friday
    assert ">08:30</time>" in friday
    assert "Night ferry returns" not in today
    saturday = _day(page, "2026-12-05")
    assert "Embargo lifts" in saturday and "Publishes" in saturday
    assert saturday.count(f'href="{change_url(embargoed)}"') == 2
    for absent in ("Already out", "Spiked", "Trashed", "Next month"):
        assert absent not in page


def test_the_month_is_a_table_of_whole_weeks_with_today_marked(staff_client, tokyo_day):
    ArticleFactory(
        headline="Year in review", status=Status.SCHEDULED, published_at=_at(31, 6)
    )

    response = staff_client.get(CALENDAR_URL, {"view": "month", "day": "2026-12-17"})

    page = response.content.decode()
    assert '<h2 class="calendar-heading">December 2026</h2>' in page
    table = page[page.index('<table class="calendar-month">') :]
    table = table[: table.index("</table>")]
    assert table.count('<th scope="col">') == 7
    assert '<abbr title="Sunday">Sun</abbr>' in page
    # 29 November to 2 January: five whole weeks.
    assert table.count("<tr>") == 1 + 5
    assert 'datetime="2026-11-29"' in page and 'datetime="2027-01-02"' in page
    assert page.count('aria-current="date"') == 1
    assert "Year in review" in _day(page, "2026-12-31")


def test_previous_and_next_go_a_week_or_a_month_and_today_comes_back(
    staff_client, tokyo_day
):
    week = staff_client.get(CALENDAR_URL, {"day": "2026-12-03"}).content.decode()
    month = staff_client.get(
        CALENDAR_URL, {"view": "month", "day": "2026-12-03"}
    ).content.decode()

    assert f'href="{CALENDAR_URL}?view=week&amp;day=2026-11-26" rel="prev"' in week
    assert f'href="{CALENDAR_URL}?view=week&amp;day=2026-12-10" rel="next"' in week
    assert f'href="{CALENDAR_URL}?view=month&amp;day=2026-11-01" rel="prev"' in month
    assert f'href="{CALENDAR_URL}?view=month&amp;day=2027-01-01" rel="next"' in month
    january = staff_client.get(
        CALENDAR_URL, {"view": "month", "day": "2027-01-01"}
    ).content.decode()
    assert "January 2027" in january
    assert 'aria-current="date"' not in january
    assert f'href="{CALENDAR_URL}?view=month&amp;day=2026-12-03">Today</a>' in january
    next_week = staff_client.get(CALENDAR_URL, {"day": "2026-12-10"}).content.decode()
    assert "Week of 6 December 2026" in next_week


def test_a_calendar_address_it_cannot_read_says_so_and_shows_today(
    staff_client, tokyo_day
):
    response = staff_client.get(CALENDAR_URL, {"view": "year", "day": "2026-13-40"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "“year” is not a view of the calendar: showing a week." in page
    assert "“2026-13-40” is not a date such as 2026-12-03: showing today." in page
    assert "Week of 29 November 2026" in page


def test_the_calendar_costs_the_same_queries_however_many_stories(
    staff_client, tokyo_day
):
    def queries():
        with CaptureQueriesContext(connection) as context:
            staff_client.get(CALENDAR_URL, {"view": "month"})
        return len(context)

    ArticleFactory(status=Status.SCHEDULED, published_at=_at(10, 9))
    few = queries()
    for day in range(1, 29):
        ArticleFactory(
            status=Status.SCHEDULED, published_at=_at(day, 9), deadline=_at(day, 8)
        )

    assert queries() == few


def test_the_calendar_needs_a_right_to_see_stories(client, tokyo_day):
    nobody = UserFactory(username="visitor", is_staff=True)

    assert client.get(CALENDAR_URL).status_code == 302
    assert logged_in_client(nobody).get(CALENDAR_URL).status_code == 403


def test_the_desk_links_to_the_calendar_with_its_filters(staff_client):
    desk = reverse("admin:articles_article_desk")
    section = SectionFactory(name="Science", slug="science")

    page = staff_client.get(desk).content.decode()
    filtered = staff_client.get(desk, {"section": section.pk}).content.decode()

    assert f'href="{CALENDAR_URL}"' in page
    assert f'href="{CALENDAR_URL}?section={section.pk}"' in filtered


def test_the_calendar_filters_as_the_desk_does_and_keeps_the_filter_as_it_moves(
    staff_client, tokyo_day
):
    science = SectionFactory(name="Science", slug="science")
    ArticleFactory(headline="Comet returns", section=science, deadline=_at(3, 18))
    ArticleFactory(headline="Budget preview", deadline=_at(3, 18))

    page = staff_client.get(
        CALENDAR_URL, {"view": "month", "section": science.pk}
    ).content.decode()

    assert "Comet returns" in page and "Budget preview" not in page
    assert (
        f'href="{CALENDAR_URL}?view=month&amp;day=2027-01-01&amp;section={science.pk}"'
        in page
    )
    assert '<input type="hidden" name="view" value="month">' in page
    assert f'<option value="{science.pk}" selected>Science</option>' in page
