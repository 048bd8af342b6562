"""The PostgreSQL backend's health check (newsroom/postgresql/base.py): a kept
connection the server has said nothing on is used without a round trip; one the
server ended is found dead and made again before the request's first query.

On the suite's own PostgreSQL; skipped on SQLite, whose connections need no check.
The rows are committed (``transaction=True``): a test's transaction would keep the
connection busy, and a busy connection is always asked.
"""

import select
import time

import psycopg
import pytest

from django.db import connection

from articles.models import Article

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a PostgreSQL backend's check"
    ),
]


@pytest.fixture
def statements_sent(monkeypatch):
    """The statements sent on any psycopg connection, in order."""
    sent = []
    execute = psycopg.Cursor.execute

    def counting(cursor, query, *args, **kwargs):
        sent.append(str(query))
        return execute(cursor, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", counting)
    return sent


def as_a_request_begins():
    """What Django does to a kept connection before a request's first query."""
    connection.health_check_done = False
    connection.close_if_health_check_failed()


def test_the_suite_runs_on_the_backend_with_its_health_check_on():
    assert connection.settings_dict["ENGINE"] == "newsroom.postgresql"
    assert connection.health_check_enabled


def test_a_quiet_kept_connection_is_used_without_asking_the_server(statements_sent):
    connection.ensure_connection()
    kept = connection.connection
    statements_sent.clear()  # what a new connection is set up with

    as_a_request_begins()

    assert statements_sent == []
    assert connection.connection is kept
    assert connection.health_check_done
    assert Article.objects.count() == 0


def test_a_connection_the_server_ended_is_made_again_before_the_first_query(
    statements_sent,
):
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (ended,) = cursor.fetchone()
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [ended])
    # The server's last words reach the kept connection's socket.
    select.select([connection.connection.fileno()], [], [], 5)
    time.sleep(0.05)
    statements_sent.clear()

    as_a_request_begins()

    # Asked (the socket had something to read), found dead, and made again.
    assert statements_sent == ["SELECT 1"]
    assert Article.objects.count() == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (now,) = cursor.fetchone()
    assert now != ended


def test_a_connection_inside_a_transaction_is_asked(statements_sent):
    connection.ensure_connection()
    connection.connection.execute("BEGIN")
    statements_sent.clear()
    try:
        as_a_request_begins()
        assert statements_sent == ["SELECT 1"]
    finally:
        connection.connection.execute("ROLLBACK")
