"""Logs one JSON object a line, each carrying the id of the request it belongs to.

Every request gets an id: the one a trusted proxy sent in ``X-Request-ID`` (only
behind a proxy, ``DJANGO_BEHIND_PROXY=1``, and only when it is short and made of
safe characters), otherwise a new one. The response sends it back in the same
header, so a reader's complaint, the proxy's log, gunicorn's access log and the
application's own lines about that request all name it.

python-json-logger writes the JSON (it escapes what a message holds and adds the
record's extra fields), so no line can be broken by a headline or a path.
"""

import contextvars
import logging
import re
import secrets

from gunicorn.glogging import Logger
from pythonjsonlogger.json import JsonFormatter

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
# Short, and nothing a log reader or a terminal could take for something else.
VALID_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")

_request_id = contextvars.ContextVar("request_id", default="")


def mark_answered(request):
    """Say that what ``request`` met was logged already (``newsroom.outages``), so
    that ``AnsweredFilter`` leaves out Django's line for its 5xx answer."""
    request.newsroom_logged_already = True


class AnsweredFilter(logging.Filter):
    """For ``django.request``, which logs every answer of 500 and above: leaves out
    the line of a request marked by ``mark_answered()``. An outage's 503s are
    logged once for the outage, not once each."""

    def filter(self, record):
        request = getattr(record, "request", None)
        return not getattr(request, "newsroom_logged_already", False)


def current_request_id():
    """The id of the request this code runs for, or "" outside one."""
    return _request_id.get()


def request_id_from(header, *, trusted):
    """The id for a request whose ``X-Request-ID`` is ``header``: the proxy's when it
    is ``trusted`` and valid, else a new one."""
    if trusted and header and VALID_ID.fullmatch(header):
        return header
    # 128 random bits in hex, as ``uuid.uuid4().hex`` but for its version bits:
    # making a UUID object to print it cost every page a quarter of its
    # middleware's own work.
    return secrets.token_hex(16)


class RequestIdMiddleware:
    """Gives each request its id, for the logs and for the response's header."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.trusted = settings.NEWSROOM_TRUST_REQUEST_ID

    def __call__(self, request):
        # Read only when trusted; ``request.headers`` would be built from every
        # header of the request for it.
        header = request.META.get(META_KEY) if self.trusted else None
        request_id = request_id_from(header, trusted=self.trusted)
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response.headers[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record logged while a request is served."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            # Django logs a 4xx or 5xx response once the middleware is done with
            # it, with the request on the record.
            request = getattr(record, "request", None)
            record.request_id = current_request_id() or getattr(
                request, "request_id", ""
            )
        return True


def json_formatter():
    """The formatter of every JSON line: time, level, logger, message, request id."""
    return JsonFormatter(
        "{asctime}{levelname}{name}{message}{request_id}",
        style="{",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        datefmt="%Y-%m-%dT%H:%M:%S%z",
    )


# ---- gunicorn ----


class JsonGunicornLogger(Logger):
    """gunicorn's logger with its error log and its access log in JSON.

    An access line holds what gunicorn's access log holds, as fields, and the
    request id the application sent back, so the two logs can be joined.
    """

    def setup(self, cfg):
        super().setup(cfg)
        for logger in (self.error_log, self.access_log):
            for handler in logger.handlers:
                handler.setFormatter(json_formatter())

    def access(self, resp, req, environ, request_time):
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.logconfig_dict):
            return
        headers = {name.lower(): value for name, value in resp.headers or []}
        status = resp.status.split(None, 1)[0] if resp.status else "-"
        method = environ.get("REQUEST_METHOD", "")
        self.access_log.info(
            "%s %s %s",
            method,
            environ.get("RAW_URI") or environ.get("PATH_INFO", ""),
            status,
            extra={
                "request_id": headers.get(HEADER.lower(), ""),
                "method": method,
                "path": environ.get("PATH_INFO", ""),
                "query": environ.get("QUERY_STRING", ""),
                "status": int(status) if status.isdigit() else status,
                "bytes": getattr(resp, "sent", None),
                "duration_ms": round(request_time.total_seconds() * 1000, 2),
                "remote_addr": environ.get("REMOTE_ADDR", ""),
                "user_agent": environ.get("HTTP_USER_AGENT", ""),
                "referer": environ.get("HTTP_REFERER", ""),
            },
        )
