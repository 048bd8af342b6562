"""Caching of the public pages: validators and 304s, the page cache, and the keys
that retire exactly the pages showing what changed."""

import datetime
import io
import multiprocessing
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from articles import caching, preview, revisions, workflow
from articles.models import Article, Author, BodyPart, Section
from bench.processes import free_port

from .factories import (
    ArticleFactory,
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    PublishedArticleFactory,
    SectionFactory,
    walk_to,
)
from .test_admin import change_url, form_data

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parent.parent


def html_of(response):
    return response.content.decode()


@pytest.fixture
def published(db):
    world = SectionFactory(name="World", slug="world")
    article = PublishedArticleFactory(
        section=world,
        headline="Ferries return to the bay",
        published_at=timezone.now() - datetime.timedelta(hours=2),
    )
    BylineFactory(
        article=article, author=AuthorFactory(name="Hana Mori", slug="hana-mori")
    )
    BodyPartFactory(
        article=article, position=1, text="<p>The first ferry left at six.</p>"
    )
    article.tags.add("Ferries")
    return article


def public_urls(article):
    when = timezone.localtime(article.published_at)
    return [
        reverse("articles:home"),
        reverse("articles:latest"),
        article.section.get_absolute_url(),
        reverse("articles:tag_detail", args=["ferries"]),
        reverse("articles:author_detail", args=["hana-mori"]),
        reverse("articles:archive"),
        reverse("articles:archive_year", args=[when.year]),
        reverse("articles:archive_month", args=[when.year, when.month]),
        reverse("articles:archive_day", args=[when.year, when.month, when.day]),
        reverse("articles:corrections"),
        article.get_absolute_url(),
    ]


# ---- Validators and conditional requests ----


def test_public_pages_send_cache_control_etag_and_last_modified(client, published):
    for url in public_urls(published):
        response = client.get(url)

        assert response.status_code == 200, url
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert control == {"public", "max-age=60", "stale-while-revalidate=60"}, url
        assert response["ETag"].startswith('W/"'), url
        assert response["Last-Modified"].endswith(" GMT"), url


def test_a_public_pages_cache_control_is_written_as_django_writes_it(client, published):
    from django.http import HttpResponse
    from django.utils.cache import patch_cache_control

    expected = HttpResponse()
    patch_cache_control(expected, public=True, max_age=60, stale_while_revalidate=60)
    for url in public_urls(published):
        assert client.get(url)["Cache-Control"] == expected["Cache-Control"], url
    # One that had a Cache-Control of its own keeps it, with the public one's.
    own = HttpResponse(headers={"Cache-Control": "no-transform"})
    caching._public_headers(own, ("all",))
    control = {part.strip() for part in own["Cache-Control"].split(",")}
    assert control == {
        "no-transform",
        "public",
        "max-age=60",
        "stale-while-revalidate=60",
    }


def test_the_page_cache_follows_its_setting_from_one_request_to_the_next(
    client, published, settings
):
    import threading

    from django.core.cache.backends.dummy import DummyCache

    url = published.get_absolute_url()
    client.get(url)
    assert caching._cache("default") is caches["default"]
    assert client.get(url)["X-Page-Cache"] == "hit"

    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    assert isinstance(caching._cache("default"), DummyCache)
    assert "X-Page-Cache" not in client.get(url)
    # Each thread has the instances Django gives it.
    found = {}
    thread = threading.Thread(
        target=lambda: found.update(
            held=caching._cache("versions"), django=caches["versions"]
        )
    )
    thread.start()
    thread.join()
    assert found["held"] is found["django"]
    assert found["held"] is not caching._cache("versions")


def test_each_page_has_its_own_etag(client, published):
    etags = {client.get(url)["ETag"] for url in public_urls(published)}

    assert len(etags) == len(public_urls(published))


def test_a_request_with_the_current_etag_gets_304_without_a_query(
    client, published, django_assert_num_queries
):
    url = published.get_absolute_url()
    etag = client.get(url)["ETag"]

    with django_assert_num_queries(0):
        response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "max-age=60" in response["Cache-Control"]


def test_a_request_modified_since_the_last_change_gets_304(client, published):
    url = reverse("articles:home")
    last_modified = client.get(url)["Last-Modified"]

    response = client.get(url, headers={"if-modified-since": last_modified})
    older = client.get(url, headers={"if-modified-since": http_date(0)})

    assert response.status_code == 304
    assert older.status_code == 200


