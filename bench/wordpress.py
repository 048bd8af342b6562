"""The WordPress import benchmark: posts per second through ``import_wordpress``.

It runs ``manage.py import_wordpress`` on WordPress's own test exports (read from
``../shared/corpus/wordpress/``, or ``--export FILE``) into a fresh, migrated
database, twice: the first run creates every story (read, written with its parts,
walked through the workflow and the copy desk's gate, indexed, given its first
revision and its redirects), the second updates them. It prints the posts per
second of each run and checks that the second created nothing.

    .venv/bin/python bench/wordpress.py [--export FILE] [--database-url URL]
"""

import argparse
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK_DIR = ROOT / "var" / "bench" / "wordpress"
CORPUS = ROOT.parent / "shared" / "corpus" / "wordpress"
EXPORTS = ["themeunittestdata.wordpress.xml", "64-block-test-data.xml"]


def manage(env, *arguments):
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        print(done.stdout[-2000:], done.stderr[-2000:], sep="\n")
        raise SystemExit(f"manage.py {' '.join(arguments)} failed")
    return done.stdout


def settings_env(database_url):
    """The environment of the commands: the benchmark's settings and database."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_DEBUG", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        NEWSROOM_VAR_DIR=str(WORK_DIR / "var"),
        PYTHONPATH=str(ROOT),
    )
    # The site refuses to start without a key when DEBUG is off, as here.
    env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
    return env


def run(env, export):
    started = time.perf_counter()
    out = manage(env, "import_wordpress", str(export))
    seconds = time.perf_counter() - started
    found = re.search(r"^Stories: (\d+) \((\d+) created, (\d+) updated", out, re.M)
    stories, created, updated = (int(n) for n in found.groups())
    return seconds, stories, created, updated


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--export", action="append", help="default: the test exports")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    options = parser.parse_args(argv)
    exports = [Path(p) for p in options.export or [CORPUS / n for n in EXPORTS]]
    missing = [str(p) for p in exports if not p.is_file()]
    if missing:
        raise SystemExit(f"No WordPress export at {', '.join(missing)}")
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    database_url = options.database_url
    if not database_url:
        for stale in WORK_DIR.glob("wordpress.sqlite3*"):
            stale.unlink()
        database_url = f"sqlite:///{WORK_DIR / 'wordpress.sqlite3'}"
    env = settings_env(database_url)
    manage(env, "migrate", "--no-input")
    name = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(f"WordPress import into {name} (one process, the command)")
    for export in exports:
        for attempt in ("first run", "again"):
            seconds, stories, created, updated = run(env, export)
            print(
                f"  {export.name}, {attempt}: {stories} posts "
                f"({created} created, {updated} updated) in {seconds:.1f} s, "
                f"{stories / seconds:.1f} posts/s"
            )
            if attempt == "again" and created:
                raise SystemExit("the second run created stories")


if __name__ == "__main__":
    main()
