"""Services of its own, for the benchmarks and the tests that stop and start them.

A PostgreSQL cluster made with ``initdb`` in a temporary folder on a free port (and
streaming replicas of it made with ``pg_basebackup -R``), a ``redis-server`` on a
free port, the site under gunicorn, and ``varnishd`` with the repository's VCL in
front of a site: each started and stopped by the code that asked for it, so that a
restart here never touches a server someone else uses.

PostgreSQL refuses to run as root: as root, its commands run as the ``postgres``
user, and the folder is handed to it.
"""

import contextlib
import glob
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from bench.processes import free_port, start, stop, wait_until_answers

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = "newsroom"
VCL = ROOT / "newsroom" / "varnish" / "default.vcl"


class ServiceUnavailable(RuntimeError):
    """A program a service needs is not installed here."""


def postgresql_bin():
    """The folder of PostgreSQL's server programs: Debian's newest, or PATH's."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda path: int(Path(path).parent.parent.name),
    )
    if found:
        return Path(found[-1]).parent
    if pg_ctl := shutil.which("pg_ctl"):
        return Path(pg_ctl).parent
    raise ServiceUnavailable("PostgreSQL's server programs (pg_ctl, initdb)")


def _as_postgres(command):
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser is None:
        raise ServiceUnavailable("runuser, to run PostgreSQL as postgres")
    return [runuser, "-u", "postgres", "--", *command]


def _run(command, *, env=None, timeout=120):
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode:
        raise RuntimeError(
            f"{' '.join(map(str, command))} failed ({done.returncode}):\n"
            f"{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return done.stdout


def _workspace(prefix):
    """A new folder under the system's temporary folder, PostgreSQL's when root."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    return folder


class PostgreSQL:
    """One PostgreSQL server of its own: ``PostgreSQL.primary()`` or ``.replica()``."""

    def __init__(self, data, port, bin_dir):
        self.data, self.port, self.bin = data, port, bin_dir
        self.log = data.parent / f"{data.name}.log"

    @classmethod
    def primary(cls, root):
        """A new cluster in ``root``, ready to stream to replicas, started."""
        bin_dir = postgresql_bin()
        server = cls(root / "primary", free_port(), bin_dir)
        _run(
            _as_postgres(
                [
                    bin_dir / "initdb",
                    "--pgdata",
                    server.data,
                    "--username",
                    "postgres",
                    "--auth",
                    "trust",
                    "--encoding",
                    "UTF8",
                    "--locale",
                    "C.UTF-8",
                ]
            )
        )
        # initdb's pg_hba.conf already trusts replication from 127.0.0.1; the
        # files live in the data folder, which the replicas copy.
        with open(server.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                "\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{root}'\n"
                "wal_level = replica\nmax_wal_senders = 10\nhot_standby = on\n"
                # Throwaway clusters: nothing has to survive a crash of the machine.
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                f"port = {server.port}\n"
            )
        server.start()
        server.execute(f'CREATE DATABASE "{DATABASE}"')
        return server

    def replica(self, name="replica"):
        """A streaming replica of this server, in a folder beside it, started."""
        replica = PostgreSQL(self.data.parent / name, free_port(), self.bin)
        _run(
            _as_postgres(
                [
                    self.bin / "pg_basebackup",
                    "--pgdata",
                    replica.data,
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--username",
                    "postgres",
                    "--write-recovery-conf",
                    "--wal-method",
                    "stream",
                    "--checkpoint",
                    "fast",
                ]
            )
        )
        with open(replica.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(f"port = {replica.port}\n")
        replica.start()
        return replica

    def url(self, database=DATABASE):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self):
        _run(
            _as_postgres(
                [self.bin / "pg_ctl", "--pgdata", self.data, "--log", self.log]
                + ["--wait", "--timeout", "60", "start"]
            )
        )

    def stop(self, mode="fast"):
        """Stop the server: ``fast`` ends every session, as a restart does."""
        _run(
            _as_postgres(
                [self.bin / "pg_ctl", "--pgdata", self.data, "--mode", mode]
                + ["--wait", "--timeout", "60", "stop"]
            )
        )

    def is_running(self):
        command = [self.bin / "pg_ctl", "--pgdata", self.data, "status"]
        return (
            subprocess.run(_as_postgres(command), capture_output=True).returncode == 0
        )

    def connect(self, database=DATABASE):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user="postgres",
            dbname=database,
            autocommit=True,
            application_name="newsroom-services",
            connect_timeout=5,
        )

    def execute(self, sql, params=None, database="postgres"):
        """Run one statement; its rows, if it returns any."""
        with self.connect(database) as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchall() if cursor.description else None


@contextlib.contextmanager
def postgresql_cluster(replicas=0):
    """``(primary, [replica, ...])``, started; stopped and removed afterwards."""
    root = _workspace("newsroom-pg-")
    servers = []
    try:
        primary = PostgreSQL.primary(root)
        servers.append(primary)
        for number in range(1, replicas + 1):
            servers.append(primary.replica(f"replica_{number}"))
        yield primary, servers[1:]
    finally:
        for server in reversed(servers):
            if server.is_running():
                with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                    server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


