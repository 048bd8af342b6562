"""The site on a real streaming replica: readers read from it, editors from the
primary, and a replica that stops answering leaves readers on the primary.

The site runs under gunicorn with ``DATABASE_URL`` on the tests' own primary and
``DATABASE_REPLICA_URLS`` on its replica (``tests/replication.py``), and is met
through HTTP. Which server answered a request is read from the servers themselves:
``pg_stat_activity`` on each says when the site's sessions last ran a query, and
pausing the replica's replay makes what only the primary holds tell the two apart.
"""

import http.cookiejar
import itertools
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from bench.services import ServiceUnavailable, Site, manage, site_environment

from .browser import require
from .replication import caught_up

SHOW_NEWEST = (
    "from articles.models import Article; "
    "story = Article.objects.published().latest('pk'); "
    "print(story.pk, story.get_absolute_url())"
)


@pytest.fixture(scope="module")
def servers(streaming_replica, tmp_path_factory):
    """The primary, the replica, and the site on them with three stories."""
    primary, replica = streaming_replica
    password = secrets.token_urlsafe(16)
    env = site_environment(
        tmp_path_factory.mktemp("replication-var"),
        primary.url(),
        DATABASE_REPLICA_URLS=replica.url(),
        DATABASE_REPLICA_RETRY_SECONDS=1,
        NEWSROOM_ADMIN_USERNAME="editor",
        NEWSROOM_ADMIN_PASSWORD=password,
    )
    manage(env, "migrate", "--no-input")
    manage(env, "generate_stories", 3, "--seed", 1)
    manage(env, "local_login")
    try:
        site = Site(env)
    except ServiceUnavailable as missing:
        require(False, str(missing))
    caught_up(primary, replica)
    yield primary, replica, site, env, password
    site.stop()


def newest_story(env):
    pk, url = manage(env, "shell", "-c", SHOW_NEWEST).splitlines()[-1].split()
    return int(pk), url


def clock(primary):
    return primary.execute("SELECT clock_timestamp()")[0][0]


def served(server, since):
    """How many of the site's sessions ran a query on ``server`` since ``since``."""
    return server.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = 'newsroom' "
        "AND backend_type = 'client backend' AND application_name = '' "
        "AND query_start >= %s",
        [since],
    )[0][0]


def eventually(check, seconds=15):
    stop = time.monotonic() + seconds
    while not (found := check()) and time.monotonic() < stop:
        time.sleep(0.1)
    return found


class Editor:
    """A browser with cookies, logged in to the admin."""

    def __init__(self, site, password):
        self.site = site
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies)
        )
        self.get("/admin/login/")
        self.post(
            "/admin/login/",
            {"username": "editor", "password": password, "next": "/admin/"},
        )
        assert "sessionid" in self.cookie_names()

    def cookie_names(self):
        return {cookie.name for cookie in self.cookies}

    def drop_cookie(self, name):
        for cookie in list(self.cookies):
            if cookie.name == name:
                self.cookies.clear(cookie.domain, cookie.path, cookie.name)

    def get(self, path):
        try:
            with self.opener.open(self.site.base + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path, fields):
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        data = urllib.parse.urlencode(
            {**fields, "csrfmiddlewaretoken": token}, doseq=True
        ).encode()
        with self.opener.open(self.site.base + path, data, timeout=10) as response:
            return response.status, response.read().decode()


def test_a_readers_page_is_read_from_the_replica_and_the_admin_from_the_primary(
    servers,
):
    primary, replica, site, env, password = servers
    _pk, url = newest_story(env)

    since = clock(primary)
    assert site.get(url)[0] == 200
    assert site.get("/")[0] == 200
    assert served(replica, since) >= 1
    assert served(primary, since) == 0

    since = clock(primary)
    editor = Editor(site, password)
    status, body = editor.get("/admin/articles/article/")
    assert status == 200 and "Select article to change" in body
    assert served(primary, since) >= 1
    assert served(replica, since) == 0


def test_a_story_published_on_the_primary_reaches_readers_once_replayed(servers):
    primary, replica, site, env, _password = servers
    replica.execute("SELECT pg_wal_replay_pause()")
    try:
        manage(env, "generate_stories", 1, "--seed", 2)
        _pk, url = newest_story(env)

        # Only the primary has it: the reader's page was read from the replica.
        assert site.get(url)[0] == 404
    finally:
        replica.execute("SELECT pg_wal_replay_resume()")

    assert eventually(lambda: site.get(url)[0] == 200)


def test_an_editor_who_saved_reads_her_write_while_readers_wait_for_the_replica(
    servers,
):
    primary, replica, site, env, password = servers
    pk, url = newest_story(env)
    caught_up(primary, replica)
    editor = Editor(site, password)
    editor.drop_cookie("newsroom_primary")  # the one her login left
    assert editor.get(url)[0] == 200

    replica.execute("SELECT pg_wal_replay_pause()")
    try:
        editor.post(
            "/admin/articles/article/",
            {"action": "unpublish_selected", "_selected_action": [pk]},
        )
        assert "newsroom_primary" in editor.cookie_names()

        since = clock(primary)
        assert editor.get(url)[0] == 404  # from the primary
        assert served(primary, since) >= 1
        assert served(replica, since) == 0
        assert site.get(url)[0] == 200  # a reader, from the paused replica

        # Without the pin she would have read the replica too.
        editor.drop_cookie("newsroom_primary")
        assert editor.get(url)[0] == 200
    finally:
        replica.execute("SELECT pg_wal_replay_resume()")

    assert eventually(lambda: site.get(url)[0] == 404)


def test_when_the_replica_is_down_readers_read_from_the_primary(servers):
    primary, replica, site, env, _password = servers
    _pk, url = newest_story(env)
    replica.stop()
    try:
        since = clock(primary)
        answers = [site.get(path)[0] for path in (url, "/", url, "/latest/") * 3]

        assert answers == [200] * 12
        assert served(primary, since) >= 1
    finally:
        replica.start()

    # Back once it answers again (each worker tries it a second after it failed).
    # A search for a new word each time: a page no cache holds, read afresh.
    tries = itertools.count()

    def on_the_replica():
        since = clock(primary)
        site.get(f"/search/?q=harbour{next(tries)}")
        site.get(f"/search/?q=ferry{next(tries)}")
        return served(replica, since) >= 1

    assert eventually(on_the_replica)
