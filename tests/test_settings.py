"""Settings come from the environment: checked in fresh processes, as a deployment runs."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
database = settings.DATABASES["default"]
print(json.dumps({
    "engine": database["ENGINE"],
    "name": str(database["NAME"]),
    "host": database.get("HOST", ""),
    "options": database.get("OPTIONS", {}),
    "var_dir": str(settings.VAR_DIR),
}))
"""


@pytest.fixture
def environ(tmp_path):
    """The environment of a fresh process, without any of the project's settings."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "NEWSROOM_", "DATABASE_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    env["NEWSROOM_VAR_DIR"] = str(tmp_path / "var")
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(64)
    return env


@pytest.fixture
def production(environ):
    return {
        **environ,
        "DJANGO_HTTPS": "1",
        "DJANGO_ALLOWED_HOSTS": "news.example.org",
    }


def run(env, *args):
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def check_deploy(env):
    return run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")


def settings_in(env):
    result = run(env, "-c", PRINT_SETTINGS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_production_settings_pass_the_deployment_checklist(production):
    result = check_deploy(production)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def readme_production_environment():
    """The variables the README's production set-up exports, as it writes them."""
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    block = next(
        block
        for block in readme.split("```sh")[1:]
        if "export DJANGO_HTTPS=1" in block.split("```")[0]
    ).split("```")[0]
    exported = {}
    for line in block.splitlines():
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").partition("=")
            value = value.split("  #")[0].strip().strip('"')
            if value.startswith("$("):
                value = secrets.token_urlsafe(64)  # what the command prints
            exported[name] = value
    return exported


def test_the_readmes_production_settings_pass_the_deployment_checklist(environ):
    exported = readme_production_environment()
    assert {"DJANGO_HTTPS", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"} <= set(
        exported
    )

    result = check_deploy({**environ, **exported})

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "warning"),
    [
        ({"DJANGO_SECRET_KEY": "short-and-guessable"}, "security.W009"),
        ({"DJANGO_HTTPS": None}, "security.W008"),
        ({"DJANGO_DEBUG": "1"}, "security.W018"),
    ],
    ids=["weak key", "no https", "debug on"],
)
def test_the_deployment_checklist_fails_without_each_production_setting(
    production, change, warning
):
    env = {**production, **change}
    env = {name: value for name, value in env.items() if value is not None}

    result = check_deploy(env)

    assert result.returncode != 0
    assert warning in result.stderr


SIGN_SOMETHING = "from django.core import signing; print(signing.dumps(1))"


@pytest.mark.parametrize(
    "command",
    [
        ["-c", "import newsroom.wsgi"],
        ["manage.py", "runserver", "127.0.0.1:0", "--noreload"],
        ["manage.py", "shell", "--no-imports", "-c", SIGN_SOMETHING],
    ],
    ids=["wsgi", "runserver", "signing"],
)
def test_with_debug_off_and_no_key_the_site_refuses_to_start_in_one_line(
    environ, tmp_path, command
):
    del environ["DJANGO_SECRET_KEY"]

    result = run(environ, *command)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("DJANGO_SECRET_KEY is not set: export ")
    assert not (tmp_path / "var" / "secret-key.txt").exists()


def test_with_no_key_a_command_that_signs_nothing_runs(environ, tmp_path):
    """Reading settings, checking the project and reading a story file need no key:
    only serving and signing do, and a key nobody set cannot leak."""
    del environ["DJANGO_SECRET_KEY"]

    settings_read = run(environ, "-c", PRINT_SETTINGS)
    checked = run(environ, "manage.py", "check")

    assert settings_read.returncode == 0, settings_read.stderr
    assert json.loads(settings_read.stdout)["var_dir"] == str(tmp_path / "var")
    assert checked.returncode == 0, checked.stderr
    assert not (tmp_path / "var" / "secret-key.txt").exists()


