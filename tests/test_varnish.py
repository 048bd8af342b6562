"""The caching proxy: Varnish with the repository's VCL in front of the site,
purged by the application for exactly the keys of a change."""

import datetime
import http.client
import logging
import time

import pytest

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from articles import caching, proxies, workflow
from bench.processes import free_port

from .factories import (
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    PublishedArticleFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stories(db):
    world = SectionFactory(name="World", slug="world")
    ferries = PublishedArticleFactory(
        section=world,
        headline="Ferries return to the bay",
        published_at=timezone.now() - datetime.timedelta(hours=2),
    )
    BylineFactory(article=ferries, author=AuthorFactory(name="Hana Mori"))
    BodyPartFactory(article=ferries, text="<p>The first ferry left at six.</p>")
    trams = PublishedArticleFactory(
        section=SectionFactory(name="Transport", slug="transport"),
        headline="Trams run late",
        published_at=timezone.now() - datetime.timedelta(hours=3),
    )
    BylineFactory(article=trams, author=AuthorFactory(name="Ola Berg"))
    return ferries, trams


def cached_twice(varnish, path):
    """Ask twice: the second answer must come from the proxy."""
    first, second = varnish.get(path), varnish.get(path)
    assert first.status == 200, (path, first.status)
    assert second.headers["X-Cache"] == "hit", path
    return second


def test_a_correction_shows_through_the_proxy_at_once_and_nothing_else_moves(
    varnish, stories, editor
):
    ferries, trams = stories
    story, other = ferries.get_absolute_url(), trams.get_absolute_url()
    section = ferries.section.get_absolute_url()
    for path in (story, other, section, "/"):
        cached_twice(varnish, path)
    assert "xkey" not in varnish.get(story).headers

    workflow.correct(ferries, kind="correction", text="It left at seven.", by=editor)

    corrected = varnish.get(story)
    assert corrected.headers["X-Cache"] == "miss"
    assert "It left at seven." in corrected.text
    refreshed = varnish.get(section)
    assert refreshed.headers["X-Cache"] == "miss"
    assert varnish.get("/").headers["X-Cache"] == "miss"
    # Asked once since the purge: a hit is the copy kept from before it.
    assert varnish.get(other).headers["X-Cache"] == "hit"


def test_a_new_story_shows_in_its_section_through_the_proxy(varnish, stories):
    ferries, trams = stories
    section = ferries.section.get_absolute_url()
    cached_twice(varnish, section)
    cached_twice(varnish, trams.section.get_absolute_url())

    PublishedArticleFactory(section=ferries.section, headline="Night ferries too")

    assert "Night ferries too" in varnish.get(section).text
    other = varnish.get(trams.section.get_absolute_url())
    assert other.headers["X-Cache"] == "hit"


def test_the_admin_and_anyone_signed_in_are_never_served_from_the_proxy(
    varnish, stories
):
    ferries, _ = stories
    story = ferries.get_absolute_url()
    cached_twice(varnish, story)
    user = UserFactory(username="desk", is_staff=True, is_superuser=True)
    signed_in = Client()
    signed_in.force_login(user)
    session = signed_in.cookies["sessionid"].value
    assert signed_in.session[SESSION_KEY] == str(user.pk)
    cookie = {"Cookie": f"sessionid={session}; csrftoken=abc"}

    for path in (story, "/admin/", "/admin/articles/article/"):
        answers = [varnish.get(path, headers=cookie) for _ in range(2)]
        for answer in answers:
            assert answer.status == 200, path
            assert answer.headers["X-Cache"] == "miss", path
            assert "private" in answer.headers["Cache-Control"], path
    # The login page sets a CSRF cookie: fetched for each visitor.
    logins = [varnish.get("/admin/login/") for _ in range(2)]
    assert [answer.headers["X-Cache"] for answer in logins] == ["miss", "miss"]
    assert varnish.get(story).headers["X-Cache"] == "hit"


def test_a_stale_copy_is_served_while_the_application_is_down(
    varnish, backend, stories, monkeypatch
):
    # Pages kept for one second, so that the copy is past its time when asked again.
    monkeypatch.setattr(caching, "BROWSER_SECONDS", 1)
    ferries, _ = stories
    story = ferries.get_absolute_url()
    assert varnish.get(story).status == 200

    backend.stop()
    time.sleep(2.5)
    stale = varnish.get(story)

    assert stale.status == 200
    assert "Ferries return to the bay" in stale.text
    assert int(stale.headers["Age"]) >= 2


def test_a_proxy_that_does_not_answer_is_logged_and_the_save_goes_through(
    settings, stories, editor, caplog
):
    ferries, _ = stories
    closed = free_port()
    settings.VARNISH_PURGE_URLS = [f"http://127.0.0.1:{closed}/"]

    with caplog.at_level(logging.WARNING, logger="articles.proxies"):
        workflow.correct(
            ferries, kind="correction", text="It left at seven.", by=editor
        )

    assert ferries.corrections.filter(text="It left at seven.").exists()
    (warning,) = [r for r in caplog.records if r.name == "articles.proxies"]
    assert f"127.0.0.1:{closed}" in warning.getMessage()
    assert f"story-{ferries.pk}" in warning.getMessage()


def test_only_the_acl_may_purge(varnish, stories):
    ferries, _ = stories
    story = ferries.get_absolute_url()
    cached_twice(varnish, story)
    key = {"xkey-purge": f"story-{ferries.pk}"}

    # Another address of this machine, outside the ACL (127.0.0.1 and ::1).
    outsider = http.client.HTTPConnection(
        "127.0.0.1", varnish.port, timeout=10, source_address=("127.0.0.2", 0)
    )
    outsider.request("PURGE", "/", headers=key)
    refused = outsider.getresponse()
    outsider.close()
    assert refused.status == 403
    assert varnish.get(story).headers["X-Cache"] == "hit"

    assert proxies.purge({f"story-{ferries.pk}"})
    assert varnish.get(story).headers["X-Cache"] == "miss"
