"""Every setting of the project, read once from the environment.

With nothing set, the site runs on an SQLite file under ``var/``; ``DATABASE_URL``
moves it to PostgreSQL. ``DJANGO_HTTPS=1`` turns on what a site served over HTTPS
needs (secure cookies, HSTS, redirect to HTTPS) and is what ``check --deploy`` expects.
"""

import datetime
import os
import sys
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF

from .secret_key import local_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def _env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = os.environ.get("DJANGO_DEBUG") == "1"


# With DEBUG off and no key the setting stays empty: the web server and anything that
# signs refuse to go on, in one line (newsroom/secret_key.py says who and why).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    local_secret_key(VAR_DIR) if DEBUG else ""
)
ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = _env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Which other sites' pages may read the content API from a browser: origins such as
# https://app.example.org, or "*" for any. None by default; the API is read-only,
# so it answers GET, HEAD and OPTIONS, without cookies.
_API_ORIGINS = _env_list("NEWSROOM_API_CORS_ORIGINS")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = _API_ORIGINS == ["*"]
CORS_ALLOWED_ORIGINS = [] if CORS_ALLOW_ALL_ORIGINS else _API_ORIGINS
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

HTTPS = os.environ.get("DJANGO_HTTPS") == "1"
SECURE_SSL_REDIRECT = HTTPS
# A load balancer asks over plain HTTP inside the network: answer it there.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_HSTS_SECONDS", 31536000 if HTTPS else 0)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if os.environ.get("DJANGO_BEHIND_PROXY") == "1"
    else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Form widgets' own templates, for the template-settings form renderer below.
    "django.forms",
    "django_prose_editor",
    "taggit",
    "reversion",
    "axes",
    "csp",
    "corsheaders",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # django-csp's, with the admin's own policy and a Permissions-Policy.
    "articles.security.ContentSecurityPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A story's old addresses, here or on the site the newsroom moved from: 301.
    "articles.redirects.FormerAddressMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with its own page.
    "axes.middleware.AxesMiddleware",
]

# Django's messages, in a signed cookie or the session, as ever; the storage is
# made only for a request that reads or adds one (newsroom/messages.py).
MESSAGE_STORAGE = "newsroom.messages.MessageStorage"

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

# The public pages render with Jinja2 (``templates/jinja2/``, ``articles/jinja2.py``),
# several times faster than Django's templates for pages of many cards or parts; the
# admin keeps Django's (``templates/``). Public templates need only the site's context.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "articles.jinja2.environment",
            "context_processors": ["articles.context_processors.site"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

# Widgets render through the engines above, so that a widget's template may live in
# templates/ with the rest (the admin's image thumbnails).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", 60)),
    )
}
# PostgreSQL through Django's backend with a cheaper health check of a kept
# connection (newsroom/postgresql/base.py).
POSTGRESQL_ENGINE = "newsroom.postgresql"


def _our_engine(database):
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["ENGINE"] = POSTGRESQL_ENGINE
    return database


_our_engine(DATABASES["default"])
if DATABASES["default"]["ENGINE"] == POSTGRESQL_ENGINE:
    # A server that does not answer (a host gone, a machine hung) fails a
    # connection in seconds, so that /readyz says so at once and readers are
    # answered 503 (newsroom/outages.py) rather than waiting out the worker's
    # timeout. DATABASE_CONNECT_TIMEOUT (seconds; libpq takes 2 at least).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", 3))
    )
    # Django's server-side binding sends the values apart from the SQL, and with a
    # ``prepare_threshold`` (Django sets none) psycopg prepares a query on the
    # server once it has run that many times on a connection: PostgreSQL then
    # plans it once. A pooler that cannot keep prepared statements (PgBouncer in
    # transaction mode before 1.21) needs DATABASE_PREPARED_STATEMENTS=off:
    # values bound on the client, nothing prepared.
    if os.environ.get("DATABASE_PREPARED_STATEMENTS", "on") != "off":
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent editors and readers on the embedded database: WAL lets readers
    # go on while one writer writes; a write transaction takes its lock when it
    # begins (IMMEDIATE), and waits up to 20 s for another to end rather than
    # answering "database is locked".
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
    )
    options.setdefault("transaction_mode", "IMMEDIATE")
    options.setdefault("timeout", 20)

