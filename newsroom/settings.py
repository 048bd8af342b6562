"""Every setting of the project, read once from the environment.

With nothing set, the site runs on an SQLite file under ``var/``; ``DATABASE_URL``
moves it to PostgreSQL. ``DJANGO_HTTPS=1`` turns on what a site served over HTTPS
needs (secure cookies, HSTS, redirect to HTTPS) and is what ``check --deploy`` expects.
"""

import datetime
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def _env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = os.environ.get("DJANGO_DEBUG") == "1"


def local_secret_key():
    """The development site's key: made on the first run, kept in var/ for its owner.

    Only with DEBUG on. A site with DEBUG off and no DJANGO_SECRET_KEY refuses to
    start: a key anyone can read would let them sign a session or a form for it.
    """
    if not DEBUG:
        sys.exit(
            'DJANGO_SECRET_KEY is not set: export DJANGO_SECRET_KEY="$(python3 -c '
            "'import secrets; print(secrets.token_urlsafe(64))')\" (or DJANGO_DEBUG=1 "
            "for a local site with a key kept in var/)."
        )
    path = VAR_DIR / "secret-key.txt"
    if path.is_file() and (key := path.read_text(encoding="utf-8").strip()):
        os.chmod(path, 0o600)
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(key + "\n")
    os.chmod(path, 0o600)
    return key


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or local_secret_key()
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
    # Last, as django-axes asks: it answers a locked-out login with its own page.
    "axes.middleware.AxesMiddleware",
]

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
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
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
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
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
# A TrueType font for the social cards (articles/cards.py), for headlines in scripts
# Pillow's own face lacks; empty uses Pillow's.
NEWSROOM_CARD_FONT = os.environ.get("NEWSROOM_CARD_FONT", "")

TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING"),
    },
}

if "DATABASE_URL" not in os.environ:
    # The embedded database needs its folder; a fresh clone has none yet.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
