"""Django's PostgreSQL backend, subclassed as Django's documentation describes
("Subclassing the built-in database backends"), for one change: the health check
of a kept connection.

With ``CONN_HEALTH_CHECKS`` Django checks a kept connection before a request's
first query by sending ``SELECT 1`` and waiting for the answer. That round trip
cost the article page a fifth of its worker's processor time, and PostgreSQL a
statement, on every request. A connection that is idle between two requests,
and that the server has not written to since its last answer, is as usable as
``SELECT 1`` would find it: when PostgreSQL restarts, or a backend is ended
(``pg_terminate_backend()``, an idle timeout), the server says so on the socket
(an error message, then the end of the stream) before it goes. So the check
first looks at the socket, without waiting: nothing to read, and the connection
idle and not known to be broken, means usable; anything else, and Django's own
check runs, which reads what was sent and closes the connection if it is dead.

A server that vanishes without a word (a host powered off, a network cut) is
found by neither check before the query: ``SELECT 1`` would wait out the TCP
timeout as the query does, and the query's failure closes the connection at the
end of that request (``close_if_unusable_or_obsolete()``).
"""

import select

from psycopg import pq

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and self.quietly_idle()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def quietly_idle(self):
        """Whether the connection is open, outside a transaction, and has nothing
        from the server waiting to be read: no notice that it is ending, no end of
        the stream. Asks the operating system, not the server."""
        connection = self.connection
        if connection.closed or connection.broken:
            return False
        if connection.pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return False
        readable, _writable, _failed = select.select([connection.fileno()], [], [], 0)
        return not readable