def test_a_local_site_makes_its_key_once_and_keeps_it_for_its_owner(environ, tmp_path):
    del environ["DJANGO_SECRET_KEY"]
    environ["DJANGO_DEBUG"] = "1"
    show_key = (
        "import django; from django.conf import settings; print(settings.SECRET_KEY)"
    )

    first = run(environ, "-c", show_key)
    second = run(environ, "-c", show_key)

    path = tmp_path / "var" / "secret-key.txt"
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 64
    assert path.read_text().strip() == first.stdout.strip()
    assert path.stat().st_mode & 0o777 == 0o600


def test_without_database_url_the_database_is_sqlite_in_the_var_folder(
    environ, tmp_path
):
    found = settings_in(environ)

    assert found["engine"] == "django.db.backends.sqlite3"
    assert Path(found["name"]) == tmp_path / "var" / "db.sqlite3"
    assert (tmp_path / "var").is_dir()


def test_the_embedded_database_writes_ahead_and_waits_for_a_lock(environ):
    show = (
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); "
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0], "
        "cursor.execute('PRAGMA busy_timeout').fetchone()[0], "
        "cursor.execute('PRAGMA synchronous').fetchone()[0], "
        "connection.transaction_mode)"
    )

    result = run(environ, "-c", show)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "1", "IMMEDIATE"]


def test_database_url_selects_postgresql(environ):
    environ["DATABASE_URL"] = "postgres://news:secret@db.example.org:5432/newsroom"

    found = settings_in(environ)

    assert found["engine"] == "newsroom.postgresql"
    assert found["name"] == "newsroom"
    assert found["host"] == "db.example.org"
    # psycopg prepares the queries a connection repeats (tests/test_views.py), and
    # a server that does not answer is given up on in seconds.
    assert found["options"] == {
        "connect_timeout": 3,
        "server_side_binding": True,
        "prepare_threshold": 5,
    }


def test_database_connect_timeout_follows_the_environment_or_the_url(environ):
    environ["DATABASE_URL"] = "postgres://news@db.example.org/newsroom"
    environ["DATABASE_CONNECT_TIMEOUT"] = "7"
    assert settings_in(environ)["options"]["connect_timeout"] == 7

    environ["DATABASE_URL"] += "?connect_timeout=10"
    assert settings_in(environ)["options"]["connect_timeout"] == 10


def test_prepared_statements_can_be_turned_off_for_a_pooler(environ):
    environ["DATABASE_URL"] = "postgres://news:secret@db.example.org:5432/newsroom"
    environ["DATABASE_PREPARED_STATEMENTS"] = "off"

    assert settings_in(environ)["options"] == {"connect_timeout": 3}


def test_a_fresh_clone_reads_a_story_file_with_no_key_and_no_database(
    environ, tmp_path
):
    """The first thing a developer may try: a dry run, before anything is set up.
    It reads with the shipped callout kinds and says the database is not set up."""
    del environ["DJANGO_SECRET_KEY"]
    story = tmp_path / "story.txt"
    story.write_text(
        "Harbour ferry returns after a winter ashore\n\n"
        "By Ada Quill\n\n"
        "The blue ferry crossed the harbour again on Monday, its first run since"
        " October.\n\n"
        "Did you know: the ferry was built in 1958 from a wartime hull.\n\n"
        "Passengers queued from dawn to be on the first crossing.\n",
        encoding="utf-8",
    )

    result = run(environ, "manage.py", "import_article", "--dry-run", "--json", story)

    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["headline"] == "Harbour ferry returns after a winter ashore"
    assert document["section"] is None
    callouts = [part for part in document["body"] if part["kind"] == "callout"]
    # A kind the newsroom ships, recognised by one of its lead-ins.
    assert [(part["callout_kind"], part["new_kind"]) for part in callouts] == [
        ("Did You Know?", False)
    ], document["body"]
    assert "The database is not set up (manage.py migrate)" in result.stderr
    assert not (tmp_path / "var" / "secret-key.txt").exists()


