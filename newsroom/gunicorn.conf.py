"""gunicorn's settings for the site in production (``make serve`` uses them).

    gunicorn -c newsroom/gunicorn.conf.py newsroom.wsgi

Each value can be changed from the environment, as the rest of the settings are:
``HOST`` and ``PORT`` (or ``GUNICORN_BIND``), ``WEB_CONCURRENCY`` (worker processes),
``GUNICORN_TIMEOUT``, and gunicorn's own ``GUNICORN_CMD_ARGS``, which comes last.
"""

import multiprocessing
import os

bind = os.environ.get(
    "GUNICORN_BIND",
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}",
)
# Pages spend most of their time in Python, so a worker a core, plus one to serve
# while another waits on the database; synchronous workers, each one request.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
# A page that takes longer than this is stuck: its worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# What a worker has to finish its request when asked to stop (a deploy, SIGTERM).
graceful_timeout = 30
# Behind a proxy that keeps connections to the server open.
keepalive = 5
# A worker is replaced after this many requests (with jitter, so not all at once):
# what a slow leak in a library costs stays bounded.
max_requests = 2000
max_requests_jitter = 200
# Load the application before forking: workers share its memory, and an error in
# the settings stops the server at once instead of every worker in turn.
preload_app = True

# Both logs go to the standard error, one JSON object a line (newsroom/logs.py);
# the access line carries the request id the application sent back.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "newsroom.logs.JsonGunicornLogger"

# Which addresses may say, in X-Forwarded-For and X-Forwarded-Proto, who the
# client is and whether it came over HTTPS: the proxy's. Only this machine by
# default.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Workers' heartbeat files in memory, not on a disk that may stall.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
