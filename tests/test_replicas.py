"""Where each request reads: readers from a replica, the admin and writers from the
primary, and an editor who just saved from the primary for a while.

The replica here is the suite's mirror of the test database (``replica_1``, see
tests/settings.py): a second connection to the same rows, so that every query can
be counted on the alias that ran it. The rows are committed (``transaction=True``)
because a second connection does not see a test's uncommitted ones.
tests/test_replication.py runs the same site against a real streaming replica.
"""

import pytest

from django.core.management import call_command
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from newsroom import replicas

from .factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica_1"])

MIDDLEWARE = "newsroom.replicas.ReadReplicaMiddleware"


@pytest.fixture(autouse=True)
def routing(settings):
    """Routing on, as DATABASE_REPLICA_URLS turns it on."""
    settings.NEWSROOM_READ_REPLICAS = ["replica_1"]
    settings.DATABASE_ROUTERS = ["newsroom.replicas.ReplicaRouter"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware"),
        MIDDLEWARE,
    )
    settings.MIDDLEWARE = middleware
    replicas._down_until.clear()
    yield
    replicas._down_until.clear()


class Queries:
    """The queries each alias ran inside the block."""

    def __enter__(self):
        self.captured = {
            alias: CaptureQueriesContext(connections[alias])
            for alias in ("default", "replica_1")
        }
        for context in self.captured.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.captured.values():
            context.__exit__(*exc)

    def on(self, alias):
        return [query["sql"] for query in self.captured[alias].captured_queries]


@pytest.fixture
def story():
    return PublishedArticleFactory(
        headline="The harbour reopens", ready_for_the_desk=True
    )


def test_a_readers_story_page_is_read_from_the_replica_alone(client, story):
    with Queries() as queries:
        response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    assert "The harbour reopens" in response.text
    assert queries.on("default") == []
    assert 1 <= len(queries.on("replica_1")) <= 12
    assert replicas.PIN_COOKIE not in response.cookies


def test_a_page_the_cache_holds_costs_no_database_at_all(
    client, story, monkeypatch, settings
):
    # The story's keys moved long enough ago for the replica to have replayed them.
    settings.NEWSROOM_REPLICA_PIN_SECONDS = 0
    checked = []
    check = replicas.answering_replica
    monkeypatch.setattr(
        replicas, "answering_replica", lambda: checked.append(1) or check()
    )
    assert client.get(story.get_absolute_url()).headers["X-Page-Cache"] == "miss"
    assert checked == [1]  # a replica chosen, its connection checked, once

    with Queries() as queries:
        response = client.get(story.get_absolute_url())

    assert response.headers["X-Page-Cache"] == "hit"
    assert queries.on("default") == queries.on("replica_1") == []
    # Not even a connection checked: the replica is chosen on the first read.
    assert checked == [1]


def test_a_page_read_from_the_replica_just_after_its_story_changed_is_not_kept(
    client, story, settings
):
    """The replica may not have replayed a change yet: a page read from it while
    one of its keys moved within the pin's time is sent, and kept by no one."""
    url = story.get_absolute_url()
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["X-Page-Cache"] == "off"
        assert "no-cache" in response.headers["Cache-Control"]

    settings.NEWSROOM_REPLICA_PIN_SECONDS = 0  # as if that time had passed
    assert client.get(url).headers["X-Page-Cache"] == "miss"
    assert client.get(url).headers["X-Page-Cache"] == "hit"


def test_a_list_read_from_the_replica_just_after_it_changed_is_read_again(
    client, story, settings
):
    """Not only the page: the lists it is made of (``caching.remember``), read from
    a replica that may not have replayed the change, are not kept either."""
    home = reverse("articles:home")
    assert client.get(home).headers["X-Page-Cache"] == "off"

    settings.NEWSROOM_REPLICA_PIN_SECONDS = 0  # as if that time had passed
    with Queries() as caught_up:
        assert client.get(f"{home}?again").headers["X-Page-Cache"] == "miss"
    with Queries() as remembered:
        assert client.get(f"{home}?once-more").headers["X-Page-Cache"] == "miss"

    # Lists read from the lagging replica were not kept: once it has caught up,
    # the page under another address reads them again, and only then keeps them.
    assert len(remembered.on("replica_1")) < len(caught_up.on("replica_1"))


