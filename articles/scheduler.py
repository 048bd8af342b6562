"""The scheduler: publishes scheduled stories as their time comes, until stopped.

A long-running loop around ``workflow.publish_scheduled()``, one pass every
``interval`` seconds (30 by default, so a due story goes out within a minute). Two
schedulers at once are safe: each due story is taken under a row lock the other skips
(PostgreSQL), and a story the other one published first is refused by the workflow
rather than published twice. A pass that fails (the database away, a lock held too
long on SQLite) is logged and the next pass tries again.
"""

import logging
import threading

from django.db import DatabaseError, close_old_connections, transaction
from django.utils import timezone

from . import workflow

logger = logging.getLogger(__name__)

DEFAULT_INTERVAL = 30


def run(*, interval=DEFAULT_INTERVAL, stop=None, runs=None, report=print):
    """Publish what is due every ``interval`` seconds until ``stop`` is set (a
    ``threading.Event``), or after ``runs`` passes; return how many were published.

    ``report`` is called with a line for each story published and each failed pass.
    """
    stop = stop or threading.Event()
    published = passes = 0
    while not stop.is_set():
        published += _one_pass(report)
        passes += 1
        if runs is not None and passes >= runs:
            break
        stop.wait(interval)
    return published


def _fresh_connection():
    """Drop a connection the database closed, or one past its age, as Django does
    around each request, so the next pass opens a new one. Not from inside a
    transaction (a caller's, or a test's), whose connection must stay."""
    if not transaction.get_connection().in_atomic_block:
        close_old_connections()


def _one_pass(report):
    _fresh_connection()
    try:
        stories = workflow.publish_scheduled(now=timezone.now())
    except (DatabaseError, workflow.TransitionNotAllowed) as error:
        # Another scheduler took a story first, or the database is away: the next
        # pass tries again with what is still due.
        logger.warning("Scheduled publishing failed, trying again: %s", error)
        report(f"pass failed, trying again: {error}")
        return 0
    finally:
        _fresh_connection()
    for story in stories:
        report(f"published: {story.pk} {story.headline} {story.get_absolute_url()}")
    return len(stories)