class _Server:
    """A server run as ``self.process``: ``stop()`` ends it, as does the end of a
    ``with`` block, which starts it first unless it already runs."""

    process = None
    stop_timeout = 10

    def stop(self):
        if self.process is not None:
            stop(self.process, timeout=self.stop_timeout)
        self.process = None

    def __enter__(self):
        if self.process is None:
            self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


class Redis(_Server):
    """A ``redis-server`` of its own on a free port, keeping nothing on disk."""

    def __init__(self):
        self.program = shutil.which("redis-server")
        if self.program is None:
            raise ServiceUnavailable("redis-server")
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-redis-"))

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = start(
            [self.program, "--bind", "127.0.0.1", "--port", str(self.port)]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        )

        def listens():
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True

        wait_until_answers(
            self.process, listens, what="redis-server", seconds=10, every=0.05
        )

    def __exit__(self, *exc):
        super().__exit__(*exc)
        shutil.rmtree(self.folder, ignore_errors=True)


def served_environment(env, *, settings_module, var_dir, database_url):
    """``env`` given what every site served here and its commands need, whether a
    benchmark's or a test's: ``settings_module`` (DEBUG off), 127.0.0.1 as their
    host, ``var_dir``, ``database_url``, and static files under their plain names,
    since none of these sites runs collectstatic first (``make serve`` does, and
    serves hashed names)."""
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        NEWSROOM_VAR_DIR=str(var_dir),
        DATABASE_URL=database_url,
        PYTHONPATH=str(ROOT),
        NEWSROOM_STATIC_MANIFEST="off",
    )
    return env


class ObjectStore(_Server):
    """moto's S3 server on a free port, with one bucket for the site's media.

    moto keeps its objects in memory, where a real store keeps them on disk: so
    that a restart here is one, ``stop()`` takes every object out before the
    server goes, and ``start()`` puts them back into a new server on the same
    port. ``environment()`` is what the site needs to keep its media there.
    """

    REGION = "us-east-1"
    CREDENTIALS = {
        "AWS_ACCESS_KEY_ID": "newsroom-chaos",
        "AWS_SECRET_ACCESS_KEY": "newsroom-chaos-secret",
    }

    def __init__(self, bucket="newsroom-media"):
        self.program = Path(PYTHON).with_name("moto_server")
        if not self.program.exists():
            raise ServiceUnavailable("moto's S3 server (pip install -e '.[dev]')")
        self.port = free_port()
        self.bucket = bucket
        self.kept = {}

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def environment(self):
        return {
            "MEDIA_STORAGE_URL": f"s3://{self.bucket}",
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": self.REGION,
            **self.CREDENTIALS,
        }

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=self.REGION,
            aws_access_key_id=self.CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def start(self):
        """Start the server with the bucket, and what ``keep()`` took out, in it."""
        self.listen()
        client = self.client()
        client.create_bucket(Bucket=self.bucket)
        for key, body in self.kept.items():
            client.put_object(Bucket=self.bucket, Key=key, Body=body)
        self.kept = {}

    def listen(self):
        """Start moto's server on this store's port, empty; return once it answers."""
        self.process = start([self.program, "-H", "127.0.0.1", "-p", str(self.port)])
        wait_until_answers(
            self.process,
            lambda: responds(self.endpoint + "/"),
            what="moto's S3 server",
            every=0.1,
        )

    def keep(self):
        """Take every object out, to be put back by ``start()``."""
        client = self.client()
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        for page in pages:
            for item in page.get("Contents", []):
                key = item["Key"]
                found = client.get_object(Bucket=self.bucket, Key=key)
                self.kept[key] = found["Body"].read()
        return len(self.kept)