PRINT_REPLICAS = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "databases": {
        alias: {
            "host": database["HOST"],
            "port": database["PORT"],
            "name": database["NAME"],
            "options": database["OPTIONS"],
            "health_checks": database["CONN_HEALTH_CHECKS"],
            "mirror": database["TEST"].get("MIRROR"),
        }
        for alias, database in settings.DATABASES.items()
    },
    "replicas": settings.NEWSROOM_READ_REPLICAS,
    "routers": settings.DATABASE_ROUTERS,
    "middleware": settings.MIDDLEWARE,
}))
"""


def test_replica_urls_add_a_read_replica_each_mirrored_in_tests(environ):
    environ["DATABASE_URL"] = "postgres://news:secret@db.example.org:5432/newsroom"
    environ["DATABASE_REPLICA_URLS"] = (
        "postgres://reader@replica-a.example.org:5432/newsroom,"
        " postgres://reader@replica-b.example.org:6432/newsroom?connect_timeout=5"
    )

    result = run(environ, "-c", PRINT_REPLICAS)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)

    databases = found["databases"]
    assert list(databases) == ["default", "replica_1", "replica_2"]
    assert found["replicas"] == ["replica_1", "replica_2"]
    assert databases["replica_1"]["host"] == "replica-a.example.org"
    assert databases["replica_2"]["port"] == 6432
    # The primary's prepared statements, and a quick give-up on a replica away.
    assert databases["replica_1"]["options"] == {
        "server_side_binding": True,
        "prepare_threshold": 5,
        "connect_timeout": 2,
    }
    assert databases["replica_2"]["options"]["connect_timeout"] == 5
    # The primary gives up on a server that does not answer in seconds too.
    assert databases["default"]["options"]["connect_timeout"] == 3
    assert all(database["health_checks"] for database in databases.values())
    assert databases["replica_1"]["mirror"] == "default"
    assert databases["default"]["mirror"] is None
    assert found["routers"] == ["newsroom.replicas.ReplicaRouter"]
    middleware = found["middleware"]
    assert middleware.index("newsroom.replicas.ReadReplicaMiddleware") + 1 == (
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    )


def test_without_replicas_there_is_no_router_and_connections_are_health_checked(
    environ,
):
    result = run(environ, "-c", PRINT_REPLICAS)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)

    assert list(found["databases"]) == ["default"]
    assert found["databases"]["default"]["health_checks"] is True
    assert found["replicas"] == found["routers"] == []
    assert "newsroom.replicas.ReadReplicaMiddleware" not in found["middleware"]


def test_a_replica_of_another_kind_of_database_is_refused_in_one_line(environ):
    environ["DATABASE_URL"] = "postgres://news:secret@db.example.org:5432/newsroom"
    environ["DATABASE_REPLICA_URLS"] = "sqlite:////tmp/copy.sqlite3"

    result = run(environ, "manage.py", "check")

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "DATABASE_REPLICA_URLS: replica 1 is not a database of the same kind as "
        "DATABASE_URL; a replica is a copy of the primary."
    )


def test_with_redis_both_caches_give_up_on_an_unreachable_server_within_a_second(
    environ,
):
    environ["REDIS_URL"] = "redis://cache.internal:6379/0"
    script = (
        "import json, django\nfrom django.conf import settings\ndjango.setup()\n"
        "print(json.dumps(settings.CACHES))"
    )

    result = run(environ, "-c", script)
    assert result.returncode == 0, result.stderr
    caches = json.loads(result.stdout)

    for alias in ("default", "versions"):
        # The page cache serves uncached through an outage (articles/caching.py);
        # a server that does not answer is given up on at once.
        assert caches[alias]["BACKEND"] == (
            "django.core.cache.backends.redis.RedisCache"
        )
        assert caches[alias]["LOCATION"] == "redis://cache.internal:6379/0"
        assert caches[alias]["OPTIONS"] == {
            "socket_connect_timeout": 0.25,
            "socket_timeout": 0.25,
        }


SHOW_MEDIA = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "storage": settings.STORAGES["default"],
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""


def test_media_storage_url_puts_media_in_a_bucket_and_the_cdn_in_the_policy(
    environ,
):
    environ.update(
        MEDIA_STORAGE_URL="s3://newsroom-media/site-one/",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        AWS_S3_REGION_NAME="eu-central-1",
        MEDIA_PUBLIC_URL="https://cdn.example.org/media/",
    )

    result = run(environ, "-c", SHOW_MEDIA)

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["storage"] == {
        "BACKEND": "articles.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": "newsroom-media",
            "location": "site-one",
            "endpoint_url": "https://objects.example.net",
            "region_name": "eu-central-1",
        },
    }
    assert found["img_src"] == ["'self'", "data:", "https://cdn.example.org"]


def test_without_media_storage_url_media_stay_on_disk(environ):
    result = run(environ, "-c", SHOW_MEDIA)

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["storage"] == {"BACKEND": "articles.storage.LocalMediaStorage"}
    assert found["img_src"] == ["'self'", "data:"]


@pytest.mark.parametrize(
    "url", ["newsroom-media", "s3://", "https://s3.example.net/bucket", "s3://b?x=1"]
)
def test_a_media_storage_url_that_is_not_a_bucket_stops_the_site_in_one_line(
    environ, url
):
    environ["MEDIA_STORAGE_URL"] = url

    result = run(environ, "manage.py", "check")

    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"MEDIA_STORAGE_URL={url!r} is not an s3://bucket")


def test_the_production_settings_with_a_bucket_pass_the_deployment_checklist(
    production,
):
    production.update(
        MEDIA_STORAGE_URL="s3://newsroom-media",
        MEDIA_PUBLIC_URL="https://cdn.example.org/media/",
    )

    result = check_deploy(production)

    assert result.returncode == 0, result.stderr


PRINT_EMAIL = """
import json
from django.conf import settings
names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER",
         "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def test_email_is_printed_on_the_console_unless_a_server_is_given(environ):
    assert settings_with_email(environ)["EMAIL_BACKEND"] == (
        "django.core.mail.backends.console.EmailBackend"
    )


