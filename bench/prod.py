"""The site as a newsroom runs it in production, judged: ``make bench-prod``.

For each size of ``--sizes`` (10,000 and 100,000 stories) it creates a fresh
PostgreSQL database beside ``--postgres-url``'s, migrates it and writes the stories
with ``manage.py generate_stories``. Then it serves every size at once with gunicorn
under the repository's ``newsroom/gunicorn.conf.py`` and measures, with the page
cache off, the article page, the largest section's pages 1 and 100, the home page
and a search for a rare and a common word (``wrk --latency``), the sizes in turns,
page by page, ``--rounds`` times: the machine's other work then weighs on each size
alike (measured one after the other, a busy quarter of an hour made one size look
six times faster than the other). The median round of every size is set against the
first's: each page should stay within 20%.

On the first size's archive it then runs the site as production does: the page
cache in Redis (``--redis-url``, under a key prefix of this run's own), varnishd
with ``newsroom/varnish/default.vcl`` in front and ``VARNISH_PURGE_URLS`` pointing
at it, and measures

1. the article page through Varnish against nginx sending the same bytes as a
   static file (``bench/proxy.py``'s code): the proxy should reach 50%;
2. a newsroom day: ``wrk`` with ``--connections`` connections for ``--duration``
   seconds over every story, chosen with a Zipf-like skew (a few stories take most
   of the requests) plus the home and section pages, while ``bench/newsdesk.py``
   publishes or corrects a story through the workflow every ``--every`` seconds.
   It prints requests per second, p50 and p99 latency, the share of requests
   Varnish answered from its cache, and every error (there should be none).

Everything it starts (gunicorn, varnishd, nginx, the editor) is stopped at the
end, on Ctrl-C or an error too; the databases are dropped, the Redis keys deleted.
"""

import argparse
import contextlib
import datetime
import json
import math
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.processes import (  # noqa: E402
    free_port,
    running,
    stop,
)
from bench.proxy import start_nginx, wait_for  # noqa: E402
from bench.run import (  # noqa: E402
    PYTHON,
    ROOT,
    WORK_DIR,
    environment,
    load_average,
    machine,
    manage,
    pages_script,
    parse_wrk,
    run,
    say,
)
from bench.services import ServedSite, start_varnish  # noqa: E402

# The pages compared across sizes, by their key in bench/pages.py.
SIZE_PAGES = ("article", "section", "section50", "home", "search_rare", "search_common")
SECTION_PAGE = 100
WITHIN = 0.20
PROXY_SHARE = 0.50
# Of the day's requests, the share that goes to the home and section pages; the
# rest go to stories.
FRONT_SHARE = 0.10
# The most read stories, which the editor corrects in turn.
CORRECTED = 5

FIND_READING = """
import json, django
django.setup()
from django.urls import reverse
from articles.models import Article, Section
stories = Article.objects.published().select_related("section")
print(json.dumps({
    "stories": [s.get_absolute_url() for s in stories.order_by("-published_at", "-pk")],
    "ids": list(stories.order_by("-published_at", "-pk").values_list("pk", flat=True)[:%d]),
    "sections": [s.get_absolute_url() for s in Section.objects.filter(parent=None)],
    "home": reverse("articles:home"),
}))
"""

# Each request picks a path by weight: a binary search in the cumulative weights.
WRK_SCRIPT = """
local paths = {%(paths)s}
local cumulative = {%(cumulative)s}
local total = cumulative[#cumulative]
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("seed", %(seed)d + threads)
end

init = function(args)
  math.randomseed(seed)
end

request = function()
  local r = math.random() * total
  local low, high = 1, #cumulative
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] < r then low = middle + 1 else high = middle end
  end
  return wrk.format("GET", paths[low])
end
"""


