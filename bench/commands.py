"""What the benchmarks of one command share (``bench/imports.py``,
``bench/wordpress.py``): the command's environment, a fresh database, and running
``manage.py`` timed, each command in a process of its own."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(database_url, var_dir):
    """The environment of the commands: the benchmark's settings (which bring a key
    of their own, kept in ``var_dir``), and ``database_url``."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_DEBUG", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        NEWSROOM_VAR_DIR=str(var_dir),
        PYTHONPATH=str(ROOT),
    )
    return env


def fresh_database(work_dir, name, database_url=None):
    """``database_url`` if given, else a new SQLite file ``name`` in ``work_dir``
    (what an earlier run left there removed); with the name of its database."""
    if not database_url:
        for stale in work_dir.glob(f"{name}*"):
            stale.unlink()
        database_url = f"sqlite:///{work_dir / name}"
    kind = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    return database_url, kind


def manage(env, *arguments):
    """``manage.py`` run with ``arguments``; its output, or the end of the run."""
    return _run(env, ["manage.py", *arguments], f"manage.py {' '.join(arguments)}")


def python(env, code, *arguments):
    """The lines ``code`` printed, run by Python in a process of its own with
    ``arguments``."""
    return _run(env, ["-c", code, *arguments], "the benchmark's process").splitlines()


def _run(env, arguments, what):
    done = subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        print(done.stdout[-2000:], done.stderr[-2000:], sep="\n")
        raise SystemExit(f"{what} failed")
    return done.stdout


def timed(env, *arguments):
    """``(seconds, output)`` of ``manage.py`` run with ``arguments``."""
    started = time.perf_counter()
    out = manage(env, *arguments)
    return time.perf_counter() - started, out
