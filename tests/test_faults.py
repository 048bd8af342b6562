"""The site keeps serving through faults: a PostgreSQL restart, a Redis outage.

Each is done for real, to a server of the test's own (``bench/services.py``):
PostgreSQL made with ``initdb`` on a free port, a ``redis-server`` on another,
never the shared ones. Where a program is missing the test skips, and fails on CI.
``make chaos`` runs the same faults under load and prints what readers saw.
"""

import time
import urllib.error
import urllib.request

import pytest

from django.test import Client

from articles import caching
from bench.services import (
    Readers,
    Redis,
    ServiceUnavailable,
    Site,
    manage,
    postgresql_cluster,
    site_environment,
)

from .browser import require
from .factories import PublishedArticleFactory

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


@pytest.fixture
def redis():
    try:
        server = Redis()
    except ServiceUnavailable as missing:
        require(False, str(missing))
    with server:
        yield server


@pytest.fixture
def redis_caches(settings, redis):
    """Both caches in the test's own Redis, as ``REDIS_URL`` puts them."""
    options = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
    settings.CACHES = {
        alias: {
            "BACKEND": REDIS_CACHE,
            "LOCATION": redis.url,
            "KEY_PREFIX": f"test-{alias}",
            "OPTIONS": options,
        }
        for alias in ("default", "versions")
    }
    return redis


@pytest.mark.django_db
def test_pages_render_through_a_redis_outage_and_are_cached_again_after(
    redis_caches, caplog, monkeypatch
):
    # The page cache leaves an unreachable Redis alone this long between tries.
    monkeypatch.setattr(caching, "RETRY_SECONDS", 1)
    story = PublishedArticleFactory(
        headline="Ferries run again", ready_for_the_desk=True
    )
    url = story.get_absolute_url()
    client = Client()
    assert client.get(url).headers["X-Page-Cache"] == "miss"
    assert client.get(url).headers["X-Page-Cache"] == "hit"

    redis_caches.stop()
    started = time.monotonic()
    during = [client.get(path) for path in (url, "/", url, "/latest/")]
    took = time.monotonic() - started

    assert [response.status_code for response in during] == [200] * 4
    assert "Ferries run again" in during[0].text
    # Served uncached: the page cache is off until Redis answers.
    assert {response.headers.get("X-Page-Cache") for response in during} == {"off"}
    # No validator: no browser keeps a page made while the versions were unknown.
    assert not any(response.has_header("ETag") for response in during)
    assert took < 5  # a refused connection, not a timeout per request
    assert "cannot reach its shared cache" in caplog.text

    redis_caches.start()
    time.sleep(1.1)
    assert client.get(url).headers["X-Page-Cache"] == "miss"
    assert client.get(url).headers["X-Page-Cache"] == "hit"


@pytest.fixture(scope="module")
def site_on_its_own_postgresql(tmp_path_factory):
    """The site under gunicorn on a PostgreSQL of its own, page cache off, so that
    every request reads the database."""
    try:
        with postgresql_cluster() as (primary, _replicas):
            env = site_environment(
                tmp_path_factory.mktemp("faults-var"),
                primary.url(),
                DJANGO_SETTINGS_MODULE="bench.settings",
                BENCH_PAGE_CACHE="off",
            )
            manage(env, "migrate", "--no-input")
            manage(env, "generate_stories", 5, "--seed", 3)
            with Site(env, workers=2) as site:
                yield primary, site
    except ServiceUnavailable as missing:
        require(False, str(missing))


def test_the_site_recovers_by_itself_from_a_postgresql_restart(
    site_on_its_own_postgresql,
):
    primary, site = site_on_its_own_postgresql
    paths = ["/", "/latest/", "/search/?q=the", "/authors/"]
    readers = Readers(site.base, paths, readers=4, timeout=10).start()
    try:
        time.sleep(2)
        went_down = readers.now()
        primary.stop("fast")  # ends every session, as a restart does
        time.sleep(2)
        primary.start()
        came_back = readers.now()
        time.sleep(3)
    finally:
        readers.stop()

    before = readers.counts(0, went_down)
    assert set(before) == {"200"} and before["200"] >= 10
    recovered = readers.recovered_at(came_back)
    assert recovered is not None, readers.counts(came_back)
    # The first requests after the restart find their kept connection dead, drop
    # it (the health check) and connect again: no request fails once it is back.
    assert recovered - came_back < 1.0, readers.counts(came_back)
    after = readers.counts(recovered)
    assert set(after) == {"200"} and after["200"] >= 10
    # While it was down, readers were told to come back (503), never given a 500.
    during = readers.counts(went_down, came_back)
    assert during and set(during) <= {"200", "503"}, during


def answer(url):
    """``(status, headers, body)`` of a GET; an HTTP error is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_while_postgresql_is_down_readers_get_a_short_503_and_the_log_no_traceback(
    site_on_its_own_postgresql,
):
    primary, site = site_on_its_own_postgresql
    paths = ["/", "/latest/", "/search/?q=the", "/authors/"]
    assert [site.get(path)[0] for path in paths] == [200] * 4
    logged_before = site.log.stat().st_size

    primary.stop("fast")
    try:
        down = [answer(site.base + path) for path in paths * 3]
    finally:
        primary.start()
    back = [site.get(path)[0] for path in paths * 2]

    assert [status for status, _headers, _body in down] == [503] * len(down)
    for _status, headers, body in down:
        assert headers["Retry-After"] == "10"
        assert "no-store" in headers["Cache-Control"]
        assert "This page cannot be shown just now." in body
    assert back == [200] * len(back)

    def logged():
        with open(site.log, encoding="utf-8") as log:
            log.seek(logged_before)
            lines = log.read().splitlines()
        met = [line for line in lines if "The database cannot be reached" in line]
        over = [line for line in lines if "The database answers again" in line]
        return lines, met, over

    # A worker says the outage is over with the first request it serves after it:
    # on a busy machine the other worker may have taken every request so far.
    lines, met, over = logged()
    give_up = time.monotonic() + 20
    while len(over) < len(met) and time.monotonic() < give_up:
        assert site.get(paths[0])[0] == 200
        lines, met, over = logged()
    # Neither a traceback nor Django's line for each 5xx answer.
    assert not [
        line
        for line in lines
        if "Traceback" in line or "exc_info" in line or "Service Unavailable" in line
    ]
    # One warning as each worker met the outage, one as it was over: not one a
    # request. Two workers, so at most two of each.
    assert 1 <= len(met) <= 2, lines
    assert len(over) == len(met), lines


def test_a_restart_while_no_one_reads_costs_no_reader_an_error(
    site_on_its_own_postgresql,
):
    primary, site = site_on_its_own_postgresql
    assert [site.get(path)[0] for path in ("/", "/latest/") * 4] == [200] * 8

    # Every worker keeps a connection that the restart ends without telling it.
    primary.stop("fast")
    primary.start()

    # Each is found dead by the health check before the first query, and made again.
    assert [site.get(path)[0] for path in ("/", "/latest/") * 4] == [200] * 8