def test_the_front_page_and_a_feed_are_read_from_the_replica(client, story):
    for path in (reverse("articles:home"), "/feed/rss/"):
        with Queries() as queries:
            response = client.get(path)

        assert response.status_code == 200, path
        assert "The harbour reopens" in response.text, path
        assert queries.on("default") == [], path
        assert queries.on("replica_1"), path


def test_a_search_is_read_from_the_replica(client, story):
    with Queries() as queries:
        response = client.get(reverse("articles:search"), {"q": "harbour"})

    assert response.status_code == 200
    assert "reopens" in response.text
    assert queries.on("default") == []
    assert queries.on("replica_1")


def test_the_admin_reads_from_the_primary(staff_client, story):
    with Queries() as queries:
        response = staff_client.get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 200
    assert "The harbour reopens" in response.text
    assert queries.on("default")
    assert queries.on("replica_1") == []


def test_a_write_goes_to_the_primary_and_pins_its_author_there(
    client, staff_user, story, settings
):
    client.force_login(staff_user)
    client.cookies.pop(replicas.PIN_COOKIE, None)
    with Queries() as queries:
        response = client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "unpublish_selected", "_selected_action": [story.pk]},
        )

    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).status == Article.Status.UNPUBLISHED
    assert queries.on("replica_1") == []
    assert any(sql.startswith("UPDATE") for sql in queries.on("default"))
    pin = response.cookies[replicas.PIN_COOKIE]
    assert pin["max-age"] == settings.NEWSROOM_REPLICA_PIN_SECONDS == 15
    assert pin["httponly"] and pin["samesite"] == "Lax" and pin["path"] == "/"

    # Her next page reads what she wrote, from the primary.
    with Queries() as queries:
        response = client.get(story.get_absolute_url())

    assert response.status_code == 404
    assert queries.on("default")
    assert queries.on("replica_1") == []


def test_without_the_pin_the_same_editor_reads_public_pages_from_the_replica(
    client, staff_user, story
):
    client.force_login(staff_user)

    with Queries() as queries:
        response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    assert queries.on("replica_1")
    # Only her session and user, which the primary wrote at login, are read there
    # too: through the replica, which holds them.
    assert queries.on("default") == []


def test_a_readers_post_is_answered_from_the_primary(client, story):
    with Queries() as queries:
        response = client.post(
            "/csp-report/",
            data=b'{"csp-report": {"blocked-uri": "inline"}}',
            content_type="application/csp-report",
        )

    assert response.status_code < 400
    assert queries.on("replica_1") == []
    assert replicas.PIN_COOKIE in response.cookies


def test_commands_read_and_write_on_the_primary(story):
    with Queries() as queries:
        call_command("publish_scheduled", "--dry-run", stdout=None)
        assert Article.objects.published().count() == 1
        story.headline = "The harbour reopens at dawn"
        story.save()

    assert queries.on("replica_1") == []
    assert queries.on("default")


def test_an_object_read_from_the_replica_is_saved_to_the_primary(client, story):
    with replicas.reading(replicas.ReplicaChoice()):
        found = Article.objects.get(pk=story.pk)
        assert found._state.db == "replica_1"
        with Queries() as queries:
            found.headline = "The harbour reopens at dawn"
            found.save(update_fields=["headline"])

    # save() may read the row as it was where reads go; it writes to the primary.
    assert not any(sql.startswith("UPDATE") for sql in queries.on("replica_1"))
    assert any(sql.startswith("UPDATE") for sql in queries.on("default"))
    assert Article.objects.get(pk=story.pk).headline == "The harbour reopens at dawn"


def test_only_the_primary_is_migrated():
    router = replicas.ReplicaRouter()

    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica_1", "articles")