def test_after_a_change_the_old_etag_gets_the_new_page(client, published, editor):
    url = published.get_absolute_url()
    etag = client.get(url)["ETag"]

    workflow.correct(published, kind="correction", text="It left at seven.", by=editor)
    response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "It left at seven." in html_of(response)


# ---- The page cache ----


def test_a_second_request_is_served_from_the_page_cache_without_a_query(
    client, published, django_assert_num_queries
):
    for url in public_urls(published):
        first = client.get(url)
        with django_assert_num_queries(0):
            second = client.get(url)

        assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]


def test_a_story_edited_in_the_admin_shows_its_change_on_the_next_request(
    staff_client, published
):
    reader = Client()
    url = published.get_absolute_url()
    assert "The first ferry left at six." in html_of(reader.get(url))
    assert reader.get(url)["X-Page-Cache"] == "hit"

    data = form_data(staff_client.get(change_url(published)))
    data["parts-0-text"] = "<p>The first ferry left at seven.</p>"
    assert staff_client.post(change_url(published), data).status_code == 302

    html = html_of(reader.get(url))
    assert "The first ferry left at seven." in html
    assert "left at six" not in html


def test_a_paragraph_saved_in_code_shows_at_once_on_the_story_and_its_lists(
    client, published
):
    urls = public_urls(published)
    for url in urls:
        client.get(url)

    published.headline = "Ferries return to the bay at last"
    published.save()

    for url in urls[:5] + urls[6:9] + urls[10:]:
        assert "Ferries return to the bay at last" in html_of(client.get(url)), url


def test_a_published_correction_shows_at_once(client, published, editor):
    client.get(published.get_absolute_url())
    client.get(reverse("articles:corrections"))

    workflow.correct(published, kind="correction", text="It left at seven.", by=editor)

    assert "It left at seven." in html_of(client.get(published.get_absolute_url()))
    assert "It left at seven." in html_of(client.get(reverse("articles:corrections")))


def test_a_restored_revision_shows_at_once(client, published, editor):
    revisions.save_revision(published, by=editor)
    part = published.parts.get()
    part.text = "<p>A rewritten first paragraph.</p>"
    part.save()
    assert "A rewritten first paragraph." in html_of(
        client.get(published.get_absolute_url())
    )

    revisions.restore(revisions.revisions_of(published).last(), by=editor)

    html = html_of(client.get(published.get_absolute_url()))
    assert "The first ferry left at six." in html
    assert "A rewritten first paragraph." not in html


def test_an_unpublished_story_leaves_every_page_at_once(client, published, editor):
    urls = public_urls(published)
    for url in urls:
        client.get(url)

    workflow.unpublish(published, by=editor)

    assert client.get(published.get_absolute_url()).status_code == 404
    for url in [reverse("articles:home"), reverse("articles:latest"), urls[2]]:
        assert "Ferries return to the bay" not in html_of(client.get(url)), url


@pytest.mark.parametrize("change", ["section", "author", "tag"])
def test_renaming_a_section_author_or_tag_shows_at_once(client, published, change):
    url = published.get_absolute_url()
    client.get(url)

    if change == "section":
        section = Section.objects.get(pk=published.section_id)
        section.name = "Around the World"
        section.save()
        expected = "Around the World"
    elif change == "author":
        author = Author.objects.get(slug="hana-mori")
        author.name = "Hana Mori-Sato"
        author.save()
        expected = "Hana Mori-Sato"
    else:
        published.tags.add("Harbours")
        expected = "/tags/harbours/"

    assert expected in html_of(client.get(url))


def test_a_new_story_in_a_section_appears_at_once(client, published):
    section = published.section.get_absolute_url()
    client.get(section)

    walk_to(
        ArticleFactory(
            section=published.section,
            headline="Night ferries too",
            ready_for_the_desk=True,
        ),
        "published",
    )

    assert "Night ferries too" in html_of(client.get(section))


def test_a_bulk_change_shows_at_once(client, published):
    # update() and bulk_create() send no signals; the querysets move the stamp.
    url = published.get_absolute_url()
    client.get(url)

    BodyPart.objects.filter(article=published).update(text="<p>Bulk edit.</p>")
    assert "Bulk edit." in html_of(client.get(url))

    Article.objects.filter(pk=published.pk).update(headline="Bulk headline")
    assert "Bulk headline" in html_of(client.get(url))

    BodyPart.objects.bulk_create(
        [BodyPart(article=published, position=9, text="<p>Added in bulk.</p>")]
    )
    assert "Added in bulk." in html_of(client.get(url))