def parse_arguments(argv=None):
    environ = os.environ.get
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="BENCH_PROD_SIZES, BENCH_PROD_DURATION, BENCH_PROD_PAGE_DURATION, "
        "BENCH_POSTGRES_URL and BENCH_REDIS_URL set the defaults of the matching "
        "options.",
    )
    parser.add_argument(
        "--sizes",
        default=environ("BENCH_PROD_SIZES", "10000,100000"),
        help="Archive sizes, comma-separated; the day runs on the first (10000,100000).",
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=int(environ("BENCH_PROD_DURATION", 60)),
        help="Seconds of the newsroom day (60).",
    )
    parser.add_argument(
        "--page-duration",
        type=int,
        default=int(environ("BENCH_PROD_PAGE_DURATION", 10)),
        help="Seconds of wrk per page, and for the proxy and nginx each (10).",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="Turns of wrk per page and size; the median counts (3).",
    )
    parser.add_argument("--connections", type=int, default=64, help="the day's (64)")
    parser.add_argument(
        "--page-connections", type=int, default=16, help="per page and proxy (16)"
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk -t (2)")
    parser.add_argument(
        "--every", type=float, default=10, help="seconds between edits (10)"
    )
    parser.add_argument(
        "--skew", type=float, default=1.0, help="Zipf exponent of the stories (1.0)"
    )
    parser.add_argument("--seed", type=int, default=7, help="generate_stories --seed")
    parser.add_argument(
        "--postgres-url",
        default=environ(
            "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="A PostgreSQL server's maintenance database; a database of this run "
        "is made beside it and dropped afterwards.",
    )
    parser.add_argument(
        "--redis-url",
        default=environ("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        help="The Redis of the page cache; this run's keys are deleted afterwards.",
    )
    options = parser.parse_args(argv)
    options.sizes = [int(size) for size in options.sizes.split(",") if size.strip()]
    if not options.sizes:
        parser.error("--sizes needs at least one size")
    return options


# Services.


@contextlib.contextmanager
def fresh_database(server_url, name):
    """A new PostgreSQL database ``name`` beside ``server_url``'s; dropped after."""
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


@contextlib.contextmanager
def redis_prefix(url):
    """A key prefix of this run's own; its keys are deleted afterwards."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5)
    client.ping()
    prefix = f"bench-prod-{secrets.token_hex(4)}"
    try:
        yield prefix
    finally:
        for key in client.scan_iter(match=f"{prefix}*", count=1000):
            client.delete(key)
        client.close()


def wrk(url, *, threads, connections, duration, script=None):
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s",
        "--latency", "--timeout", "10s",
    ]  # fmt: skip
    if script:
        command += ["-s", str(script)]
    done = subprocess.run([*command, url], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"wrk failed: {done.stdout[-2000:]}{done.stderr[-2000:]}")
    return parse_wrk(done.stdout)


def errors_of(figures):
    return figures["non_2xx"] + figures["socket_errors"] + figures["timeouts"]


def varnish_counters(folder):
    done = subprocess.run(
        ["varnishstat", "-n", str(folder / "varnish"), "-1"]
        + ["-f", "MAIN.cache_hit", "-f", "MAIN.cache_miss"],
        capture_output=True,
        text=True,
        check=True,
    )
    found = dict(
        re.findall(r"^MAIN\.(cache_hit|cache_miss)\s+(\d+)", done.stdout, re.M)
    )
    return {name: int(found.get(name, 0)) for name in ("cache_hit", "cache_miss")}


# The sizes.


def build(env, size, seed):
    started_at = time.perf_counter()
    manage(env, "migrate", "--no-input")
    # Generating runs at about 50 to 70 stories a second on PostgreSQL here, slower
    # on a busy machine: give it a second for every 10 stories, and 30 minutes at
    # least.
    summary = manage(
        env, "generate_stories", size, "--seed", seed, timeout=max(1800, size / 10)
    ).strip()
    say(f"    {summary.splitlines()[-1]} ({time.perf_counter() - started_at:.0f} s)")


def measure_sizes(archives, folder, options):
    """Each size's pages, with wrk's figures, rendered every time (page cache off).

    Every archive is served at once and the sizes are measured in turns, page by
    page, ``--rounds`` times, so that whatever else the machine is doing weighs on
    each size alike; a page's figures are those of its median round (by requests
    per second), and every round is kept.
    """
    measured = []
    with contextlib.ExitStack() as stack:
        for size, env in archives:
            found = pages_script(
                {**env, "BENCH_SECTION_PAGE": str(SECTION_PAGE)}, "urls"
            )
            pages = sorted(
                (page for page in found["pages"] if page["key"] in SIZE_PAGES),
                key=lambda page: SIZE_PAGES.index(page["key"]),
            )
            say(f"    {size:,} stories:")
            for note in found["notes"]:
                say(f"      {note}")
            server = stack.enter_context(
                ServedSite(env, folder / "gunicorn.log", append=True, stop_timeout=40)
            )
            for page in pages:
                wrk(server.base + page["url"], threads=1, connections=2, duration=1)
                page["runs"] = []
            measured.append({"size": size, "pages": pages, "server": server})
        for index, key in enumerate(SIZE_PAGES):
            for _ in range(options.rounds):
                for entry in measured:
                    page = entry["pages"][index]
                    assert page["key"] == key, (page["key"], key)
                    page["runs"].append(
                        wrk(
                            entry["server"].base + page["url"],
                            threads=options.threads,
                            connections=options.page_connections,
                            duration=options.page_duration,
                        )
                    )
            for entry in measured:
                page = entry["pages"][index]
                runs = sorted(page["runs"], key=lambda run_: run_["rps"])
                page["wrk"] = runs[len(runs) // 2]
                say(
                    f"    {entry['size']:,} stories, {page['label']}: "
                    + ", ".join(f"{run_['rps']:,.0f}" for run_ in page["runs"])
                    + " req/s"
                )
    return [{"size": entry["size"], "pages": entry["pages"]} for entry in measured]


# Production: proxy against nginx, and the newsroom day.


def weighted_paths(reading, skew):
    """Paths and their weights: stories by Zipf rank (the newest first), then the
    home and section pages taking ``FRONT_SHARE`` of the whole."""
    stories = reading["stories"]
    weights = [1 / rank**skew for rank in range(1, len(stories) + 1)]
    story_total = sum(weights)
    front = [reading["home"], *reading["sections"]]
    front_total = story_total * FRONT_SHARE / (1 - FRONT_SHARE)
    home_weight = front_total / 2
    section_weight = (front_total - home_weight) / max(1, len(front) - 1)
    front_weights = [home_weight] + [section_weight] * (len(front) - 1)
    return front + stories, front_weights + weights


def write_script(folder, paths, weights, seed):
    cumulative, running = [], 0.0
    for weight in weights:
        running += weight
        cumulative.append(f"{running:.9g}")
    script = folder / "day.lua"
    script.write_text(
        WRK_SCRIPT
        % {
            "paths": ", ".join(json.dumps(path) for path in paths),
            "cumulative": ", ".join(cumulative),
            "seed": seed,
        }
    )
    return script


def top_share(weights, count):
    return sum(sorted(weights, reverse=True)[:count]) / sum(weights)


def production(env, folder, options):
    """The proxy against nginx, then the day, on the archive ``env`` names."""
    # Stories go back to draft first, so that readers ask only for published ones.
    drafts = math.ceil(options.duration / options.every / 2) + 1
    prepared = json.loads(
        run([PYTHON, "bench/newsdesk.py", "prepare", str(drafts)], env)
    )
    reading = json.loads(run([PYTHON, "-c", FIND_READING % CORRECTED], env))
    paths, weights = weighted_paths(reading, options.skew)
    script = write_script(folder, paths, weights, options.seed)
    stories = len(reading["stories"])
    story_weights = weights[len(paths) - stories :]
    say(
        f"    The day's readers: {len(paths):,} paths; the top 10 stories take "
        f"{top_share(story_weights, 10):.0%} of the story requests, the top 1% "
        f"{top_share(story_weights, max(1, stories // 100)):.0%}; "
        f"{len(prepared['drafts'])} stories held back as drafts to publish."
    )

    varnish_port = free_port()
    env = {**env, "VARNISH_PURGE_URLS": f"http://127.0.0.1:{varnish_port}/"}
    result = {}
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(
            ServedSite(env, folder / "gunicorn.log", append=True, stop_timeout=40)
        )
        _, process = start_varnish(
            ("127.0.0.1", server.port), folder, port=varnish_port, memory="256m"
        )
        varnish = stack.enter_context(running(process))
        base = f"http://127.0.0.1:{varnish_port}"
        article = reading["stories"][0]
        wait_for(base + article, varnish, "varnishd")
        headers, page = wait_for(base + article, varnish, "varnishd")
        if headers.get("X-Cache") != "hit":
            raise RuntimeError(f"Varnish did not keep {article}: {dict(headers)}")
        port, process = start_nginx(page, folder)
        nginx = stack.enter_context(running(process))
        _, same = wait_for(f"http://127.0.0.1:{port}/page.html", nginx, "nginx")
        assert same == page, "nginx does not send the page's bytes"
        say(f"    The article page {article}: {len(page):,} bytes.")
        measured = {
            "threads": options.threads,
            "connections": options.page_connections,
            "duration": options.page_duration,
        }
        result["proxy"] = wrk(base + article, **measured)
        result["static"] = wrk(f"http://127.0.0.1:{port}/page.html", **measured)
        result["article_bytes"] = len(page)
        stop(nginx)

        say(
            f"    The day: wrk -c{options.connections} -d{options.duration}s, "
            f"an edit every {options.every:g} s"
        )
        before = varnish_counters(folder)
        editor = stack.enter_context(
            running(
                subprocess.Popen(
                    [PYTHON, "bench/newsdesk.py", "run"]
                    + ["--duration", str(options.duration)]
                    + ["--every", str(options.every)]
                    + ["--correct", ",".join(map(str, reading["ids"]))],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        )
        result["day"] = wrk(
            base + "/",
            threads=options.threads,
            connections=options.connections,
            duration=options.duration,
            script=script,
        )
        after = varnish_counters(folder)
        out, err = editor.communicate(timeout=options.every + 120)
        if editor.returncode:
            say(err[-3000:])
            raise RuntimeError("The editor's process failed.")
        result["editor"] = json.loads(out.strip().splitlines()[-1])
        hits = after["cache_hit"] - before["cache_hit"]
        misses = after["cache_miss"] - before["cache_miss"]
        result["cache"] = {"hits": hits, "misses": misses}
        result["paths"] = len(paths)
    return result


# The report.


def report(about, options, sizes, prod, load_before):
    lines = [
        f"## make bench-prod, {about['started_at']}: {about['cores']} cores "
        f"({about['cpu']}), {about['memory_gib']:.0f} GiB, Python {about['python']}, "
        f"{about['wrk']}; load average {load_before} before, {load_average()} after",
        "",
    ]
    verdicts = []
    if prod:
        proxy, static = prod["proxy"], prod["static"]
        ratio = proxy["rps"] / static["rps"]
        verdicts.append(
            ("proxy at >= 50% of nginx's static file", ratio >= PROXY_SHARE)
        )
        lines += [
            f"### The article page through Varnish, against nginx "
            f"({prod['article_bytes']:,} bytes, wrk -t{options.threads} "
            f"-c{options.page_connections} -d{options.page_duration}s)",
            "",
            "| server | req/s | p50 ms | p99 ms | errors |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, figures in (("Varnish", proxy), ("nginx, static file", static)):
            lines.append(
                f"| {name} | {figures['rps']:,.0f} | {figures['p50']:.2f} "
                f"| {figures['p99']:.2f} | {errors_of(figures)} |"
            )
        lines += ["", f"Varnish at {ratio:.0%} of nginx (target 50%).", ""]

        day, editor, cache = prod["day"], prod["editor"], prod["cache"]
        looked_up = cache["hits"] + cache["misses"]
        share = cache["hits"] / looked_up if looked_up else 0.0
        errors = errors_of(day) + len(editor["failures"])
        verdicts.append(("the newsroom day without errors", errors == 0))
        lines += [
            f"### A newsroom day at {options.sizes[0]:,} stories",
            "",
            f"wrk -t{options.threads} -c{options.connections} -d{options.duration}s "
            f"through Varnish over {prod['paths']:,} paths (Zipf, exponent "
            f"{options.skew:g}; home and sections {FRONT_SHARE:.0%}); an edit every "
            f"{options.every:g} s.",
            "",
            "| req/s | p50 ms | p99 ms | from cache | errors |",
            "|---:|---:|---:|---:|---:|",
            f"| {day['rps']:,.0f} | {day['p50']:.2f} | {day['p99']:.2f} "
            f"| {share:.1%} | {errors} |",
            "",
            f"{day['requests']:,} requests; Varnish {cache['hits']:,} hits, "
            f"{cache['misses']:,} misses. Errors: {day['non_2xx']} non-2xx/3xx, "
            f"{day['socket_errors']} socket errors, {day['timeouts']} timeouts, "
            f"{len(editor['failures'])} failed edits.",
            f"The editor published {len(editor['published'])} and corrected "
            f"{len(editor['corrected'])} stories; an edit took {editor['median_ms']:.0f} "
            f"ms at the median, {editor['max_ms']:.0f} ms at most.",
            "",
        ]
        lines += [f"- {failure}" for failure in editor["failures"][:10]]
    first = sizes[0]
    header = ["page"]
    for run_ in sizes:
        header += [f"{run_['size']:,} req/s", f"{run_['size']:,} p50 ms"]
    if len(sizes) > 1:
        header += ["ratio", f"within {WITHIN:.0%}"]
    lines += [
        "### The pages by archive size, PostgreSQL, page cache off",
        "",
        f"wrk -t{options.threads} -c{options.page_connections} "
        f"-d{options.page_duration}s against gunicorn (newsroom/gunicorn.conf.py), "
        f"the sizes in turns, the median of {options.rounds} rounds; the ratio is "
        "the largest size's rate over the first's.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|",
    ]
    for index, page in enumerate(first["pages"]):
        cells = [page["label"]]
        for run_ in sizes:
            figures = run_["pages"][index]["wrk"]
            marker = " !" if errors_of(figures) else ""
            cells += [f"{figures['rps']:,.0f}{marker}", f"{figures['p50']:.1f}"]
        if len(sizes) > 1:
            ratio = sizes[-1]["pages"][index]["wrk"]["rps"] / page["wrk"]["rps"]
            within = ratio >= 1 - WITHIN
            verdicts.append((f"{page['label']} within {WITHIN:.0%}", within))
            cells += [f"{ratio:.2f}", "yes" if within else "no"]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines += [f"- {verdict}: {'met' if met else 'MISSED'}" for verdict, met in verdicts]
    return "\n".join(lines), all(met for _, met in verdicts)


def main(argv=None):
    options = parse_arguments(argv)
    for tool in ("wrk", "varnishd", "varnishstat", "nginx"):
        if not shutil.which(tool):
            sys.exit(
                f"{tool} is missing: apt-get install wrk varnish varnish-modules "
                "nginx-light"
            )
    about = machine()
    load_before = load_average()
    say(
        f"Machine: {about['cores']} cores, {about['cpu']}; load average "
        f"{load_before}. Sizes {options.sizes}, the day on {options.sizes[0]:,}."
    )
    # SIGTERM ends the run as Ctrl-C does, through every block's cleanup.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    folder = Path(tempfile.mkdtemp(prefix="newsroom-bench-prod-"))
    # nginx's workers, another user when run as root, read the page from here.
    folder.chmod(0o755)
    sizes, prod = [], None
    try:
        with contextlib.ExitStack() as databases:
            archives = []
            for size in options.sizes:
                say(f"== PostgreSQL, {size:,} stories")
                name = f"newsroom_prod_{os.getpid()}_{size}"
                url = databases.enter_context(
                    fresh_database(options.postgres_url, name)
                )
                env = environment(url, page_cache=False)
                env["NEWSROOM_VAR_DIR"] = str(folder / "var")
                env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(64)
                env["GUNICORN_LOG_LEVEL"] = "warning"
                build(env, size, options.seed)
                archives.append((size, env))
            say(
                f"== The pages of every size, in turns, {options.rounds} rounds "
                "(page cache off)"
            )
            sizes = measure_sizes(archives, folder, options)
            size, env = archives[0]
            say(f"== Production, on {size:,} stories")
            with redis_prefix(options.redis_url) as prefix:
                cached = environment(env["DATABASE_URL"], page_cache=True)
                cached.update(
                    {
                        name: env[name]
                        for name in (
                            "NEWSROOM_VAR_DIR",
                            "DJANGO_SECRET_KEY",
                            "GUNICORN_LOG_LEVEL",
                        )
                    },
                    REDIS_URL=options.redis_url,
                    NEWSROOM_CACHE_PREFIX=prefix,
                )
                prod = production(cached, folder, options)
    except Exception:
        # The logs of gunicorn, varnishd and nginx say why; the data is gone already.
        # What was measured before the failure is printed and kept all the same.
        say(f"Failed: the services' logs are kept in {folder}.")
        if sizes:
            say()
            say(report(about, options, sizes, prod, load_before)[0])
            save(about, options, sizes, prod, "prod-partial")
        raise
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    shutil.rmtree(folder, ignore_errors=True)
    text, met = report(about, options, sizes, prod, load_before)
    say()
    say(text)
    save(about, options, sizes, prod, "prod")
    return 0 if met else 1


def save(about, options, sizes, prod, name):
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    saved = WORK_DIR / f"{name}-{stamp}.json"
    saved.write_text(
        json.dumps(
            {"machine": about, "options": vars(options), "sizes": sizes, "prod": prod},
            indent=1,
        )
    )
    say(f"Figures saved in {saved.relative_to(ROOT)}.")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("Interrupted: what the benchmark started is stopped, its data gone.")