# Database faults and read replicas (newsroom/replicas.py).
# A kept connection is checked before a request's first query and made again if
# the server went away, so that after a database restart only requests made while
# it was down fail: the workers recover by themselves. On PostgreSQL the check
# asks the server (SELECT 1) only if the server has written to the connection
# since its last answer (newsroom/postgresql/base.py).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# DATABASE_REPLICA_URLS: comma-separated URLs of streaming replicas of DATABASE_URL,
# read the same way. Readers' pages read from them; the admin, writes, commands,
# the scheduler and migrations use the primary. A replica that does not answer is
# left alone for DATABASE_REPLICA_RETRY_SECONDS, and its readers read from the
# primary. In tests a replica is a mirror of the primary's test database.
NEWSROOM_READ_REPLICAS = []
for _number, _url in enumerate(_env_list("DATABASE_REPLICA_URLS"), start=1):
    _replica = _our_engine(
        dj_database_url.parse(
            _url,
            conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
            conn_health_checks=True,
        )
    )
    if _replica["ENGINE"] != DATABASES["default"]["ENGINE"]:
        sys.exit(
            f"DATABASE_REPLICA_URLS: replica {_number} is not a database of the "
            "same kind as DATABASE_URL; a replica is a copy of the primary."
        )
    # The primary's options (prepared statements), then the replica's own; a
    # replica that cannot be reached is given up on quickly.
    _replica["OPTIONS"] = {
        **{
            name: value
            for name, value in DATABASES["default"].get("OPTIONS", {}).items()
            if name != "connect_timeout"
        },
        **_replica.get("OPTIONS", {}),
    }
    if _replica["ENGINE"] == POSTGRESQL_ENGINE:
        _replica["OPTIONS"].setdefault("connect_timeout", 2)
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_number}"] = _replica
    NEWSROOM_READ_REPLICAS.append(f"replica_{_number}")
if NEWSROOM_READ_REPLICAS:
    DATABASE_ROUTERS = ["newsroom.replicas.ReplicaRouter"]
    # Before the sessions: a session is read where the request reads.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "newsroom.replicas.ReadReplicaMiddleware",
    )
# How long someone who has just written (any request but GET, HEAD, OPTIONS) reads
# from the primary: longer than the replicas ever lag.
NEWSROOM_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", 15))
NEWSROOM_REPLICA_RETRY_SECONDS = int(
    os.environ.get("DATABASE_REPLICA_RETRY_SECONDS", 10)
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes counts failed logins: five wrong passwords for one account from one
# address lock that pair out for 15 minutes (manage.py axes_reset_username, or
# axes_reset_ip_username, unlocks it at once); a right one clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("NEWSROOM_LOGIN_LOCKOUT_MINUTES", 15))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "articles.logins.locked_out"
# Behind a proxy every request comes from the proxy: read the address it appends.
AXES_CLIENT_IP_CALLABLE = (
    "articles.logins.client_address" if SECURE_PROXY_SSL_HEADER else None
)

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("NEWSROOM_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("NEWSROOM_MEDIA_ROOT", VAR_DIR / "media"))
# The web server's internal location of MEDIA_ROOT (nginx: X-Accel-Redirect), when
# it sends the images the application has allowed; empty: the application sends them.
NEWSROOM_MEDIA_ACCEL_REDIRECT = os.environ.get("NEWSROOM_MEDIA_ACCEL_REDIRECT", "")
# A file sent as ".", ".." or with no name at all is a form error rather than
# dropped without a word, as Django's parser alone would: articles/upload_names.py.
FILE_UPLOAD_HANDLERS = [
    "articles.upload_names.KeepNamelessUploads",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Content-Security-Policy (django-csp 4): the public site runs no script of its
# own, so it allows none inline and nothing from elsewhere; the admin's policy
# (articles/security.py) adds what its rich-text editor needs. Browsers report
# what a policy blocks to /csp-report/, which logs it ("newsroom.csp").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
        "report-uri": "/csp-report/",
    }
}

# The page cache: local memory by default, Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("NEWSROOM_CACHE_PREFIX", "newsroom"),
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # The versions of the page cache's keys (articles/caching.py), which every
    # worker process must share: a file beside the database without Redis.
    "versions": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("NEWSROOM_CACHE_PREFIX", "newsroom"),
        }
        if REDIS_URL
        else {
            # Django's file cache, with writes that other processes cannot split.
            "BACKEND": "newsroom.filecache.SharedFileCache",
            "LOCATION": VAR_DIR / "cache" / "versions",
        }
    ),
}