def test_a_page_whose_story_changed_while_it_rendered_is_sent_but_not_kept(
    client, published, monkeypatch
):
    """Another worker's change, committed and retired after this page read its
    story: the page shows the row as it was, so it is sent, and no one keeps it."""
    shows_stories = caching.shows_stories

    def changed_meanwhile(stories):
        shows_stories(stories)
        monkeypatch.setattr(caching, "shows_stories", shows_stories)  # once
        with connection.cursor() as cursor:  # no signal: not this worker's change
            cursor.execute(
                "UPDATE articles_article SET headline = %s WHERE id = %s",
                ["Ferries stop for the storm", published.pk],
            )
        caching.retire({caching.story_key(published.pk)})

    monkeypatch.setattr(caching, "shows_stories", changed_meanwhile)
    url = published.get_absolute_url()
    during, after = client.get(url), client.get(url)

    assert "Ferries return to the bay" in html_of(during)
    assert during["X-Page-Cache"] == "off"
    assert "no-cache" in during["Cache-Control"]
    assert after["X-Page-Cache"] == "miss"
    assert "Ferries stop for the storm" in html_of(after)


# ---- What is never cached ----


@pytest.mark.parametrize("who", ["staff in the admin", "holder of a share link"])
def test_a_preview_is_never_cached(staff_client, who):
    draft = ArticleFactory(headline="A draft about ferries")
    part = BodyPartFactory(article=draft, text="<p>First draft.</p>")
    if who == "staff in the admin":
        visitor, url = (
            staff_client,
            reverse("admin:articles_article_preview", args=[draft.pk]),
        )
    else:
        visitor = Client()
        url = reverse(
            "articles:shared_preview", args=[preview.share(draft, by=None).token]
        )

    first = visitor.get(url)
    # Without a signal, on purpose: only a page rendered afresh can show it.
    BodyPart.objects.filter(pk=part.pk).update(text="<p>Second draft.</p>")
    second = visitor.get(url)

    assert first.status_code == 200 and "First draft." in html_of(first)
    assert "Second draft." in html_of(second)
    for response in (first, second):
        assert "no-store" in response["Cache-Control"]
        assert "ETag" not in response and "X-Page-Cache" not in response


def test_someone_signed_in_gets_public_pages_fresh_and_private(staff_client, published):
    url = published.get_absolute_url()

    response = staff_client.get(url)
    reader = Client().get(url)

    assert (
        "private" in response["Cache-Control"]
        and "public" not in response["Cache-Control"]
    )
    assert "X-Page-Cache" not in response and "ETag" not in response
    # What the signed-in visit rendered was not kept for readers.
    assert reader["X-Page-Cache"] == "miss"


def test_the_admin_is_never_cached(staff_client, published):
    response = staff_client.get(change_url(published))

    assert response.status_code == 200
    assert (
        "no-store" in response["Cache-Control"]
        or "no-cache" in response["Cache-Control"]
    )
    assert "X-Page-Cache" not in response and "ETag" not in response


def test_errors_and_redirects_are_not_cached(client, published):
    missing = client.get("/no-such-section/")
    when = timezone.localtime(published.published_at) - datetime.timedelta(days=1)
    moved = client.get(
        reverse(
            "articles:article_detail",
            kwargs={
                "section": "world",
                "year": when.year,
                "month": when.month,
                "day": when.day,
                "slug": published.slug,
            },
        )
    )

    assert missing.status_code == 404 and moved.status_code == 301
    for response in (missing, moved):
        assert "public" not in response.get("Cache-Control", "")
        assert "X-Page-Cache" not in response


# ---- Where the versions live ----


def test_a_change_made_by_another_process_is_seen_through_the_versions_file(
    client, published, settings, tmp_path
):
    """Without Redis, the versions are files beside the database that workers share."""
    from django.conf import settings as live

    settings.CACHES = {
        **live.CACHES,
        "versions": {
            "BACKEND": "newsroom.filecache.SharedFileCache",
            "LOCATION": str(tmp_path / "var" / "cache" / "versions"),
        },
    }
    url = published.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("NEWSROOM_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        NEWSROOM_VAR_DIR=str(tmp_path / "var"),
    )

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from articles import caching; "
            f"print(caching.retire({{caching.story_key({published.pk})}}))",
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    assert client.get(url)["X-Page-Cache"] == "miss"


