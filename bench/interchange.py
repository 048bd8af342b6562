"""The benchmark of export and restore: stories a second both ways, and peak memory.

For each database (SQLite, PostgreSQL) and each archive size (1,000 and 10,000
stories by default) it migrates a fresh database, writes the stories with
``manage.py generate_stories``, and then, each command in a process of its own:

- ``export_newsroom`` to a folder: stories a second, and the process's peak memory
  (its maximum resident set, from ``wait4``);
- ``restore_newsroom`` of that folder into a second fresh database: the same
  figures (the rate includes checking the whole export first and rebuilding the
  search index after);
- ``export_newsroom`` of the restored database, compared byte for byte with the
  first export.

Peak memory that stays the same from 1,000 to 10,000 stories is what "streamed"
means here. Run it with ``make bench``, or ``.venv/bin/python bench/interchange.py``.
"""

import argparse
import contextlib
import filecmp
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
WORK_DIR = ROOT / "var" / "bench" / "interchange"
PYTHON = sys.executable
DATABASES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1000,10000"))
    parser.add_argument(
        "--databases", default=os.environ.get("BENCH_DATABASES", "sqlite,postgresql")
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    options = parser.parse_args(argv)
    options.sizes = [int(size) for size in options.sizes.split(",") if size.strip()]
    options.databases = [name.strip() for name in options.databases.split(",") if name]
    return options


def say(message=""):
    print(message, flush=True)


@contextlib.contextmanager
def database(kind, name, server_url):
    """A new, empty database's URL; gone afterwards."""
    if kind == "sqlite":
        path = WORK_DIR / f"{name}.sqlite3"
        for stale in WORK_DIR.glob(f"{path.name}*"):
            stale.unlink()
        try:
            yield f"sqlite:///{path}"
        finally:
            for made in WORK_DIR.glob(f"{path.name}*"):
                made.unlink()
        return
    import psycopg

    def admin(statement):
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(statement)

    admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def environment(database_url, media):
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DATABASE_URL=database_url,
        NEWSROOM_VAR_DIR=str(WORK_DIR / "var"),
        NEWSROOM_MEDIA_ROOT=str(media),
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env, *arguments):
    done = subprocess.run(
        [PYTHON, "manage.py", *map(str, arguments)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        say(done.stdout[-3000:])
        say(done.stderr[-3000:])
        raise RuntimeError(f"manage.py {' '.join(map(str, arguments))} failed")
    return done.stdout


def measured(env, *arguments):
    """Run a command and measure it: output, seconds, peak resident MiB."""
    started = time.perf_counter()
    with (
        open(WORK_DIR / "out.txt", "w+") as out,
        open(WORK_DIR / "err.txt", "w+") as err,
    ):
        process = subprocess.Popen(
            [PYTHON, "manage.py", *map(str, arguments)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=err,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if os.waitstatus_to_exitcode(status):
        say(stdout[-3000:])
        say(stderr[-3000:])
        raise RuntimeError(f"manage.py {' '.join(map(str, arguments))} failed")
    return stdout, seconds, usage.ru_maxrss / 1024


def same_tree(first, second):
    comparison = filecmp.dircmp(first, second)
    pending = [comparison]
    while pending:
        current = pending.pop()
        if current.left_only or current.right_only or current.funny_files:
            return False
        _match, mismatch, errors = filecmp.cmpfiles(
            current.left, current.right, current.common_files, shallow=False
        )
        if mismatch or errors:
            return False
        pending.extend(current.subdirs.values())
    return True


def folder_bytes(folder):
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def bench_one(kind, size, options):
    say(f"== {DATABASES[kind]}, {size:,} stories")
    result = {"size": size}
    first, second = WORK_DIR / "first", WORK_DIR / "second"
    for folder in (first, second, WORK_DIR / "media-a", WORK_DIR / "media-b"):
        shutil.rmtree(folder, ignore_errors=True)
    with (
        database(kind, "newsroom_bench_source", options.postgres_url) as source_url,
        database(kind, "newsroom_bench_target", options.postgres_url) as target_url,
    ):
        source = environment(source_url, WORK_DIR / "media-a")
        target = environment(target_url, WORK_DIR / "media-b")
        say("    migrate and generate")
        manage(source, "migrate", "--no-input")
        manage(source, "generate_stories", size, "--seed", options.seed)
        manage(target, "migrate", "--no-input")

        say("    export")
        output, seconds, peak = measured(source, "export_newsroom", first)
        result["export"] = {"seconds": seconds, "peak_mib": peak, "output": output}
        result["export_bytes"] = folder_bytes(first)
        say("    restore")
        output, seconds, peak = measured(target, "restore_newsroom", first)
        restored = re.search(r"Restored (\d+) stories", output)
        result["restore"] = {"seconds": seconds, "peak_mib": peak, "output": output}
        result["restored"] = int(restored.group(1)) if restored else 0
        say("    export again")
        measured(target, "export_newsroom", second)
        result["identical"] = same_tree(first, second)
    for folder in (first, second, WORK_DIR / "media-a", WORK_DIR / "media-b"):
        shutil.rmtree(folder, ignore_errors=True)
    return result


def main(argv=None):
    options = parse_arguments(argv)
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    rows, skipped = [], []
    for kind in options.databases:
        if kind == "postgresql":
            import psycopg

            try:
                psycopg.connect(options.postgres_url, connect_timeout=5).close()
            except psycopg.Error as error:
                skipped.append(f"PostgreSQL skipped: {str(error).strip()}")
                continue
        for size in options.sizes:
            rows.append((DATABASES[kind], bench_one(kind, size, options)))

    say()
    say("## Export and restore (whole commands, each in its own process)")
    say()
    say(
        "| database | stories | export s | export stories/s | export peak MiB "
        "| restore s | restore stories/s | restore peak MiB | export MB | same bytes |"
    )
    say("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, result in rows:
        size = result["size"]
        export, restore = result["export"], result["restore"]
        say(
            f"| {name} | {size:,} | {export['seconds']:.1f} "
            f"| {size / export['seconds']:,.0f} | {export['peak_mib']:.0f} "
            f"| {restore['seconds']:.1f} | {result['restored'] / restore['seconds']:,.0f} "
            f"| {restore['peak_mib']:.0f} | {result['export_bytes'] / 1e6:.1f} "
            f"| {'yes' if result['identical'] else 'NO'} |"
        )
    for line in skipped:
        say(line)
    failed = [result for _name, result in rows if not result["identical"]]
    return 1 if failed or skipped else 0


if __name__ == "__main__":
    sys.exit(main())
