"""The publish_scheduled command, as cron runs it."""

import threading
from io import StringIO

import pytest

from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from articles import workflow
from articles.models import Article

from .factories import ArticleFactory


def _scheduled(at):
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.SCHEDULED, published_at=at
    )
    return article


def _run(*args):
    out = StringIO()
    call_command("publish_scheduled", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_publish_scheduled_publishes_what_is_due_and_says_so():
    now = timezone.now()
    due = _scheduled(now - timezone.timedelta(minutes=5))
    later = _scheduled(now + timezone.timedelta(hours=1))

    output = _run()

    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == Article.Status.PUBLISHED
    assert later.status == Article.Status.SCHEDULED
    assert f"published: {due.pk} {due.headline}" in output
    assert "1 published." in output
    assert list(due.transitions.values_list("source", "target", "by")) == [
        ("scheduled", "published", None)
    ]


@pytest.mark.django_db
def test_publish_scheduled_is_idempotent():
    _scheduled(timezone.now() - timezone.timedelta(minutes=1))

    _run()
    second = _run()

    assert "0 published." in second
    assert Article.objects.published().count() == 1


@pytest.mark.django_db
def test_dry_run_lists_what_is_due_and_changes_nothing():
    due = _scheduled(timezone.now() - timezone.timedelta(minutes=1))

    output = _run("--dry-run")

    due.refresh_from_db()
    assert due.status == Article.Status.SCHEDULED
    assert f"due: {due.pk} {due.headline}" in output
    assert "1 due, nothing published" in output


@pytest.mark.django_db
def test_neither_a_run_nor_a_dry_run_takes_a_story_whose_embargo_has_not_lifted():
    now = timezone.now()
    held = _scheduled(now - timezone.timedelta(minutes=5))
    Article.objects.filter(pk=held.pk).update(
        embargo_until=now + timezone.timedelta(hours=1)
    )

    dry = _run("--dry-run")
    output = _run()

    held.refresh_from_db()
    assert held.status == Article.Status.SCHEDULED
    assert "0 due, nothing published" in dry
    assert "0 published." in output


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_publish_each_due_story_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL; .ci/run runs this there")
    now = timezone.now()
    stories = [_scheduled(now - timezone.timedelta(minutes=n)) for n in range(1, 31)]
    start = threading.Barrier(2)
    results = []

    def run():
        try:
            start.wait()
            results.append(workflow.publish_scheduled(now=now))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    published_ids = sorted(article.pk for result in results for article in result)
    assert published_ids == sorted(article.pk for article in stories)
    assert Article.objects.published(now=now).count() == 30
    for article in stories:
        assert article.transitions.filter(target="published").count() == 1