# The page cache in production (articles/caching.py, articles/proxies.py): a Redis
# that does not answer within a quarter of a second counts as down, and pages are
# served uncached meanwhile. VARNISH_PURGE_URLS lists the caching proxies in front
# (comma-separated, such as http://10.0.0.5:6081/), which are sent a PURGE with
# the keys of every change after it commits.
if REDIS_URL:
    for _alias in ("default", "versions"):
        CACHES[_alias]["OPTIONS"] = {
            "socket_connect_timeout": 0.25,
            "socket_timeout": 0.25,
        }
VARNISH_PURGE_URLS = [
    url.strip()
    for url in os.environ.get("VARNISH_PURGE_URLS", "").split(",")
    if url.strip()
]

NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "The Newsroom")
# Where the site is, for the links in emails (notifications), which are sent
# outside any request.
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000")

# Email: invitations and notifications. Printed on the console by default, where
# the server runs. EMAIL_URL (dj-email-url: smtp://user:password@host:587/?tls=True,
# smtp://...?ssl=True for SSL) sends them for real; or Django's own EMAIL_HOST,
# EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS and EMAIL_USE_SSL
# (1 for yes). DEFAULT_FROM_EMAIL is the sender.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# A mail server that does not answer must not hold a request for long.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 10))
if os.environ.get("EMAIL_URL"):
    _email = dj_email_url.parse(os.environ["EMAIL_URL"])
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
    EMAIL_PORT = _email["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or EMAIL_TIMEOUT
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS") == "1"
    EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL") == "1"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", f"{NEWSROOM_SITE_NAME} <newsroom@localhost>"
)
# A TrueType font for the social cards (articles/cards.py), for headlines in scripts
# Pillow's own face lacks; empty uses Pillow's.
NEWSROOM_CARD_FONT = os.environ.get("NEWSROOM_CARD_FONT", "")

TAGGIT_CASE_INSENSITIVE = True

# ---- Serving in production: gunicorn, static files, logs ----
# (newsroom/gunicorn.conf.py holds the server's own settings; `make serve` runs it.)

