"""The benchmark: the public pages of a generated archive, under gunicorn and wrk.

For each database (SQLite, PostgreSQL) and each archive size (1,000 and 10,000
stories) it makes a fresh database, migrates it, writes the stories with
``manage.py generate_stories``, and measures the article page, the home page, the
largest section's first and 50th pages and a search for a rare word and for a word in
every story (when the project has a search page):

- requests per second and latency p50 and p99 from wrk (``-t2 -c16``) against
  gunicorn with 2 sync workers, page cache off, so that each figure is the cost of
  rendering the page;
- SQL queries per page and the in-process render time (median), through Django's
  test client in a separate process;
- the gunicorn workers' memory (VmRSS) after the runs;
- the article page and both searches as the site serves them by default, with
  the page cache on (the same page asked again, until a story changes).

It prints one table per database and the machine it ran on. Run it with the
project's virtualenv: ``make bench``, or ``.venv/bin/python bench/run.py --help``.
"""

import argparse
import contextlib
import datetime
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.processes import (  # noqa: E402
    children,
    free_port,
    start,
    stop,
    wait_until_answers,
)
from bench.services import served_environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK_DIR = ROOT / "var" / "bench"
PYTHON = sys.executable
PG_DATABASE = "newsroom_bench"
DATABASES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
WORKERS = 2
# The pages measured again as the site serves them, with the page cache on.
CACHED_PAGES = ("article", "search_rare", "search_common")


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(
        description="Benchmark the public pages on SQLite and PostgreSQL.",
        epilog="BENCH_SIZES, BENCH_DATABASES, BENCH_DURATION and BENCH_POSTGRES_URL "
        "set the defaults of the matching options.",
    )
    parser.add_argument(
        "--sizes",
        default=os.environ.get("BENCH_SIZES", "1000,10000"),
        help="Archive sizes, comma-separated (default 1000,10000).",
    )
    parser.add_argument(
        "--databases",
        default=os.environ.get("BENCH_DATABASES", "sqlite,postgresql"),
        help="sqlite, postgresql or both (default both).",
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=int(os.environ.get("BENCH_DURATION", 10)),
        help="Seconds of wrk per page (default 10).",
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk -t.")
    parser.add_argument("--connections", type=int, default=16, help="wrk -c.")
    parser.add_argument("--seed", type=int, default=1, help="generate_stories --seed.")
    parser.add_argument(
        "--runs", type=int, default=30, help="In-process renders per page (median)."
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help=f"A PostgreSQL server's maintenance database; {PG_DATABASE} is made "
        "beside it and dropped afterwards.",
    )
    parser.add_argument(
        "--no-profile",
        action="store_true",
        help="Skip the profile of the article page at the largest size.",
    )
    parser.add_argument(
        "--keep", action="store_true", help="Keep the SQLite files under var/bench/."
    )
    options = parser.parse_args(argv)
    options.sizes = [int(size) for size in options.sizes.split(",") if size.strip()]
    options.databases = [name.strip() for name in options.databases.split(",") if name]
    if unknown := set(options.databases) - DATABASES.keys():
        parser.error(f"unknown database: {', '.join(sorted(unknown))}")
    return options


def say(message=""):
    print(message, flush=True)


# The machine.


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    meminfo = Path("/proc/meminfo").read_text()
    total = int(re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M).group(1))
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return {
        "cores": len(os.sched_getaffinity(0)),
        "cpu": model.group(1).strip() if model else "unknown",
        "memory_gib": total / 1024 / 1024,
        "python": sys.version.split()[0],
        "wrk": (wrk.stdout or wrk.stderr).split("[")[0].strip(),
        "started_at": datetime.datetime.now().isoformat(timespec="seconds"),
    }


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# Databases.


@contextlib.contextmanager
def sqlite_database(size, keep):
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    path = WORK_DIR / f"newsroom-{size}.sqlite3"
    for stale in WORK_DIR.glob(f"{path.name}*"):
        stale.unlink()
    try:
        yield f"sqlite:///{path}"
    finally:
        if not keep:
            for made in WORK_DIR.glob(f"{path.name}*"):
                made.unlink()