@pytest.fixture
def versions_on_disk(settings, tmp_path):
    """The versions cache a site without Redis has (the tests' own is in memory),
    in a folder of the test's own."""
    from newsroom import settings as site

    versions = site.CACHES["versions"]
    if "redis" in versions["BACKEND"].lower():
        pytest.skip("REDIS_URL is set: the versions are in Redis")
    settings.CACHES = {
        **settings.CACHES,
        "versions": {**versions, "LOCATION": str(tmp_path / "versions")},
    }
    return caches["versions"]


def at_once(processes, work):
    """``work(number)`` in ``processes`` processes (forked) started together; what
    each returned, in the order of ``number``."""
    context = multiprocessing.get_context("fork")
    results, go = context.Queue(), context.Event()

    def run(number):
        go.wait()
        results.put((number, work(number)))

    started = [context.Process(target=run, args=(n,)) for n in range(processes)]
    for process in started:
        process.start()
    go.set()
    found = dict(results.get(timeout=120) for _ in started)
    for process in started:
        process.join(timeout=30)
    return [found[number] for number in range(processes)]


def test_changes_made_at_once_by_several_workers_never_share_a_version(
    versions_on_disk,
):
    # Each change takes the next number of the shared sequence; two changes with
    # one number would let a page rendered between them be kept as current.
    numbers = at_once(4, lambda number: [caching._sequence() for _ in range(150)])

    given = [value for taken in numbers for value in taken]
    assert sorted(given) == list(range(1, 601))


def test_a_key_is_given_its_first_version_by_one_worker_only(versions_on_disk):
    # A reader gives a key that never moved its first version with add(); a write
    # slipped in between another's look and its write would replace a version.
    names = [caching._version_key(caching.story_key(pk)) for pk in range(150)]

    added = at_once(
        4,
        lambda number: [name for name in names if versions_on_disk.add(name, number)],
    )

    assert sorted(name for taken in added for name in taken) == sorted(names)


def test_the_sequence_outlives_more_keys_than_a_file_cache_keeps_by_default(
    versions_on_disk,
):
    caching.retire({"home"})
    before = versions_on_disk.get(caching.SEQUENCE)

    # Every story ever shown has a version: Django's file cache keeps 300 entries
    # and culls a third at random, the sequence among them.
    for first in range(0, 1200, 100):
        caching.retire({caching.story_key(pk) for pk in range(first, first + 100)})

    assert versions_on_disk.get(caching.SEQUENCE) == before + 12
    assert versions_on_disk.get(caching._version_key("home"))[0] == before


def test_writing_many_versions_counts_the_folder_now_and_then_not_every_time(
    versions_on_disk, monkeypatch
):
    """Django's file cache lists its whole folder before every write to see whether
    to cull; at a million entries that made writing an archive quadratic."""
    from django.core.cache.backends.filebased import FileBasedCache

    listings = []
    list_files = FileBasedCache._list_cache_files

    def counted(cache):
        found = list_files(cache)
        listings.append(len(found))
        return found

    monkeypatch.setattr(FileBasedCache, "_list_cache_files", counted)

    for first in range(0, 2000, 100):
        caching.retire({caching.story_key(pk) for pk in range(first, first + 100)})

    assert len(versions_on_disk._list_cache_files()) > 2000
    assert 1 <= len(listings) <= 4, listings[:10]


def test_past_its_limit_the_versions_folder_is_still_culled(
    versions_on_disk, monkeypatch
):
    from newsroom import filecache

    monkeypatch.setattr(filecache, "CULL_EVERY", 10)
    versions_on_disk._max_entries = 100

    for number in range(600):
        versions_on_disk.set(f"entry-{number}", number)

    # Counted every 10 writes, culled by a third when over 100.
    assert len(versions_on_disk._list_cache_files()) <= 100 + 10


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/9"
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"Redis is not reachable at {url}; CI must test the Redis path."
            )
        pytest.skip(f"Redis is not reachable at {url}.")
    return url