# WhiteNoise serves the static files from the WSGI server, right after the security
# headers: collectstatic gives each a name with a hash of its content and a gzip
# copy, which WhiteNoise sends to browsers that take it, cached for good.
# With DEBUG on (make run) the files are served as they are, with no names to build.
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
# Before anything that may log: every line about a request carries its id.
MIDDLEWARE.insert(0, "newsroom.logs.RequestIdMiddleware")
# A request that meets a database or media storage outage is answered 503, with one
# warning in the log per outage rather than a traceback per request.
MIDDLEWARE.insert(1, "newsroom.outages.OutageMiddleware")
# A site that runs no collectstatic (DEBUG on, or NEWSROOM_STATIC_MANIFEST=off)
# names the files by their plain names, and WhiteNoise serves them from their source
# folders, as runserver does; the folder collectstatic fills is then not expected.
PLAIN_STATIC_NAMES = DEBUG or os.environ.get("NEWSROOM_STATIC_MANIFEST") == "off"
WHITENOISE_USE_FINDERS = PLAIN_STATIC_NAMES
if PLAIN_STATIC_NAMES:
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
STORAGES = {
    # The media folder (MEDIA_ROOT), or a bucket: below.
    "default": {"BACKEND": "articles.storage.LocalMediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if PLAIN_STATIC_NAMES
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# A request's id comes from X-Request-ID only when a proxy in front sets it; a
# client reaching the server directly could otherwise write any id into the logs.
NEWSROOM_TRUST_REQUEST_ID = (
    os.environ.get(
        "NEWSROOM_TRUST_REQUEST_ID", os.environ.get("DJANGO_BEHIND_PROXY", "")
    )
    == "1"
)

# ---- Media in object storage (articles/storage.py) ----
# MEDIA_STORAGE_URL=s3://bucket[/folder] keeps uploads, renditions and cards in an
# S3-compatible bucket, through django-storages and boto3; unset, on disk. boto3
# finds the credentials itself (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a
# role); AWS_S3_ENDPOINT_URL names a server other than Amazon's (MinIO, Ceph, R2).
# MEDIA_PUBLIC_URL (https://cdn.example.org/media/) is the CDN public pages name,
# whether the files are on disk or in a bucket.
MEDIA_STORAGE_URL = os.environ.get("MEDIA_STORAGE_URL", "")
MEDIA_PUBLIC_URL = os.environ.get("MEDIA_PUBLIC_URL", "")


def media_storage_options(url):
    """django-storages' options for ``s3://bucket[/folder]``; a wrong URL stops the
    site with a line saying what is expected."""
    parsed = urlsplit(url)
    if parsed.scheme != "s3" or not parsed.netloc or parsed.query:
        sys.exit(
            f"MEDIA_STORAGE_URL={url!r} is not an s3://bucket or s3://bucket/folder "
            "address (the endpoint and credentials come from AWS_S3_ENDPOINT_URL, "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)."
        )
    options = {"bucket_name": parsed.netloc, "location": parsed.path.strip("/")}
    if endpoint := os.environ.get("AWS_S3_ENDPOINT_URL"):
        options["endpoint_url"] = endpoint
    if region := os.environ.get("AWS_S3_REGION_NAME", os.environ.get("AWS_REGION")):
        options["region_name"] = region
    return options


if MEDIA_STORAGE_URL:
    STORAGES["default"] = {
        "BACKEND": "articles.storage.MediaStorage",
        "OPTIONS": media_storage_options(MEDIA_STORAGE_URL),
    }
if MEDIA_PUBLIC_URL:
    # The pages' images come from the CDN: the policy allows its origin.
    _cdn = urlsplit(MEDIA_PUBLIC_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        f"{_cdn.scheme}://{_cdn.netloc}"
    )
# Pages shown to the newsroom name the site's own media addresses, not the CDN's.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "articles.storage.MediaOnSiteMiddleware",
)

# One JSON object a line (python-json-logger), each with the request's id; with
# DEBUG on, or NEWSROOM_LOG_FORMAT=text, plain lines for a person at a terminal.
_LOG_AS_JSON = os.environ.get("NEWSROOM_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "newsroom.logs.RequestIdFilter"},
        "outage_answered": {"()": "newsroom.logs.AnsweredFilter"},
    },
    "formatters": {
        "json": {"()": "newsroom.logs.json_formatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if _LOG_AS_JSON == "json" else "text",
        }
    },
    # A 503 for an outage is logged once per outage (newsroom/outages.py), not
    # once a request as Django logs every answer of 500 and above.
    "loggers": {"django.request": {"filters": ["outage_answered"]}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING"),
    },
}

if "DATABASE_URL" not in os.environ:
    # The embedded database needs its folder; a fresh clone has none yet.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
