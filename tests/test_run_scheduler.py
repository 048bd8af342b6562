"""run_scheduler: the long-running scheduler that publishes stories as their time comes."""

import os
import signal
import subprocess
import sys
import threading
from io import StringIO
from pathlib import Path

import pytest

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone

from articles import scheduler
from articles.models import Article

from .test_publish_scheduled import _scheduled

Status = Article.Status


@pytest.mark.django_db
def test_a_pass_publishes_what_is_due_and_leaves_what_is_not():
    now = timezone.now()
    due = _scheduled(now - timezone.timedelta(minutes=1))
    later = _scheduled(now + timezone.timedelta(hours=1))
    out = StringIO()

    call_command("run_scheduler", "--runs", "1", stdout=out)

    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == (Status.PUBLISHED, Status.SCHEDULED)
    assert due.transitions.get().note == "Published on schedule."
    assert f"published: {due.pk} {due.headline}" in out.getvalue()
    assert out.getvalue().endswith("Stopped; 1 published.\n")


@pytest.mark.django_db
@pytest.mark.parametrize("interval", ["0", "61"])
def test_an_interval_that_could_miss_the_minute_is_refused(interval):
    with pytest.raises(CommandError, match="1 to 60 seconds"):
        call_command("run_scheduler", "--interval", interval, "--runs", "1")


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_publish_each_story_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL; .ci/run runs this there")
    now = timezone.now()
    stories = [_scheduled(now - timezone.timedelta(minutes=n)) for n in range(1, 21)]
    start = threading.Barrier(2)
    counts = []

    def run():
        try:
            start.wait()
            counts.append(scheduler.run(runs=1, report=lambda line: None))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(counts) == 20
    for article in stories:
        assert article.transitions.filter(target="published").count() == 1


def test_the_scheduler_stops_on_sigterm_as_a_process_manager_stops_it(tmp_path):
    """The real command, in a process of its own, on a database of its own."""
    env = {
        **os.environ,
        "NEWSROOM_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
    }
    env.pop("DATABASE_URL", None)
    manage = Path(settings.BASE_DIR) / "manage.py"
    subprocess.run(
        [sys.executable, manage, "migrate", "-v0"], env=env, check=True, timeout=120
    )
    process = subprocess.Popen(
        [sys.executable, manage, "run_scheduler", "--interval", "60"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().startswith("Publishing scheduled stories")

    process.send_signal(signal.SIGTERM)

    assert process.wait(timeout=30) == 0
    assert process.stdout.read() == "Stopped; 0 published.\n"