@contextlib.contextmanager
def postgresql_database(server_url):
    import psycopg

    def admin(statement):
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(statement)

    admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    admin(f"CREATE DATABASE {PG_DATABASE}")
    parts = urlsplit(server_url)
    try:
        yield urlunsplit(parts._replace(path=f"/{PG_DATABASE}"))
    finally:
        admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def postgresql_unavailable(server_url):
    """Why the PostgreSQL server cannot be used, or None when it can."""
    import psycopg

    try:
        with psycopg.connect(server_url, connect_timeout=5):
            return None
    except psycopg.Error as error:
        return f"{type(error).__name__}: {str(error).strip().splitlines()[0]}"


# Processes.


def environment(database_url, *, page_cache):
    """The environment of everything the benchmark starts: production-like settings."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_DEBUG", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    # The site refuses to start without a key when DEBUG is off, as here.
    env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(64))
    env["BENCH_PAGE_CACHE"] = "on" if page_cache else "off"
    # The pages' own cost: the benchmark's settings, static files as they are.
    return served_environment(
        env,
        settings_module="bench.settings",
        var_dir=WORK_DIR / "var",
        database_url=database_url,
    )


def run(command, env, *, timeout=1800):
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode:
        say(done.stdout[-3000:])
        say(done.stderr[-3000:])
        raise RuntimeError(f"{' '.join(map(str, command))} failed ({done.returncode})")
    return done.stdout


def manage(env, *arguments, timeout=1800):
    return run([PYTHON, "manage.py", *map(str, arguments)], env, timeout=timeout)


def pages_script(env, *arguments):
    return json.loads(run([PYTHON, "bench/pages.py", *map(str, arguments)], env))


def rss_mib(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmRSS:\s*(\d+) kB", status, re.M).group(1)) / 1024


class Gunicorn:
    """gunicorn serving the site with sync workers (2 by default) on a free port."""

    def __init__(self, env, workers=WORKERS):
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        log = WORK_DIR / "gunicorn.log"
        self.process = start(
            [
                PYTHON, "-m", "gunicorn", "newsroom.wsgi:application",
                "--workers", str(workers), "--worker-class", "sync",
                "--bind", f"127.0.0.1:{self.port}", "--chdir", str(ROOT),
                "--log-level", "warning", "--timeout", "120",
            ],
            log=log, append=True, cwd=ROOT, env=env,
        )  # fmt: skip
        wait_until_answers(
            self.process, self._serving, what="gunicorn", seconds=60, log=log
        )

    def _serving(self):
        """True once the site answers and every worker has started."""
        with urllib.request.urlopen(self.base + "/", timeout=5):
            return len(children(self.process.pid)) >= self.workers or None

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=120) as response:
            return response.status, response.read()

    def worker_rss(self):
        return [rss_mib(pid) for pid in children(self.process.pid)]

    def stop(self):
        stop(self.process, timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


# wrk.

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output):
    """Requests per second, p50 and p99 in ms, and errors, from ``wrk --latency``."""
    result = {"rps": float(re.search(r"Requests/sec:\s*([\d.]+)", output).group(1))}
    for percentile in ("50", "99"):
        match = re.search(rf"^\s*{percentile}(?:\.0+)?%\s+(\S+)", output, re.M)
        result[f"p{percentile}"] = _ms(match.group(1)) if match else None
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["timeouts"] = int(errors.group(4)) if errors else 0
    result["socket_errors"] = sum(map(int, errors.groups()[:3])) if errors else 0
    result["non_2xx"] = int(non_2xx.group(1)) if non_2xx else 0
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    return result


def wrk(url, options, duration=None, connections=None, threads=None):
    command = [
        "wrk",
        f"-t{threads or options.threads}",
        f"-c{connections or options.connections}",
        f"-d{duration or options.duration}s",
        "--latency",
        "--timeout",
        "10s",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


# One database at one size.


def bench_one(database_url, size, options, *, profile):
    result = {"size": size, "load_before": load_average()}
    env_off = environment(database_url, page_cache=False)
    env_on = environment(database_url, page_cache=True)
    shutil.rmtree(WORK_DIR / "var", ignore_errors=True)

    started = time.perf_counter()
    manage(env_off, "migrate", "--no-input")
    result["migrate_s"] = time.perf_counter() - started
    generated = manage(env_off, "generate_stories", size, "--seed", options.seed)
    summary = generated.strip().splitlines()[-1]
    say(f"    {summary}")
    rate = re.search(r"\(([\d,]+) stories/s\)", summary)
    result["generate_rate"] = int(rate.group(1).replace(",", "")) if rate else None
    result["generate_summary"] = summary

    found = pages_script(env_off, "urls")
    pages, result["notes"] = found["pages"], found["notes"]
    say("    in-process: queries and render time, page cache off")
    inproc = pages_script(env_off, "measure", "--runs", options.runs)
    say("    in-process: the same pages with the page cache on")
    only = [f"--only={key}" for key in CACHED_PAGES]
    cached = pages_script(env_on, "measure", *only, "--runs", options.runs)
    result["pages"] = {page["key"]: {**page, **inproc[page["key"]]} for page in pages}

    with Gunicorn(env_off) as server:
        for page in pages:
            # Warm both workers: templates loaded, connections open, code paths run.
            url = server.base + page["url"]
            wrk(url, options, duration=1, connections=2, threads=1)
        for page in pages:
            say(f"    wrk {page['label']}: {page['url']}")
            figures = wrk(server.base + page["url"], options)
            result["pages"][page["key"]]["wrk"] = figures
        result["worker_rss_mib"] = server.worker_rss()

    result["cached_pages"] = {}
    with Gunicorn(env_on) as server:
        for key in CACHED_PAGES:
            page = result["pages"].get(key)
            if page is None:
                continue
            first = server.get(page["url"])
            second = server.get(page["url"])
            say(f"    wrk {page['label']}, page cache on: {page['url']}")
            result["cached_pages"][key] = {
                **page,
                **cached[key],
                "statuses": [first[0], second[0]],
                "wrk": wrk(server.base + page["url"], options),
            }
        result["worker_rss_cached_mib"] = server.worker_rss()

    article = result["pages"]["article"]
    if profile:
        say("    profile of the article page, in-process, page cache off")
        result["profile"] = pages_script(env_off, "profile", article["url"])
    result["load_after"] = load_average()
    return result


# The report.


def _number(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}"


def _size(figures):
    size = figures["size"]
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def _page(figures, key):
    if key.startswith("cached:"):
        return figures["cached_pages"].get(key.removeprefix("cached:"))
    return figures["pages"].get(key)


def _has_errors(page):
    w = page["wrk"]
    failures = w["non_2xx"] + w["timeouts"] + w["socket_errors"]
    return page.get("status") != 200 or failures > 0


def _cells(page):
    if page is None:
        return ["–"] * 5
    w = page["wrk"]
    render = page["render_ms"]
    return [
        _number(w["rps"]) + (" !" if _has_errors(page) else ""),
        _number(w["p50"], 1),
        _number(w["p99"], 1),
        str(page["queries"]),
        _number(render, 2 if render < 10 else 1),
    ]


def table(name, runs):
    """A markdown table: one row per page, the figures of each size side by side."""
    labels = {key: page["label"] for key, page in runs[0]["pages"].items()}
    for key, page in runs[0]["cached_pages"].items():
        labels[f"cached:{key}"] = f"{page['label']}, page cache on"
    header = ["page"]
    for figures in runs:
        size = _size(figures)
        header += [f"{size} {title}" for title in ("req/s", "p50 ms", "p99 ms", "SQL")]
        header.append(f"{size} render ms")
    if len(runs) > 1:
        header.append(f"req/s {_size(runs[-1])}/{_size(runs[0])}")
    lines = [f"### {name}", "", "| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
    for key, label in labels.items():
        cells = [label]
        for figures in runs:
            cells += _cells(_page(figures, key))
        if len(runs) > 1:
            first, last = _page(runs[0], key), _page(runs[-1], key)
            ratio = first and last and last["wrk"]["rps"] / first["wrk"]["rps"]
            cells.append(f"{ratio:.2f}" if ratio else "–")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for figures in runs:
        lines += _notes(figures)
    return "\n".join(lines) + "\n"


def _mib(values):
    return ", ".join(f"{value:.0f}" for value in values) + " MiB"


def _notes(figures):
    size = f"{figures['size']:,} stories"
    served = [
        f"{page['label']}: "
        + (
            "served from the page cache"
            if page["queries"] == 0
            else f"rendered again ({page['queries']} queries), no page cache"
        )
        for page in figures["cached_pages"].values()
    ]
    lines = [
        f"- {size}: {figures['generate_summary']}",
        f"- {size}: gunicorn workers' memory (VmRSS after the runs): "
        f"{_mib(figures['worker_rss_mib'])} with the page cache off, "
        f"{_mib(figures['worker_rss_cached_mib'])} with it on.",
        f"- {size}: with the page cache on, a page's second request: "
        + "; ".join(served)
        + ".",
        f"- {size}: load average {figures['load_before']} before, "
        f"{figures['load_after']} after.",
    ]
    for page in figures["pages"].values():
        label = f"- {size}: {page['label']}"
        number = page.get("page_number")
        if page["key"] == "section50" and number and number != 50:
            lines.append(
                f"{label}: the section has {page['num_pages']} pages, so page "
                f"{number} was measured."
            )
        if page.get("page_cache") == "hit":
            lines.append(f"{label} came from a page cache, so it is not a render.")
        if page.get("word_found") is False:
            lines.append(f"{label}: the word searched for is not on the page.")
        if page.get("status") != 200:
            lines.append(f"{label} answered {page['status']}.")
        w = page["wrk"]
        if w["non_2xx"] or w["timeouts"] or w["socket_errors"]:
            lines.append(
                f"{label} (!): {w['non_2xx']} non-2xx answers, {w['timeouts']} "
                f"timeouts, {w['socket_errors']} socket errors in {w['requests']} "
                "requests."
            )
    lines += [f"- {size}: {note}" for note in figures["notes"]]
    return lines


def profile_report(name, figures):
    profile = figures.get("profile")
    if not profile:
        return ""
    lines = [
        f"### Where the article page's render goes ({name}, {figures['size']:,} "
        f"stories)",
        "",
        f"cProfile over {profile['runs']} in-process renders, "
        f"{profile['ms_per_render_profiled']:.1f} ms each under the profiler. "
        "Own time by area (a built-in counts for its caller):",
        "",
    ]
    lines += [
        f"- {area}: {share:.0f}%" for area, share in profile["areas"] if share >= 0.5
    ]
    lines += ["", "Most own time (ms per render: own / with callees, calls):", ""]
    lines += [
        f"- {f['tottime_ms']:.2f} / {f['cumtime_ms']:.2f} ms, {f['calls']} calls: "
        f"{f['name']}"
        for f in profile["functions"][:12]
    ]
    return "\n".join(lines) + "\n"


def main(argv=None):
    options = parse_arguments(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    about = machine()
    say(
        f"Machine: {about['cores']} cores, {about['cpu']}, "
        f"{about['memory_gib']:.1f} GiB; "
        f"Python {about['python']}, {about['wrk']}; load average {load_average()}."
    )
    say(
        f"wrk -t{options.threads} -c{options.connections} -d{options.duration}s "
        f"against gunicorn, {WORKERS} sync workers; sizes {options.sizes}; "
        f"databases {options.databases}."
    )
    results, skipped = {"machine": about, "options": vars(options)}, []
    reports = []
    for database in options.databases:
        why = database == "postgresql" and postgresql_unavailable(options.postgres_url)
        if why:
            skipped.append(f"PostgreSQL skipped: {why}")
            say(skipped[-1])
            continue
        runs = []
        for size in options.sizes:
            say(f"== {DATABASES[database]}, {size:,} stories")
            opened = (
                sqlite_database(size, options.keep)
                if database == "sqlite"
                else postgresql_database(options.postgres_url)
            )
            with opened as url:
                profile = not options.no_profile and size == max(options.sizes)
                runs.append(bench_one(url, size, options, profile=profile))
        results[database] = runs
        reports.append(table(DATABASES[database], runs))
        reports.append(profile_report(DATABASES[database], runs[-1]))

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    saved = WORK_DIR / f"results-{stamp}.json"
    saved.write_text(json.dumps(results, indent=1, default=str))
    say()
    say(
        f"## Benchmark, {about['started_at']}: {about['cores']} cores "
        f"({about['cpu']}), {about['memory_gib']:.0f} GiB"
    )
    say()
    say(
        f"wrk -t{options.threads} -c{options.connections} -d{options.duration}s, "
        f"gunicorn {WORKERS} sync workers, page cache off unless said; SQL and render "
        "ms in-process (Django test client, median); '!' marks errors, listed below."
    )
    say()
    for report in reports:
        if report:
            say(report)
    for line in skipped:
        say(line)
    say(f"Figures saved in {saved.relative_to(ROOT)}.")
    return 1 if skipped else 0


if __name__ == "__main__":
    sys.exit(main())