def site_environment(var_dir, database_url, **settings):
    """The environment of the site and its commands: production settings, DEBUG off."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "NEWSROOM_", "DATABASE_", "REDIS_"))
    }
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(64)
    served_environment(
        env,
        settings_module="newsroom.settings",
        var_dir=var_dir,
        database_url=database_url,
    )
    env.update({name: str(value) for name, value in settings.items()})
    return env


def manage(env, *arguments, timeout=600):
    return _run(
        [PYTHON, ROOT / "manage.py", *map(str, arguments)], env=env, timeout=timeout
    )


class _Gunicorn(_Server):
    """The site under gunicorn on a free port, its output added to ``log``."""

    def __init__(self, log, stop_timeout):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log, self.stop_timeout = log, stop_timeout

    def _serve(self, arguments, env, *, append):
        """Start gunicorn with ``arguments``; return once it answers ``/healthz``."""
        self.process = start(
            [PYTHON, "-m", "gunicorn", *arguments],
            log=self.log,
            append=append,
            cwd=ROOT,
            env=env,
        )
        wait_until_answers(
            self.process,
            lambda: answers(self.base + "/healthz"),
            what="gunicorn",
            seconds=60,
            log=self.log,
        )


class Site(_Gunicorn):
    """The site under gunicorn on a free port, with ``env``'s settings."""

    def __init__(self, env, *, workers=2, log=None):
        if shutil.which("gunicorn", path=str(Path(PYTHON).parent)) is None:
            raise ServiceUnavailable("gunicorn (pip install -e '.[dev]')")
        super().__init__(
            log or Path(env["NEWSROOM_VAR_DIR"]) / "gunicorn.log", stop_timeout=20
        )
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._serve(
            ["newsroom.wsgi:application"]
            + ["--workers", str(workers), "--bind", f"127.0.0.1:{self.port}"]
            + ["--chdir", str(ROOT), "--timeout", "30", "--graceful-timeout", "5"],
            env,
            append=True,
        )

    def get(self, path, timeout=10):
        """``(status, body)``; an HTTP error is an answer too."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


class ServedSite(_Gunicorn):
    """The site under gunicorn as ``make serve`` runs it, with the repository's
    ``newsroom/gunicorn.conf.py`` (its workers, timeouts and JSON logs), on a free
    port, its output in ``log``: answering ``/healthz`` once made."""

    def __init__(self, env, log, *, append=False, stop_timeout=30):
        super().__init__(log, stop_timeout)
        self._serve(
            ["--config", "newsroom/gunicorn.conf.py", "newsroom.wsgi:application"],
            {**env, "HOST": "127.0.0.1", "PORT": str(self.port)},
            append=append,
        )


def answers(url, timeout=5):
    """``(headers, body)`` of a 2xx answer at ``url``; an ``OSError`` otherwise."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.headers, response.read()


def responds(url, timeout=2):
    """True once anything answers at ``url``, whatever its status; an ``OSError``
    while nothing does."""
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True


def start_varnish(backend, folder, *, port=None, memory="64m"):
    """``(port, process)``: ``varnishd`` in the foreground (``-F``), as a child of
    the caller, with the repository's VCL pointed at ``backend`` (host, port), on
    ``port`` (a free one by default). Its VCL, its log and its ``-n`` folder (for
    ``varnishstat``) are in ``folder``. Waiting for it is the caller's: it answers
    once its health probe has found the backend."""
    host, backend_port = backend
    vcl = VCL.read_text()
    vcl, hosts = re.subn(r'\.host = "[^"]*";', f'.host = "{host}";', vcl, count=1)
    vcl, ports = re.subn(
        r'\.port = "[^"]*";', f'.port = "{backend_port}";', vcl, count=1
    )
    if not hosts == ports == 1:
        raise RuntimeError("the VCL's backend has no .host and .port to fill in")
    (folder / "default.vcl").write_text(vcl)
    port = port or free_port()
    command = [
        "varnishd", "-F", "-n", str(folder / "varnish"),
        "-a", f"127.0.0.1:{port}", "-T", "none",
        "-f", str(folder / "default.vcl"), "-s", f"malloc,{memory}",
    ]  # fmt: skip
    if os.geteuid() == 0:
        # Root would hand the cache to the varnish users, who cannot read the folder.
        command += ["-j", "none"]
    return port, start(command, log=folder / "varnishd.log")


class Readers:
    """Readers asking for ``paths`` in turn, concurrently, until stopped.

    Every answer is kept as ``(seconds since the start, status)``, where a status
    is an HTTP status code or the name of the error that stood for one (a refused
    connection, a timeout).
    """

    def __init__(self, base, paths, *, readers=4, timeout=10):
        # Any sequence: asked for by index, so it may make a path for each turn.
        self.base, self.paths, self.timeout = base, paths, timeout
        self.answers, self._lock = [], threading.Lock()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._read, args=(number,), daemon=True)
            for number in range(readers)
        ]
        self.started = None

    def _read(self, number):
        turn = number
        while not self._stop.is_set():
            path = self.paths[turn % len(self.paths)]
            turn += 1
            try:
                with urllib.request.urlopen(
                    self.base + path, timeout=self.timeout
                ) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except (OSError, urllib.error.URLError) as error:
                reason = getattr(error, "reason", error)
                status = type(reason).__name__
            with self._lock:
                self.answers.append((time.monotonic() - self.started, status))

    def start(self, started=None):
        """Start reading; ``started`` (a ``time.monotonic()``) shares another's clock."""
        self.started = started or time.monotonic()
        for thread in self._threads:
            thread.start()
        return self

    def now(self):
        return time.monotonic() - self.started

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.timeout + 5)
        return self

    def between(self, start, end=float("inf")):
        with self._lock:
            return [status for at, status in self.answers if start <= at < end]

    def counts(self, start=0, end=float("inf")):
        return Counter(str(status) for status in self.between(start, end))

    def recovered_at(self, since):
        """When answers became 200 for good after ``since``: the first 200 after
        the last failure, or None if the last answer failed."""
        with self._lock:
            after = [(at, status) for at, status in self.answers if at >= since]
        failures = [at for at, status in after if status != 200]
        if not failures:
            return since
        later = [at for at, status in after if at > failures[-1] and status == 200]
        return later[0] if later else None