@pytest.fixture
def redis_caches(settings, redis_url):
    """Both caches in Redis, under a prefix of this test's own."""
    import redis

    prefix = f"test-{uuid.uuid4().hex}"
    backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": prefix,
    }
    settings.CACHES = {"default": backend, "versions": backend}
    yield prefix
    # Only this test's keys: clear() would empty the whole Redis database.
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def test_the_page_cache_works_in_redis(client, published, editor, redis_caches):
    other = PublishedArticleFactory(headline="Trams run late")
    url, other_url = published.get_absolute_url(), other.get_absolute_url()

    first, second = client.get(url), client.get(url)
    client.get(other_url)
    workflow.correct(published, kind="correction", text="It left at seven.", by=editor)
    third = client.get(url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert third["X-Page-Cache"] == "miss"
    assert "It left at seven." in html_of(third)
    assert client.get(other_url)["X-Page-Cache"] == "hit"
    assert caches["versions"].get(f"newsroom:key:story-{published.pk}") is not None


def test_a_page_reads_each_version_once(client, published, monkeypatch):
    # Its lists (sections, navigation) go by the versions the page read, not newer
    # ones read halfway through; a page served from the cache reads them in one go.
    versions = caching._versions()
    reads = []
    real_get_many = versions.get_many

    def counted_get_many(keys, *args, **kwargs):
        reads.append(list(keys))
        return real_get_many(keys, *args, **kwargs)

    monkeypatch.setattr(versions, "get_many", counted_get_many)
    url = published.get_absolute_url()

    rendered = client.get(url)
    read_to_render = [key for call in reads for key in call]
    reads.clear()
    served = client.get(url)

    assert rendered.headers["X-Page-Cache"] == "miss"
    assert len(read_to_render) == len(set(read_to_render))
    assert f"newsroom:key:story-{published.pk}" in read_to_render
    assert served.headers["X-Page-Cache"] == "hit"
    assert len(reads) == 1


@pytest.fixture
def without_page_cache(settings):
    """A site run with no page cache, as the benchmark of rendering runs it."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


def test_without_a_page_cache_a_page_reads_no_version_of_its_stories(
    client, published, without_page_cache, monkeypatch
):
    # Versions validate a kept page; with nothing kept, a list of twenty stories
    # would read twenty of them for nothing. Its lists still go by theirs.
    for number in range(3):
        PublishedArticleFactory(section=published.section, headline=f"Tide {number}")
    versions = caching._versions()
    read = []
    real_get_many = versions.get_many

    def counted_get_many(keys, *args, **kwargs):
        read.extend(keys)
        return real_get_many(keys, *args, **kwargs)

    monkeypatch.setattr(versions, "get_many", counted_get_many)

    for url in public_urls(published):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "all" in response.headers["xkey"].split(), url
        assert "X-Page-Cache" not in response and "ETag" not in response, url
        assert response.headers["Cache-Control"] == (
            "public, max-age=60, stale-while-revalidate=60"
        ), url
    story = client.get(published.get_absolute_url()).headers["xkey"].split()
    assert f"story-{published.pk}" in story
    assert read and not [key for key in read if "story-" in key]
    assert "newsroom:key:sections" in read


def test_without_a_page_cache_a_page_reads_no_sequence_once_its_keys_moved(
    client, published, without_page_cache, monkeypatch
):
    # The sequence stamps a key's first version; a page that keeps nothing reads
    # the versions its lists go by, and the sequence only for a key never moved.
    url = published.get_absolute_url()
    assert client.get(url).status_code == 200
    versions = caching._versions()
    asked = []
    real_get = versions.get

    def counted_get(key, *args, **kwargs):
        asked.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(versions, "get", counted_get)

    assert client.get(url).status_code == 200
    assert caching.SEQUENCE not in asked

    versions.delete(caching._version_key("sections"))
    assert client.get(url).status_code == 200
    assert caching.SEQUENCE in asked


def test_without_a_page_cache_a_new_story_shows_in_its_lists_at_once(
    client, published, without_page_cache
):
    urls = [published.section.get_absolute_url(), reverse("articles:home")]
    for url in urls:
        client.get(url)

    walk_to(
        ArticleFactory(
            section=published.section,
            headline="Night ferries too",
            ready_for_the_desk=True,
        ),
        "published",
    )

    for url in urls:
        assert "Night ferries too" in html_of(client.get(url)), url


def test_search_is_cached_and_a_new_story_shows_in_it_at_once(client, published):
    url = reverse("articles:search") + "?q=ferries"
    first = client.get(url)
    again = client.get(url)

    assert "Ferries return to the bay" in html_of(first)
    assert (first.headers["X-Page-Cache"], again.headers["X-Page-Cache"]) == (
        "miss",
        "hit",
    )
    assert "ETag" in again.headers

    PublishedArticleFactory(
        section=published.section, headline="Ferries stop for the storm"
    )
    assert "Ferries stop for the storm" in html_of(client.get(url))


def test_a_rebuilt_search_index_shows_at_once(client, published):
    from .test_search import _wipe_index

    url = reverse("articles:search") + "?q=ferries"
    _wipe_index()  # behind Django's back: no signal, no new stamp
    assert "Ferries return to the bay" not in html_of(client.get(url))

    call_command("rebuild_search_index", stdout=io.StringIO())

    assert "Ferries return to the bay" in html_of(client.get(url))


CRAWLED = [
    ("articles:feed", {"format": "rss"}, "application/rss+xml"),
    ("articles:feed", {"format": "atom"}, "application/atom+xml"),
    ("articles:sitemap", {}, "application/xml"),  # lists sitemaps, not stories
    ("articles:sitemap_section", {"section": "stories"}, "application/xml"),
    ("articles:news_sitemap", {}, "application/xml"),
]


@pytest.mark.parametrize("name, kwargs, content_type", CRAWLED)
def test_feeds_and_sitemaps_are_cached_pages_that_a_new_story_retires(
    client, published, django_assert_num_queries, name, kwargs, content_type
):
    url = reverse(name, kwargs=kwargs)
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
        unchanged = client.get(url, HTTP_IF_NONE_MATCH=first.headers["ETag"])

    assert (first.headers["X-Page-Cache"], again.headers["X-Page-Cache"]) == (
        "miss",
        "hit",
    )
    assert again.content == first.content
    # Sent again as it was first sent: its type, and a sitemap's robots header.
    assert again.headers["Content-Type"].startswith(content_type)
    assert again.headers.get("X-Robots-Tag") == first.headers.get("X-Robots-Tag")
    assert unchanged.status_code == 304
    assert "public" in first.headers["Cache-Control"]

    newer = PublishedArticleFactory(
        section=published.section,
        headline="Night ferry added",
        published_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    after = client.get(url)
    assert after.headers["X-Page-Cache"] == "miss"
    if name != "articles:sitemap":
        assert newer.get_absolute_url() in after.content.decode()


# ---- Retiring exactly the pages that show what changed ----


@pytest.fixture
def unrelated(db):
    """A story that shares nothing with ``published``: section, tag, author."""
    trains = SectionFactory(name="Transport", slug="transport")
    article = PublishedArticleFactory(
        section=trains,
        headline="Trams run late",
        published_at=timezone.now() - datetime.timedelta(hours=3),
    )
    BylineFactory(
        article=article, author=AuthorFactory(name="Ola Berg", slug="ola-berg")
    )
    BodyPartFactory(article=article, position=1, text="<p>The trams ran late.</p>")
    article.tags.add("Trams")
    return article


def own_urls(article, tag, author):
    return [
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        reverse("articles:tag_detail", args=[tag]),
        reverse("articles:author_detail", args=[author]),
        reverse("articles:section_feed", args=[article.section.slug, "rss"]),
        reverse("articles:story_ninjs", args=[article.pk]),
        f"/api/v1/stories/{article.pk}",
        f"/api/v1/stories?section={article.section.slug}",
    ]


SITE_WIDE = [
    "/",
    "/latest/",
    "/feed/rss/",
    "/sitemap-stories.xml",
    "/sitemap-news.xml",
    "/api/v1/stories",
]


def cache_state(client, urls):
    return {url: client.get(url).headers.get("X-Page-Cache") for url in urls}


def test_a_correction_retires_its_story_and_its_lists_and_nothing_unrelated(
    client, published, unrelated, editor
):
    mine = own_urls(published, "ferries", "hana-mori")
    theirs = own_urls(unrelated, "trams", "ola-berg")
    cache_state(client, mine + theirs + SITE_WIDE)
    assert set(cache_state(client, mine + theirs + SITE_WIDE).values()) == {"hit"}

    workflow.correct(published, kind="correction", text="It left at seven.", by=editor)

    assert cache_state(client, mine + SITE_WIDE) == dict.fromkeys(
        mine + SITE_WIDE, "miss"
    )
    assert cache_state(client, theirs) == dict.fromkeys(theirs, "hit")
    assert "It left at seven." in html_of(client.get(published.get_absolute_url()))


def test_a_story_published_into_a_section_retires_that_list_not_others(
    client, published, unrelated
):
    world, transport = published.section, unrelated.section
    lists = [world.get_absolute_url(), transport.get_absolute_url()]
    stories = [published.get_absolute_url(), unrelated.get_absolute_url()]
    cache_state(client, lists + stories)

    walk_to(
        ArticleFactory(
            section=world, headline="Night ferries too", ready_for_the_desk=True
        ),
        "published",
    )

    world_list = client.get(lists[0])
    assert world_list.headers["X-Page-Cache"] == "miss"
    assert "Night ferries too" in html_of(world_list)
    # A story never shown on these pages changed the section's list alone.
    assert cache_state(client, lists[1:] + stories) == dict.fromkeys(
        lists[1:] + stories, "hit"
    )


def test_a_story_that_leaves_a_list_leaves_it_at_once(client, published, unrelated):
    old_section = published.section.get_absolute_url()
    tag_page = reverse("articles:tag_detail", args=["ferries"])
    other_story = PublishedArticleFactory(section=published.section)
    other_story.tags.add("Ferries")
    assert "Ferries return to the bay" in html_of(client.get(old_section))
    assert "Ferries return to the bay" in html_of(client.get(tag_page))

    published.section = unrelated.section
    published.save()
    published.tags.remove("Ferries")

    assert "Ferries return to the bay" not in html_of(client.get(old_section))
    assert "Ferries return to the bay" not in html_of(client.get(tag_page))
    assert "Ferries return to the bay" in html_of(
        client.get(unrelated.section.get_absolute_url())
    )


def test_renaming_an_author_retires_the_pages_with_their_byline_only(
    client, published, unrelated
):
    urls = [published.get_absolute_url(), "/", published.section.get_absolute_url()]
    cache_state(client, urls + [unrelated.get_absolute_url()])

    author = Author.objects.get(slug="hana-mori")
    author.name = "Hana Mori-Sato"
    author.save()

    for url in urls:
        response = client.get(url)
        assert response.headers["X-Page-Cache"] == "miss", url
        assert "Hana Mori-Sato" in html_of(response), url
    assert client.get(unrelated.get_absolute_url()).headers["X-Page-Cache"] == "hit"


def test_a_draft_saved_retires_no_public_page(client, published):
    urls = public_urls(published)
    cache_state(client, urls)

    draft = ArticleFactory(section=published.section, headline="Not yet")
    BodyPartFactory(article=draft, text="<p>Still writing.</p>")
    draft.tags.add("Ferries")

    assert cache_state(client, urls) == dict.fromkeys(urls, "hit")


def sequence():
    """The shared sequence of versions: it moves with every key a change retires."""
    return caches["versions"].get(caching.SEQUENCE, 0)


def versions_of(*keys):
    """The versions of ``keys`` that the shared cache holds, by key."""
    names = {caching._version_key(key): key for key in keys}
    return {names[name]: v for name, v in caches["versions"].get_many(names).items()}


def test_a_draft_written_replaced_and_deleted_moves_no_key(client, published, tmp_path):
    urls = public_urls(published)
    cache_state(client, urls)
    before = sequence()

    draft = ArticleFactory(section=published.section, headline="Not yet")
    BodyPartFactory(article=draft, text="<p>Still writing.</p>")
    BylineFactory(article=draft, author=Author.objects.get(slug="hana-mori"))
    draft.tags.add("Ferries")
    draft.headline = "Not yet, still"
    draft.save()
    story = tmp_path / "story.txt"
    story.write_text("Harbour dues rise\n\nThe council voted for it.\n")
    call_command("import_article", str(story), section="world", stdout=io.StringIO())
    story.write_text("Harbour dues rise\n\nThe council voted against it.\n")
    call_command(
        "import_article", str(story), section="world", update=True, stdout=io.StringIO()
    )
    draft.delete()

    # A page served settles this thread's changes first (they are not committed).
    assert cache_state(client, urls) == dict.fromkeys(urls, "hit")
    assert sequence() == before
    assert client.get(f"/api/v1/stories/{draft.pk}").status_code == 404


def test_a_published_story_saved_moves_its_keys(client, published):
    cache_state(client, [published.get_absolute_url(), "/", "/world/"])
    keys = [f"story-{published.pk}", f"section-{published.section_id}", "home"]
    before = versions_of(*keys)
    assert len(before) == len(keys)

    published.headline = "Ferries return to the bay at dawn"
    published.save()

    assert "at dawn" in html_of(client.get(published.get_absolute_url()))
    after = versions_of(*keys)
    assert all(after.get(key) != before.get(key) for key in keys), (before, after)
    assert len(after) == len(keys)


@pytest.mark.parametrize("change", ["unpublish", "spike", "delete"])
def test_a_story_readers_saw_moves_its_keys_when_it_leaves(
    client, published, editor, change
):
    urls = [published.get_absolute_url(), published.section.get_absolute_url(), "/"]
    cache_state(client, urls)
    keys = [f"story-{published.pk}", f"section-{published.section_id}", "home"]
    before = versions_of(*keys)
    assert len(before) == len(keys)

    if change == "delete":
        Article.objects.get(pk=published.pk).delete()
    else:
        workflow.unpublish(published, by=editor)
        if change == "spike":
            workflow.spike(published, by=editor)

    assert client.get(urls[0]).status_code == 404
    after = versions_of(*keys)
    assert all(after.get(name) != before.get(name) for name in keys), (before, after)
    for url in urls[1:]:
        assert "Ferries return to the bay" not in html_of(client.get(url)), url


def test_a_draft_published_moves_its_keys(client, published):
    section = published.section.get_absolute_url()
    cache_state(client, [section, "/"])
    draft = ArticleFactory(
        section=published.section, headline="Night ferries too", ready_for_the_desk=True
    )
    before = sequence()
    assert versions_of(f"story-{draft.pk}") == {}

    walk_to(draft, "published")

    for url in [section, "/"]:
        response = client.get(url)
        assert response.headers["X-Page-Cache"] == "miss", url
        assert "Night ferries too" in html_of(response), url
    assert sequence() > before


@pytest.mark.parametrize("how", ["queryset update", "save of some fields"])
def test_a_draft_saved_then_published_another_way_in_one_write_moves_its_keys(
    client, published, how
):
    # The draft saved whole needs no key read; its row written afterwards by other
    # means is read again where readers see it.
    section = published.section.get_absolute_url()
    cache_state(client, [section, "/"])
    draft = ArticleFactory(section=published.section, headline="Night ferries too")
    before = sequence()

    with transaction.atomic(), caching.batched():
        draft.headline = "Night ferries at last"
        draft.save()
        now = timezone.now()
        if how == "queryset update":
            Article.objects.filter(pk=draft.pk).update(
                status=Article.Status.PUBLISHED, published_at=now
            )
        else:
            other = Article.objects.get(pk=draft.pk)
            other.status, other.published_at = Article.Status.PUBLISHED, now
            other.save(update_fields=["status", "published_at"])

    for url in [section, "/"]:
        response = client.get(url)
        assert response.headers["X-Page-Cache"] == "miss", url
        assert "Night ferries at last" in html_of(response), url
    assert sequence() > before


def test_a_page_names_its_keys_for_a_proxy(client, published, unrelated):
    story = client.get(published.get_absolute_url()).headers["xkey"].split()
    section = client.get(published.section.get_absolute_url()).headers["xkey"].split()
    again = client.get(published.get_absolute_url())

    assert {f"story-{published.pk}", "sections", "all"} <= set(story)
    assert f"story-{unrelated.pk}" not in story
    assert {f"section-{published.section_id}", f"story-{published.pk}"} <= set(section)
    assert again.headers["xkey"].split() == story


# ---- When the shared cache is down ----


def test_with_redis_down_pages_are_served_uncached_with_one_warning(
    client, published, editor, settings, caplog
):
    closed = free_port()  # a port that nothing listens on
    backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed}/0",
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
    settings.CACHES = {"default": backend, "versions": backend}
    url = published.get_absolute_url()

    with caplog.at_level("WARNING", logger="articles.caching"):
        responses = [client.get(url) for _ in range(3)]
        workflow.correct(
            published, kind="correction", text="It left at seven.", by=editor
        )
        after = client.get(url)

    for response in responses + [after]:
        assert response.status_code == 200
        assert response.headers["X-Page-Cache"] == "off"
        assert "ETag" not in response.headers
    assert "It left at seven." in html_of(after)
    warnings = [r for r in caplog.records if r.name == "articles.caching"]
    assert len(warnings) == 1
    assert "cannot reach its shared cache" in warnings[0].getMessage()


def test_a_change_made_while_redis_was_down_retires_its_pages_once_it_is_back(
    client, published, editor, settings, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(caching, "RETRY_SECONDS", 0)
    url = published.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    working = settings.CACHES
    closed = free_port()
    settings.CACHES = {
        **working,
        "versions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed}/0",
        },
    }

    with django_capture_on_commit_callbacks(execute=True):  # committed while down
        workflow.correct(
            published, kind="correction", text="It left at seven.", by=editor
        )
    settings.CACHES = working
    back = client.get(url)

    # The page kept before the outage is not served as if nothing had changed.
    assert back["X-Page-Cache"] == "miss"
    assert "It left at seven." in html_of(back)