def test_email_url_names_the_smtp_server(environ):
    found = settings_with_email(
        environ, EMAIL_URL="smtp://desk:secret@mail.example.org:587/?tls=True"
    )
    assert found == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "desk",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
    }


def test_email_host_and_its_companions_name_the_smtp_server(environ):
    found = settings_with_email(
        environ,
        EMAIL_HOST="mail.example.org",
        EMAIL_PORT="465",
        EMAIL_HOST_USER="desk",
        EMAIL_USE_SSL="1",
        EMAIL_TIMEOUT="5",
    )
    assert found == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 465,
        "EMAIL_HOST_USER": "desk",
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": True,
        "EMAIL_TIMEOUT": 5,
    }


def settings_with_email(environ, **email):
    env = {
        name: value for name, value in environ.items() if not name.startswith("EMAIL_")
    }
    result = run({**env, **email}, "-c", PRINT_EMAIL)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


BENCH_SITE_PAGE = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
client = Client(HTTP_HOST="127.0.0.1")
page = client.get("/")
stylesheet = client.get("/static/css/site.css")
print(page.status_code, stylesheet.status_code)
"""


def test_a_site_on_the_benchmark_settings_serves_pages_without_collectstatic(
    environ, tmp_path
):
    """Scripts that serve the site on bench.settings (the side by side with Wagtail)
    run no collectstatic and set nothing else: the pages still render, with their
    stylesheet, and nothing warns of the folder collectstatic would have made."""
    environ.pop("DJANGO_SECRET_KEY")
    environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'bench.sqlite3'}",
    )

    result = run(environ, "-c", BENCH_SITE_PAGE)

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-2:] == ["200", "200"], result.stderr[-2000:]
    assert "No directory at" not in result.stderr
