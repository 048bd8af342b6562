"""The public lists as readers meet them: the front page, the latest stories, sections,
tags, authors and the date archive; their pages, their cost, and what they never show.
"""

import datetime
import io
import re
import zoneinfo

import pytest
from PIL import Image
from taggit.models import Tag

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone

from articles.models import Article, Author, Byline, Section
from articles.views.listings import LEAD_AMONG, PER_SECTION, TOP_STORIES
from articles.views.paging import paginate

from .factories import (
    ArticleFactory,
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    PublishedArticleFactory,
    SectionFactory,
    walk_to,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def html_of(response):
    return response.content.decode()


def png_file(name="lead.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "darkorange").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def story(section, hours_ago, headline=None, **fields):
    """A published story ``hours_ago`` old, with a byline."""
    fields = {"published_at": NOW - datetime.timedelta(hours=hours_ago), **fields}
    if headline:
        fields["headline"] = headline
    article = PublishedArticleFactory(section=section, **fields)
    BylineFactory(article=article)
    return article


def listed_headlines(html):
    """The headlines of the stories a page lists, in order."""
    return re.findall(
        r'class="story-card__headline"[^>]*><a href="[^"]+">([^<]+)</a>', html
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def desks():
    world = SectionFactory(name="World", slug="world", position=1)
    return {
        "world": world,
        "asia": SectionFactory(name="Asia-Pacific", slug="asia-pacific", parent=world),
        "politics": SectionFactory(name="Politics", slug="politics", position=2),
        "science": SectionFactory(name="Science", slug="science", position=3),
    }


# ---- Every page type, with the demo newsroom ----


def test_every_page_type_answers_with_the_demo_newsroom(client):
    call_command("load_demo", stdout=io.StringIO())
    published = Article.objects.published()
    first = published.order_by("published_at").first()
    when = timezone.localtime(first.published_at)
    tag = Tag.objects.filter(taggit_taggeditem_items__article__in=published).first()
    author = Author.objects.filter(bylines__article__in=published).first()
    child = Section.objects.filter(parent__isnull=False).first()

    urls = [
        reverse("articles:home"),
        reverse("articles:latest"),
        *(section.get_absolute_url() for section in Section.objects.all()),
        reverse("articles:tag_detail", args=[tag.slug]),
        author.get_absolute_url(),
        reverse("articles:archive"),
        reverse("articles:archive_year", args=[when.year]),
        reverse("articles:archive_month", args=[when.year, when.month]),
        reverse("articles:archive_day", args=[when.year, when.month, when.day]),
        reverse("articles:corrections"),
        first.get_absolute_url(),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<h1" in html_of(response), url
    html = html_of(client.get(child.get_absolute_url()))
    assert (
        f'<a href="{child.parent.get_absolute_url()}">{child.parent.name}</a>' in html
    )


# ---- The front page ----


def test_the_lead_is_the_newest_story_with_a_lead_image(client, desks):
    story(desks["politics"], 1, "Newest, without a picture")
    story(
        desks["world"],
        3,
        "With a picture",
        lead_image=png_file(),
        lead_image_alt="A port",
    )
    story(desks["science"], 5, "Older, with a picture", lead_image=png_file("b.png"))

    html = html_of(client.get(reverse("articles:home")))

    lead = re.search(r'<section class="lead-story".*?</section>', html, re.S).group(0)
    assert "With a picture" in lead and 'alt="A port"' in lead
    assert "Newest, without a picture" not in lead
    # Its renditions, sized for the front's lead column, and asked for first.
    assert '<source type="image/webp" srcset="' in lead
    assert 'sizes="(min-width: 72rem) 42rem' in lead and 'fetchpriority="high"' in lead
    top = re.search(r'<section class="top-stories".*?</section>', html, re.S).group(0)
    assert listed_headlines(top) == [
        "Newest, without a picture",
        "Older, with a picture",
    ]


def test_a_picture_far_down_the_list_does_not_lead(client, desks):
    for number in range(LEAD_AMONG):
        story(desks["politics"], number + 1, f"Recent {number}")
    story(desks["world"], 100, "Old, with a picture", lead_image=png_file())

    html = html_of(client.get(reverse("articles:home")))

    lead = re.search(r'<section class="lead-story".*?</section>', html, re.S).group(0)
    assert listed_headlines(lead) == ["Recent 0"]


def test_without_any_lead_image_the_newest_story_leads(client, desks):
    story(desks["politics"], 1, "The newest story")
    story(desks["world"], 2, "The one before")

    html = html_of(client.get(reverse("articles:home")))

    lead = re.search(r'<section class="lead-story".*?</section>', html, re.S).group(0)
    assert "The newest story" in lead and "<img" not in lead
    assert "The one before" not in lead


def test_the_front_page_shows_each_sections_latest_below_the_top_stories(client, desks):
    hours = iter(range(1, 100))
    for number in range(TOP_STORIES + 1):
        story(desks["science"], next(hours), f"Science {number}")
    story(desks["asia"], next(hours), "Filed under a child of World")
    for number in range(PER_SECTION + 2):
        story(desks["politics"], next(hours), f"Politics {number}")

    html = html_of(client.get(reverse("articles:home")))

    blocks = dict(
        re.findall(
            r'<section class="front-section" aria-labelledby="front-section-([-\w]+)">'
            r"(.*?)</section>",
            html,
            re.S,
        )
    )
    assert list(blocks) == ["world", "politics"]
    assert listed_headlines(blocks["world"]) == ["Filed under a child of World"]
    assert listed_headlines(blocks["politics"]) == [
        f"Politics {number}" for number in range(PER_SECTION)
    ]
    # Science's newest stories all lead or top the page: nothing is shown twice.
    assert "science" not in blocks
    assert all(html.count(f">Science {number}<") == 1 for number in range(7))
    assert '<a href="/politics/">More from Politics' in html


def test_the_front_page_takes_as_many_queries_for_200_stories_as_for_10(
    client, desks, django_assert_max_num_queries
):
    sections = list(desks.values())
    for number in range(10):
        story(sections[number % 4], number + 1)
    few = queries_for(client, reverse("articles:home"))
    for number in range(10, 200):
        story(sections[number % 4], number + 1)

    with django_assert_max_num_queries(few):
        response = client.get(reverse("articles:home"))

    assert few <= 6
    html = html_of(response)
    assert len(listed_headlines(html)) == 1 + TOP_STORIES + 3 * PER_SECTION


# ---- Lists: the same few queries, however long, and pages with one address each ----


def test_every_list_takes_as_many_queries_for_200_stories_as_for_10(
    client, desks, django_assert_max_num_queries
):
    author = AuthorFactory(slug="hana-mori")
    day = timezone.localtime(NOW - datetime.timedelta(days=1))
    urls = [
        reverse("articles:latest"),
        desks["world"].get_absolute_url(),
        reverse("articles:tag_detail", args=["harbours"]),
        author.get_absolute_url(),
        reverse("articles:archive"),
        reverse("articles:archive_year", args=[day.year]),
        reverse("articles:archive_month", args=[day.year, day.month]),
        reverse("articles:archive_day", args=[day.year, day.month, day.day]),
        reverse("articles:corrections"),
    ]

    def add(count):
        for _ in range(count):
            article = story(desks["asia"], 24)
            article.tags.add("Harbours")
            BylineFactory(article=article, author=author, role=Byline.Role.ADDITIONAL)
            article.corrections.create(text="A date was wrong.")

    add(10)
    few = {url: queries_for(client, url) for url in urls}
    add(190)

    for url in urls:
        with django_assert_max_num_queries(few[url]):
            assert client.get(url).status_code == 200
    assert max(few.values()) <= 6


@pytest.fixture
def without_page_cache(settings):
    """Every page rendered afresh, as after a change or on a site without a cache."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


def test_a_deep_page_takes_as_many_queries_as_the_first(
    client, desks, without_page_cache
):
    for number in range(45):
        story(desks["politics"], number + 1, f"Story {number:02}")
    section = desks["politics"].get_absolute_url()
    client.get(section)  # reads the list's ids, once for this content version

    first = queries_for(client, section)
    third = queries_for(client, f"{section}?page=3")

    assert third == first
    html = html_of(client.get(f"{section}?page=3"))
    assert listed_headlines(html) == [f"Story {number:02}" for number in range(40, 45)]


def test_a_remembered_list_is_not_built_again_until_it_changes(
    rf, desks, without_page_cache
):
    # Its ids are remembered; building its filtered queryset on each request cost
    # more than reading a page of them.
    for number in range(3):
        story(desks["politics"], number + 1, f"Story {number:02}")
    built = []

    def listed():
        built.append(True)
        return Article.objects.published().order_by("-published_at", "-pk")

    def shown():
        page = paginate(
            rf.get("/"), listed, key="test", keys=("list-all",), load=load_stories
        )
        return [row.headline for row in page.object_list]

    first, second = shown(), shown()
    story(desks["politics"], 0, "Story new")
    third = shown()

    assert first == second == ["Story 00", "Story 01", "Story 02"]
    assert third == ["Story new", *first]
    assert len(built) == 2


def load_stories(ids):
    return Article.objects.filter(pk__in=ids)


def test_lists_have_one_address_per_page_and_404_past_the_end(client, desks):
    for number in range(45):
        story(desks["politics"], number + 1, f"Story {number:02}")
    section = desks["politics"].get_absolute_url()

    first = html_of(client.get(section))
    second = html_of(client.get(section, {"page": 2}))
    last = html_of(client.get(section, {"page": 3}))

    assert listed_headlines(first) == [f"Story {n:02}" for n in range(20)]
    assert listed_headlines(second) == [f"Story {n:02}" for n in range(20, 40)]
    assert '<a rel="next" href="?page=2">' in first and 'rel="prev"' not in first
    assert f'<a rel="prev" href="{section}">' in second
    assert '<a rel="next" href="?page=3">' in second
    assert "Page 3 of 3" in last and 'rel="next"' not in last
    assert f'<link rel="canonical" href="http://testserver{section}">' in first
    assert f'<link rel="canonical" href="http://testserver{section}?page=2">' in second
    for page in ("4", "0", "-1", "01", "two", ""):
        assert client.get(section, {"page": page}).status_code == 404, page


def test_an_empty_section_shows_that_it_has_no_stories(client, desks):
    response = client.get(desks["science"].get_absolute_url())

    assert response.status_code == 200
    assert "No stories yet." in html_of(response)


# ---- Sections, tags and authors ----


def test_a_section_lists_its_childrens_stories_and_links_to_them(client, desks):
    story(desks["world"], 1, "Filed under World")
    story(desks["asia"], 2, "Filed under Asia")
    story(desks["politics"], 3, "Filed under Politics")

    world = html_of(client.get(desks["world"].get_absolute_url()))
    asia = html_of(client.get(desks["asia"].get_absolute_url()))

    assert listed_headlines(world) == ["Filed under World", "Filed under Asia"]
    assert '<a href="/asia-pacific/">Asia-Pacific</a>' in world
    assert '<a href="/world/" aria-current="page">World</a>' in world
    assert listed_headlines(asia) == ["Filed under Asia"]
    assert '<a href="/world/" aria-current="page">World</a>' in asia
    assert re.search(
        r'<nav class="breadcrumb".*?<a href="/world/">World</a>', asia, re.S
    )


def test_a_tag_on_the_article_page_leads_to_the_tags_page(client, desks):
    tagged = story(desks["world"], 1, "A tagged story")
    tagged.tags.add("Harbours", "東京")
    story(desks["politics"], 2, "An untagged story")
    article = html_of(client.get(tagged.get_absolute_url()))

    links = {
        name: url
        for url, name in re.findall(r'<a href="([^"]+)" rel="tag">([^<]+)</a>', article)
    }
    harbours = client.get(links["Harbours"])
    tokyo = client.get(links["東京"])

    assert harbours.status_code == 200 and tokyo.status_code == 200
    assert listed_headlines(html_of(harbours)) == ["A tagged story"]
    assert '<h1 class="listing__title" dir="auto">Harbours</h1>' in html_of(harbours)
    assert listed_headlines(html_of(tokyo)) == ["A tagged story"]


def test_a_tag_that_only_unpublished_stories_carry_has_no_page(client, desks):
    ArticleFactory(section=desks["world"], headline="Secret plans").tags.add("Merger")

    response = client.get(reverse("articles:tag_detail", args=["merger"]))

    assert response.status_code == 404
    assert "Merger" not in html_of(response)
    assert (
        client.get(reverse("articles:tag_detail", args=["nothing"])).status_code == 404
    )


def test_an_author_page_lists_each_of_their_stories_once(client, desks):
    author = AuthorFactory(name="Hana Mori", bio="Covers ports.")
    both = story(desks["world"], 1, "Written and photographed")
    BylineFactory(article=both, author=author)
    BylineFactory(article=both, author=author, role=Byline.Role.PHOTOS)
    BylineFactory(article=story(desks["politics"], 2, "Reported"), author=author)
    story(desks["science"], 3, "Someone else's")

    html = html_of(client.get(author.get_absolute_url()))

    assert listed_headlines(html) == ["Written and photographed", "Reported"]
    assert "Covers ports." in html


# ---- The date archive ----


@pytest.fixture
def tokyo(settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    return zoneinfo.ZoneInfo("Asia/Tokyo")


def test_the_archive_lists_years_months_and_days_in_local_time(client, desks, tokyo):
    def at(*moment):
        return datetime.datetime(*moment, tzinfo=tokyo)

    story(
        desks["world"],
        0,
        "Late on the first of March",
        published_at=at(2025, 3, 1, 23, 30),
    )
    story(desks["world"], 0, "Early on the second", published_at=at(2025, 3, 2, 0, 30))
    story(desks["politics"], 0, "In January", published_at=at(2025, 1, 15, 12, 0))
    story(
        desks["politics"], 0, "The year before", published_at=at(2024, 12, 31, 23, 59)
    )

    index = html_of(client.get(reverse("articles:archive")))
    year = html_of(client.get(reverse("articles:archive_year", args=[2025])))
    march = html_of(client.get(reverse("articles:archive_month", args=[2025, 3])))
    first = html_of(client.get(reverse("articles:archive_day", args=[2025, 3, 1])))

    assert re.findall(r'<a href="(/archive/[\d/]+)">', index) == [
        "/archive/2025/",
        "/archive/2025/3/",
        "/archive/2025/1/",
        "/archive/2024/",
        "/archive/2024/12/",
    ]
    assert listed_headlines(year) == [
        "Early on the second",
        "Late on the first of March",
        "In January",
    ]
    assert '<a href="/archive/2025/3/">March</a>' in year
    assert '<a href="/archive/2025/3/2/">2</a>' in march
    assert '<a href="/archive/2025/3/1/">1</a>' in march
    assert listed_headlines(first) == ["Late on the first of March"]
    assert '<h1 class="listing__title">1 March 2025</h1>' in first


def test_the_archive_has_no_page_for_impossible_or_empty_dates(client, desks):
    noon = datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC)
    story(desks["world"], 0, "Only story", published_at=noon)

    for url in (
        "/archive/2025/13/",
        "/archive/2025/2/30/",
        "/archive/2025/0/",
        "/archive/0/",
        "/archive/99999/",
        "/archive/9999/12/31/",
        "/archive/2024/",
        "/archive/2025/4/",
        "/archive/2025/3/2/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/archive/2025/3/1/").status_code == 200


def test_the_archive_is_not_taken_for_a_section(client, desks):
    SectionFactory(name="Archive", slug="archive")

    assert get_resolver().resolve("/archive/").url_name == "archive"
    assert get_resolver().resolve("/archive/2025/").url_name == "archive_year"
    assert client.get("/archive/").status_code == 200


# ---- Never leak: what is not published appears on no list ----


def _story_in(state, section, tag, author, when):
    """A story in ``state``, in ``section``, tagged and bylined, dated ``when``."""
    article = ArticleFactory(section=section, headline=f"Leak check: {state}")
    article.tags.add(tag)
    BylineFactory(article=article, author=author)
    BodyPartFactory(article=article, text="<p>Only the desk has read this.</p>")
    later = NOW + datetime.timedelta(days=2)
    if state in (
        "draft",
        "submitted",
        "approved",
        "scheduled",
        "spiked",
        "unpublished",
    ):
        walk_to(article, state, published_at=when, scheduled_for=later)
    if state == "embargoed":
        # Published, then put under embargo: the story must vanish until it lifts.
        walk_to(article, "published", published_at=when)
        article.embargo_until = NOW + datetime.timedelta(days=1)
        article.save()
    if state == "due later":
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.PUBLISHED, published_at=later
        )
    return article


HIDDEN_STATES = [
    "draft",
    "submitted",
    "approved",
    "scheduled",
    "spiked",
    "unpublished",
    "embargoed",
    "due later",
]
LIST_PAGES = [
    "home",
    "latest",
    "section",
    "child section",
    "tag",
    "author",
    "archive",
    "archive year",
    "archive month",
    "archive day",
]


@pytest.fixture
def leak_matrix(desks):
    """One published story, and one story in each hidden state beside it."""
    author = AuthorFactory(slug="leak-author")
    when = NOW - datetime.timedelta(hours=2)
    published = story(desks["asia"], 2, "Leak check: published")
    published.tags.add("Leaks")
    BylineFactory(article=published, author=author, role=Byline.Role.ADDITIONAL)
    for state in HIDDEN_STATES:
        _story_in(state, desks["asia"], "Leaks", author, when)
    day = timezone.localtime(when)
    return {
        "home": reverse("articles:home"),
        "latest": reverse("articles:latest"),
        "section": desks["world"].get_absolute_url(),
        "child section": desks["asia"].get_absolute_url(),
        "tag": reverse("articles:tag_detail", args=["leaks"]),
        "author": author.get_absolute_url(),
        "archive": reverse("articles:archive"),
        "archive year": reverse("articles:archive_year", args=[day.year]),
        "archive month": reverse("articles:archive_month", args=[day.year, day.month]),
        "archive day": reverse(
            "articles:archive_day", args=[day.year, day.month, day.day]
        ),
    }


@pytest.mark.parametrize("page", LIST_PAGES)
def test_no_unpublished_story_appears_on_a_list(client, leak_matrix, page):
    html = html_of(client.get(leak_matrix[page]))

    if page != "archive":
        assert "Leak check: published" in html
    for state in HIDDEN_STATES:
        assert f"Leak check: {state}" not in html, state
    assert Article.objects.filter(headline__startswith="Leak check").count() == 9


def test_no_archive_page_exists_for_a_day_with_only_unpublished_stories(client, desks):
    author = AuthorFactory()
    later = timezone.localtime(NOW + datetime.timedelta(days=2))
    story(desks["world"], 1, "Something published")
    _story_in("scheduled", desks["world"], "Soon", author, NOW)

    response = client.get(
        reverse("articles:archive_day", args=[later.year, later.month, later.day])
    )
    index = html_of(client.get(reverse("articles:archive")))

    assert response.status_code == 404
    assert "Leak check" not in html_of(response)
    if (later.year, later.month) != (NOW.year, NOW.month):
        assert f"/archive/{later.year}/{later.month}/" not in index


# ---- Error pages ----


def test_the_500_page_names_the_site_without_asking_the_database(
    rf, settings, django_assert_num_queries
):
    settings.NEWSROOM_SITE_NAME = "The Harbour Gazette"
    handler = get_resolver().resolve_error_handler(500)

    with django_assert_num_queries(0):
        response = handler(rf.get("/"))

    assert response.status_code == 500
    html = html_of(response)
    assert '<a class="site-name" href="/">The Harbour Gazette</a>' in html
    assert "Something went wrong" in html


def test_the_404_page_has_the_navigation_and_a_way_back(client, desks):
    response = client.get("/no-such-section/")

    html = html_of(response)
    assert response.status_code == 404
    assert '<h1 class="listing__title">Page not found</h1>' in html
    assert '<a href="/world/">World</a>' in html
    assert '<a href="/">Go to the latest stories</a>' in html
